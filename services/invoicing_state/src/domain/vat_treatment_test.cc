#include "domain/vat_treatment.h"

#include <gtest/gtest.h>

#include <vector>

#include "domain/invoice_calculator.h"

namespace factflow::invoicing::domain {
namespace {

TEST(VatTreatmentTest, EachCategoryWithItsExemptionReason) {
  VatSituation france;
  EXPECT_EQ(DecideVatTreatment(france).category, "S");
  EXPECT_TRUE(DecideVatTreatment(france).article_rate);

  VatSituation franchise{.seller_franchise_293b = true, .destination_country = "CH"};
  VatTreatment e = DecideVatTreatment(franchise);
  EXPECT_EQ(e.category, "E");
  EXPECT_EQ(e.exemption_reason, "TVA non applicable, art. 293 B du CGI");
  EXPECT_FALSE(e.article_rate);

  VatTreatment g = DecideVatTreatment({.destination_country = "CH"});
  EXPECT_EQ(g.category, "G");
  EXPECT_EQ(g.exemption_reason, "Exonération de TVA, art. 262 I du CGI");
  EXPECT_EQ(g.exemption_reason_code, "VATEX-EU-G");

  // A Brussels consumer pays French VAT (no OSS yet); a Brussels company with its VAT number
  // gets the intra-EU exemption.
  EXPECT_EQ(DecideVatTreatment({.destination_country = "BE"}).category, "S");
  VatTreatment k = DecideVatTreatment(
      {.destination_country = "BE", .buyer_is_business = true, .buyer_vat_number = "BE0123"});
  EXPECT_EQ(k.category, "K");
  EXPECT_EQ(k.exemption_reason_code, "VATEX-EU-IC");
  EXPECT_EQ(DecideVatTreatment({.destination_country = "BE", .buyer_is_business = true}).category,
            "S");

  EXPECT_EQ(DecideVatTreatment({.reverse_charge = true}).category, "AE");
  EXPECT_EQ(DecideVatTreatment({.outside_scope = true}).category, "O");
  EXPECT_EQ(DecideVatTreatment({.destination_country = "MC"}).category, "S");
}

money::Decimal D(const char* text) { return *money::Decimal::Parse(text); }

// Lines of an order priced VAT included, under `treatment` (rate 20 % / 5.5 % when S applies).
std::vector<DraftLine> Order(const VatTreatment& treatment) {
  std::vector<DraftLine> lines = {
      {"BOOK", "Roman", D("2"), D("12.66"), D("5.5"), "S", ""},
      {"GAME", "Jeu de société", D("1"), D("36.00"), D("20"), "S", ""},
      {"PORT", "Frais de port", D("1"), D("4.99"), D("20"), "S", ""},
  };
  for (DraftLine& line : lines) {
    if (treatment.article_rate) continue;
    line.vat_rate = money::Decimal();
    line.vat_category_code = treatment.category;
    line.exemption_reason = treatment.exemption_reason;
    line.exemption_reason_code = treatment.exemption_reason_code;
  }
  return lines;
}

TEST(VatTreatmentTest, ExportToGenevaIsExemptWithItsReasonAndNoVat) {
  VatTreatment g = DecideVatTreatment({.destination_country = "CH"});
  absl::StatusOr<ComputedInvoice> invoice = ComputeInvoice(Order(g));
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  // What the buyer pays is the price, with no French VAT in it: 25.32 + 36.00 + 4.99.
  EXPECT_EQ(invoice->total_net, D("66.31"));
  EXPECT_EQ(invoice->total_vat, D("0"));
  EXPECT_EQ(invoice->total_with_vat, D("66.31"));
  ASSERT_EQ(invoice->vat_breakdown.size(), 1u);
  EXPECT_EQ(invoice->vat_breakdown[0].category_code, "G");
  EXPECT_EQ(invoice->vat_breakdown[0].basis, D("66.31"));
  EXPECT_EQ(invoice->vat_breakdown[0].exemption_reason, "Exonération de TVA, art. 262 I du CGI");
  EXPECT_EQ(invoice->vat_breakdown[0].exemption_reason_code, "VATEX-EU-G");
}

TEST(VatTreatmentTest, IntraEuSupplyAndReverseChargeAndOutOfScope) {
  for (const VatSituation& situation :
       {VatSituation{.destination_country = "DE", .buyer_is_business = true,
                     .buyer_vat_number = "DE123456789"},
        VatSituation{.reverse_charge = true}, VatSituation{.outside_scope = true},
        VatSituation{.seller_franchise_293b = true}}) {
    VatTreatment treatment = DecideVatTreatment(situation);
    absl::StatusOr<ComputedInvoice> invoice = ComputeInvoice(Order(treatment));
    ASSERT_TRUE(invoice.ok()) << treatment.category << ": " << invoice.status();
    EXPECT_EQ(invoice->total_vat, D("0")) << treatment.category;
    ASSERT_EQ(invoice->vat_breakdown.size(), 1u);
    EXPECT_EQ(invoice->vat_breakdown[0].category_code, treatment.category);
    EXPECT_EQ(invoice->vat_breakdown[0].exemption_reason, treatment.exemption_reason);
    EXPECT_FALSE(treatment.exemption_reason.empty());
  }
}

TEST(VatTreatmentTest, FrenchSaleKeepsTheArticleRates) {
  absl::StatusOr<ComputedInvoice> invoice = ComputeInvoice(Order(DecideVatTreatment({})));
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  ASSERT_EQ(invoice->vat_breakdown.size(), 2u);
  // 5.5 %: 25.32 TTC -> 24.00 HT, VAT 1.32. 20 %: 40.99 TTC -> 30.00 + 4.16 HT, VAT 6.83.
  EXPECT_EQ(invoice->vat_breakdown[0].rate, D("5.5"));
  EXPECT_EQ(invoice->vat_breakdown[0].basis, D("24.00"));
  EXPECT_EQ(invoice->vat_breakdown[0].vat_amount, D("1.32"));
  EXPECT_EQ(invoice->vat_breakdown[1].basis, D("34.16"));
  EXPECT_EQ(invoice->vat_breakdown[1].vat_amount, D("6.83"));
  EXPECT_TRUE(invoice->vat_breakdown[0].exemption_reason.empty());
}

}  // namespace
}  // namespace factflow::invoicing::domain
