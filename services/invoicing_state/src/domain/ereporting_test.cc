#include "domain/ereporting.h"

#include <gtest/gtest.h>

#include <string>

#include "domain/reform_mentions.h"
#include "domain/vat_treatment.h"

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;

Decimal D(const char* text) { return *Decimal::Parse(text); }

EReportingDocument Consumer(const std::string& date, const char* basis55, const char* basis20) {
  EReportingDocument doc;
  doc.issue_date = date;
  doc.buyer_country = "FR";
  doc.operation_category = "B2";
  doc.paid = true;
  Decimal b55 = D(basis55);
  Decimal b20 = D(basis20);
  doc.groups = {{"S", D("5.5"), b55, (b55 * D("0.055")).Rounded(2)},
                {"S", D("20"), b20, (b20 * D("0.2")).Rounded(2)}};
  return doc;
}

TEST(EReportingTest, FrenchBusinessesAreEInvoicedNotReported) {
  EReportingDocument b2b = Consumer("2026-11-02", "10", "10");
  b2b.business_buyer = true;
  EXPECT_FALSE(IsEReported(b2b));
  b2b.buyer_country = "DE";  // B2B international: reported.
  EXPECT_TRUE(IsEReported(b2b));
  EXPECT_TRUE(IsEReported(Consumer("2026-11-02", "10", "10")));
}

TEST(EReportingTest, DailyTotalsPerRateReconcileToTheCentOnAMonthOfSales) {
  EReportingAggregator aggregator;
  Decimal expected_basis;
  Decimal expected_vat;
  int64_t documents = 0;
  // 30 days x 1 000 consumer invoices, each with a book share and a 20 % share of varying
  // cents, a credit note every 97th, a French business every 50th (left out).
  for (int day = 1; day <= 30; ++day) {
    std::string date = "2026-11-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    for (int i = 0; i < 1000; ++i) {
      EReportingDocument doc = Consumer(date, "0", "0");
      Decimal b55 = Decimal::FromCents(500 + (day * 37 + i * 13) % 4000);
      Decimal b20 = Decimal::FromCents(100 + (day * 11 + i * 7) % 9000);
      doc.groups = {{"S", D("5.5"), b55, (b55 * D("0.055")).Rounded(2)},
                    {"S", D("20"), b20, (b20 * D("0.2")).Rounded(2)}};
      doc.credit_note = i % 97 == 0;
      doc.business_buyer = i % 50 == 1;
      aggregator.Add(doc);
      if (doc.business_buyer) continue;
      ++documents;
      for (const EReportingVatGroup& g : doc.groups) {
        expected_basis += doc.credit_note ? -g.basis : g.basis;
        expected_vat += doc.credit_note ? -g.vat : g.vat;
      }
    }
  }
  EXPECT_EQ(aggregator.reported_documents(), documents);
  EXPECT_EQ(aggregator.excluded_documents(), 30 * 20);
  EXPECT_EQ(aggregator.total_basis(), expected_basis);
  EXPECT_EQ(aggregator.total_vat(), expected_vat);
  // Bounded by days x (category, rate), not by the 30 000 invoices.
  std::vector<EReportingTotal> totals = aggregator.Totals();
  ASSERT_EQ(totals.size(), 60u);
  Decimal basis;
  Decimal vat;
  for (const EReportingTotal& total : totals) {
    EXPECT_EQ(total.transaction_category, "TLB1");
    EXPECT_EQ(total.operations, 980);
    basis += total.basis;
    vat += total.vat;
  }
  EXPECT_EQ(basis, expected_basis);
  EXPECT_EQ(vat, expected_vat);
  EXPECT_EQ(totals.front().date, "2026-11-01");
  EXPECT_EQ(totals.front().rate, D("5.5"));
  EXPECT_TRUE(aggregator.Payments().empty());  // Goods: no payment data.
}

TEST(EReportingTest, ServicesReportTheirPaymentsAndExemptSalesAreNotTaxable) {
  EReportingAggregator aggregator;
  EReportingDocument service = Consumer("2026-11-03", "100", "200");
  service.operation_category = "S2";
  aggregator.Add(service);
  EReportingDocument unpaid = service;
  unpaid.paid = false;
  aggregator.Add(unpaid);
  EReportingDocument export_sale;
  export_sale.issue_date = "2026-11-03";
  export_sale.buyer_country = "CH";
  export_sale.operation_category = "B2";
  export_sale.groups = {{"G", Decimal(), D("83.19"), Decimal()}};
  aggregator.Add(export_sale);

  std::vector<EReportingTotal> totals = aggregator.Totals();
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals[0].transaction_category, "TNT1");
  EXPECT_EQ(totals[0].basis, D("83.19"));
  EXPECT_EQ(totals[1].transaction_category, "TPS1");
  EXPECT_EQ(totals[1].operations, 2);
  std::vector<EReportingPayment> payments = aggregator.Payments();
  ASSERT_EQ(payments.size(), 2u);
  EXPECT_EQ(payments[0].rate, D("5.5"));
  EXPECT_EQ(payments[0].amount, D("105.50"));  // Only the paid one.
  EXPECT_EQ(payments[1].amount, D("240.00"));
}

TEST(ReformMentionsTest, OperationCategoryAndDirectoryAddress) {
  EXPECT_EQ(OperationFramework("", false), "B1");
  EXPECT_EQ(OperationFramework("SERVICES", true), "S2");
  EXPECT_EQ(OperationFramework("MIXTE", false), "M1");
  EXPECT_EQ(OperationCategoryText("MIXTE"),
            "Catégorie de l'opération : livraison de biens et prestation de services");
  EXPECT_EQ(DirectoryAddress("", "21690123100011"), "216901231");
  EXPECT_EQ(DirectoryAddress("", ""), "");
}

TEST(VatTreatmentOssTest, EuConsumerAboveTheThresholdGetsTheDestinationRates) {
  VatTreatment above = DecideVatTreatment(
      {.destination_country = "BE", .buyer_is_business = false, .oss_above_threshold = true});
  EXPECT_EQ(above.category, "S");
  EXPECT_EQ(above.oss_country, "BE");
  VatTreatment below = DecideVatTreatment({.destination_country = "BE"});
  EXPECT_TRUE(below.oss_country.empty());
  VatTreatment business = DecideVatTreatment({.destination_country = "BE",
                                              .buyer_is_business = true,
                                              .buyer_vat_number = "BE0123456749",
                                              .oss_above_threshold = true});
  EXPECT_EQ(business.category, "K");
  VatTreatment french = DecideVatTreatment({.destination_country = "FR", .oss_above_threshold = true});
  EXPECT_TRUE(french.oss_country.empty());
}

}  // namespace
}  // namespace factflow::invoicing::domain
