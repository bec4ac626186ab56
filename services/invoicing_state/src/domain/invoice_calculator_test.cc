#include "domain/invoice_calculator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;
using ::testing::HasSubstr;

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

// A line at `rate` with the category the rate implies ("E" + franchise reason at 0 %).
DraftLine Line(std::string_view quantity, std::string_view unit_price, std::string_view rate,
               std::string label = "Article") {
  const bool exempt = D(rate).is_zero();
  return DraftLine{.article_code = "ART",
                   .label = std::move(label),
                   .quantity = D(quantity),
                   .unit_price = D(unit_price),
                   .vat_rate = D(rate),
                   .vat_category_code = std::string(exempt ? "E" : "S"),
                   .exemption_reason = std::string(exempt ? kFranchiseEnBaseReason : "")};
}

ComputedInvoice ComputeOk(const std::vector<DraftLine>& lines,
                          PriceBasis basis = PriceBasis::kInclVat) {
  absl::StatusOr<ComputedInvoice> invoice = ComputeInvoice(lines, basis);
  EXPECT_TRUE(invoice.ok()) << invoice.status();
  return invoice.ok() ? *invoice : ComputedInvoice{};
}

TEST(InvoiceCalculatorTest, ThreeItemsAt20PercentKeepWhatTheCustomerPaid) {
  ComputedInvoice invoice = ComputeOk({Line("3", "19.99", "20")});

  // 3 x 19.99 = 59.97 paid; 59.97 / 1.2 = 49.975 -> 49.98; VAT 59.97 - 49.98 = 9.99.
  ASSERT_EQ(invoice.lines.size(), 1u);
  EXPECT_EQ(invoice.lines[0].gross_amount_incl_vat, D("59.97"));
  EXPECT_EQ(invoice.lines[0].net_amount, D("49.98"));
  EXPECT_EQ(invoice.lines[0].unit_net_price, D("16.6583"));  // 19.99 / 1.2 = 16.658333...
  ASSERT_EQ(invoice.vat_breakdown.size(), 1u);
  EXPECT_EQ(invoice.vat_breakdown[0].category_code, "S");
  EXPECT_EQ(invoice.vat_breakdown[0].rate, D("20"));
  EXPECT_EQ(invoice.vat_breakdown[0].basis, D("49.98"));
  EXPECT_EQ(invoice.vat_breakdown[0].vat_amount, D("9.99"));
  EXPECT_EQ(invoice.vat_breakdown[0].exemption_reason, "");
  EXPECT_EQ(invoice.total_net, D("49.98"));
  EXPECT_EQ(invoice.total_vat, D("9.99"));
  EXPECT_EQ(invoice.total_with_vat, D("59.97"));
  EXPECT_EQ(invoice.amount_due, D("59.97"));
}

TEST(InvoiceCalculatorTest, MixedRatesBookHeadphonesAndShipping) {
  ComputedInvoice invoice =
      ComputeOk({Line("2", "12.50", "5.5", "Livre"), Line("1", "79.90", "20", "Casque audio"),
                 Line("1", "4.99", "20", "Frais de port")});

  // Book: 25.00 / 1.055 = 23.6967 -> 23.70. Headphones: 79.90 / 1.2 = 66.5833 -> 66.58.
  // Shipping: 4.99 / 1.2 = 4.1583 -> 4.16.
  ASSERT_EQ(invoice.lines.size(), 3u);
  EXPECT_EQ(invoice.lines[0].net_amount, D("23.70"));
  EXPECT_EQ(invoice.lines[0].unit_net_price, D("11.8483"));  // 12.50 / 1.055 = 11.848341
  EXPECT_EQ(invoice.lines[1].net_amount, D("66.58"));
  EXPECT_EQ(invoice.lines[2].net_amount, D("4.16"));
  EXPECT_EQ(invoice.lines[2].unit_net_price, D("4.1583"));
  // 5.5 %: basis 23.70, VAT 25.00 - 23.70 = 1.30 (and 23.70 x 5.5 % = 1.3035 -> 1.30).
  // 20 %: basis 66.58 + 4.16 = 70.74, VAT 79.90 + 4.99 - 70.74 = 14.15 (70.74 x 20 % = 14.148).
  ASSERT_EQ(invoice.vat_breakdown.size(), 2u);
  EXPECT_EQ(invoice.vat_breakdown[0].rate, D("5.5"));
  EXPECT_EQ(invoice.vat_breakdown[0].basis, D("23.70"));
  EXPECT_EQ(invoice.vat_breakdown[0].vat_amount, D("1.30"));
  EXPECT_EQ(invoice.vat_breakdown[1].rate, D("20"));
  EXPECT_EQ(invoice.vat_breakdown[1].basis, D("70.74"));
  EXPECT_EQ(invoice.vat_breakdown[1].vat_amount, D("14.15"));
  EXPECT_EQ(invoice.total_net, D("94.44"));
  EXPECT_EQ(invoice.total_vat, D("15.45"));
  EXPECT_EQ(invoice.total_with_vat, D("109.89"));  // 25.00 + 79.90 + 4.99
  EXPECT_EQ(invoice.amount_due, D("109.89"));
}

TEST(InvoiceCalculatorTest, EveryFrenchRateOnOneHundredEurosPaid) {
  // rate, 100 / (1 + rate/100) rounded to cents, computed by hand.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.9", "99.11"}, {"1.05", "98.96"}, {"2.1", "97.94"}, {"5.5", "94.79"},
      {"8.5", "92.17"}, {"10", "90.91"},   {"13", "88.50"},  {"20", "83.33"}};
  for (const auto& [rate, net] : cases) {
    SCOPED_TRACE(rate);
    ComputedInvoice invoice = ComputeOk({Line("1", "100", rate)});
    EXPECT_EQ(invoice.total_net, D(net));
    EXPECT_EQ(invoice.total_vat, D("100") - D(net));
    EXPECT_EQ(invoice.total_with_vat, D("100"));
  }
}

TEST(InvoiceCalculatorTest, FranchiseEnBaseLinesCarryNoVatAndTheExemptionReason) {
  ComputedInvoice invoice = ComputeOk({Line("2", "15.00", "0"), Line("1", "4.90", "0")});

  ASSERT_EQ(invoice.vat_breakdown.size(), 1u);
  EXPECT_EQ(invoice.vat_breakdown[0].category_code, "E");
  EXPECT_EQ(invoice.vat_breakdown[0].rate, D("0"));
  EXPECT_EQ(invoice.vat_breakdown[0].basis, D("34.90"));
  EXPECT_EQ(invoice.vat_breakdown[0].vat_amount, D("0"));
  EXPECT_EQ(invoice.vat_breakdown[0].exemption_reason, "TVA non applicable, art. 293 B du CGI");
  EXPECT_EQ(invoice.lines[0].unit_net_price, D("15.00"));
  EXPECT_EQ(invoice.total_with_vat, D("34.90"));
}

TEST(InvoiceCalculatorTest, ZeroTotalInvoiceIsAllowed) {
  ComputedInvoice invoice = ComputeOk({Line("1", "0", "20")});

  EXPECT_EQ(invoice.total_net, D("0"));
  EXPECT_EQ(invoice.total_vat, D("0"));
  EXPECT_EQ(invoice.total_with_vat, D("0"));
  EXPECT_EQ(invoice.amount_due, D("0"));
  ASSERT_EQ(invoice.vat_breakdown.size(), 1u);
}

TEST(InvoiceCalculatorTest, ExclusivePricesComputeVatOnEachGroupBasis) {
  ComputedInvoice invoice =
      ComputeOk({Line("3", "10.1234", "20"), Line("2", "5", "5.5")}, PriceBasis::kExclVat);

  // 3 x 10.1234 = 30.3702 -> 30.37; VAT 30.37 x 20 % = 6.074 -> 6.07.
  // 2 x 5 = 10.00; VAT 10.00 x 5.5 % = 0.55.
  EXPECT_EQ(invoice.price_basis, PriceBasis::kExclVat);
  EXPECT_EQ(invoice.lines[0].unit_net_price, D("10.1234"));
  EXPECT_EQ(invoice.lines[0].net_amount, D("30.37"));
  EXPECT_EQ(invoice.lines[0].gross_amount_incl_vat, D("36.44"));  // indicative: 30.37 + 6.07
  EXPECT_EQ(invoice.lines[1].net_amount, D("10.00"));
  ASSERT_EQ(invoice.vat_breakdown.size(), 2u);
  EXPECT_EQ(invoice.vat_breakdown[0].vat_amount, D("0.55"));
  EXPECT_EQ(invoice.vat_breakdown[1].vat_amount, D("6.07"));
  EXPECT_EQ(invoice.total_net, D("40.37"));
  EXPECT_EQ(invoice.total_vat, D("6.62"));
  EXPECT_EQ(invoice.total_with_vat, D("46.99"));
  EXPECT_EQ(invoice.amount_due, D("46.99"));
}

TEST(InvoiceCalculatorTest, ProductsAreRoundedOnceToTheCent) {
  // 1.5 x 2.3633 = 3.54495: once rounded 3.54; rounding to 4 digits first would give 3.55.
  ComputedInvoice incl = ComputeOk({Line("1.5", "2.3633", "5.5")});
  EXPECT_EQ(incl.lines[0].gross_amount_incl_vat, D("3.54"));
  EXPECT_EQ(incl.total_with_vat, D("3.54"));

  ComputedInvoice excl = ComputeOk({Line("1.5", "2.3633", "5.5")}, PriceBasis::kExclVat);
  EXPECT_EQ(excl.lines[0].net_amount, D("3.54"));
}

TEST(InvoiceCalculatorTest, ExpectedVatRoundsTheExactProductOnce) {
  EXPECT_EQ(ExpectedVat(D("70.74"), D("20")), D("14.15"));  // 14.148
  EXPECT_EQ(ExpectedVat(D("0.10"), D("5.5")), D("0.01"));   // 0.0055 -> 0.01
  EXPECT_EQ(ExpectedVat(D("0.09"), D("5.5")), D("0"));      // 0.00495 -> 0.00, not 0.0050
  EXPECT_EQ(ExpectedVat(D("88.50"), D("13")), D("11.51"));  // 11.505
}

// Integer reference model of the VAT-inclusive rule, independent of Decimal: amounts in cents,
// quantities in thousandths, rates in hundredths of a percent; all values are non-negative, so
// rounding half away from zero is rounding half up.
int64_t DivideHalfUp(int64_t numerator, int64_t denominator) {
  return (2 * numerator + denominator) / (2 * denominator);
}

struct RandomLine {
  int64_t quantity_thousandths;
  int64_t price_cents;
  int64_t rate_hundredths;
};

Decimal FromHundredths(int64_t hundredths) { return Decimal::FromCents(hundredths); }

TEST(InvoiceCalculatorTest, ThousandRandomLinesKeepEveryEn16931Invariant) {
  const std::vector<int64_t> rates = {0, 90, 105, 210, 550, 850, 1000, 1300, 2000};
  std::mt19937_64 random(20260131);
  std::uniform_int_distribution<int64_t> quantity(1, 10000);  // 0.001 .. 10.000
  std::uniform_int_distribution<int64_t> price(0, 50000);     // 0.00 .. 500.00
  std::uniform_int_distribution<size_t> rate_index(0, rates.size() - 1);
  std::vector<RandomLine> model;
  std::vector<DraftLine> drafts;
  for (int i = 0; i < 1000; ++i) {
    RandomLine line{quantity(random), price(random), rates[rate_index(random)]};
    model.push_back(line);
    DraftLine draft = Line("1", "0", "0");
    draft.quantity = Decimal::FromRaw(line.quantity_thousandths * 10);
    draft.unit_price = Decimal::FromCents(line.price_cents);
    draft.vat_rate = FromHundredths(line.rate_hundredths);
    draft.vat_category_code = line.rate_hundredths == 0 ? "E" : "S";
    draft.exemption_reason = line.rate_hundredths == 0 ? kFranchiseEnBaseReason : "";
    drafts.push_back(draft);
  }

  ComputedInvoice invoice = ComputeOk(drafts);

  ASSERT_EQ(invoice.lines.size(), model.size());
  int64_t total_gross = 0;
  std::map<int64_t, std::pair<int64_t, int64_t>> net_and_gross_by_rate;
  for (size_t i = 0; i < model.size(); ++i) {
    const RandomLine& line = model[i];
    const int64_t gross = DivideHalfUp(line.quantity_thousandths * line.price_cents, 1000);
    const int64_t net = DivideHalfUp(gross * 10000, 10000 + line.rate_hundredths);
    ASSERT_EQ(invoice.lines[i].gross_amount_incl_vat, Decimal::FromCents(gross)) << "line " << i;
    ASSERT_EQ(invoice.lines[i].net_amount, Decimal::FromCents(net)) << "line " << i;
    total_gross += gross;
    net_and_gross_by_rate[line.rate_hundredths].first += net;
    net_and_gross_by_rate[line.rate_hundredths].second += gross;
  }
  // What the customers paid, to the cent.
  EXPECT_EQ(invoice.total_with_vat, Decimal::FromCents(total_gross));
  EXPECT_EQ(invoice.amount_due, invoice.total_with_vat);

  Decimal sum_of_line_nets;
  for (const ComputedLine& line : invoice.lines) sum_of_line_nets += line.net_amount;
  EXPECT_EQ(invoice.total_net, sum_of_line_nets);  // BR-CO-10 / BR-CO-13

  ASSERT_EQ(invoice.vat_breakdown.size(), net_and_gross_by_rate.size());
  Decimal sum_of_group_vat;
  for (const VatGroup& group : invoice.vat_breakdown) {
    const int64_t rate = group.rate.raw() / 100;  // hundredths of a percent
    SCOPED_TRACE(rate);
    const auto [net, gross] = net_and_gross_by_rate.at(rate);
    EXPECT_EQ(group.basis, Decimal::FromCents(net));  // BR-S-08 / BR-E-08
    EXPECT_EQ(group.vat_amount, Decimal::FromCents(gross - net));
    // BR-CO-17 / BR-S-09: within one euro (strictly) of round2(basis x rate / 100).
    const int64_t expected_vat = DivideHalfUp(net * rate, 10000);
    EXPECT_LT(std::llabs(gross - net - expected_vat), 100);
    if (rate == 0) {
      EXPECT_EQ(group.vat_amount, Decimal());  // BR-E-09
    }
    sum_of_group_vat += group.vat_amount;
  }
  EXPECT_EQ(invoice.total_vat, sum_of_group_vat);                            // BR-CO-14
  EXPECT_EQ(invoice.total_with_vat, invoice.total_net + invoice.total_vat);  // BR-CO-15
}

TEST(InvoiceCalculatorTest, RandomExclusiveInvoicesTakeVatFromTheGroupBasis) {
  const std::vector<std::string> rates = {"2.1", "5.5", "10", "20"};
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> quantity(1, 5000);
  std::uniform_int_distribution<int64_t> price_raw(0, 2'000'000);  // 0 .. 200.0000
  std::uniform_int_distribution<size_t> rate_index(0, rates.size() - 1);
  for (int invoice_number = 0; invoice_number < 100; ++invoice_number) {
    std::vector<DraftLine> drafts;
    for (int i = 0; i < 10; ++i) {
      DraftLine draft = Line("1", "0", rates[rate_index(random)]);
      draft.quantity = FromHundredths(quantity(random));
      draft.unit_price = Decimal::FromRaw(price_raw(random));
      drafts.push_back(draft);
    }
    ComputedInvoice invoice = ComputeOk(drafts, PriceBasis::kExclVat);
    Decimal nets;
    for (const ComputedLine& line : invoice.lines) nets += line.net_amount;
    EXPECT_EQ(invoice.total_net, nets);
    Decimal vat;
    for (const VatGroup& group : invoice.vat_breakdown) {
      // round2(basis x rate / 100) in integer cents: basis cents x rate hundredths / 10000.
      const int64_t expected =
          DivideHalfUp(group.basis.raw() / 100 * (group.rate.raw() / 100), 10000);
      EXPECT_EQ(group.vat_amount, Decimal::FromCents(expected));
      vat += group.vat_amount;
    }
    EXPECT_EQ(invoice.total_vat, vat);
    EXPECT_EQ(invoice.total_with_vat, invoice.total_net + invoice.total_vat);
  }
}

TEST(InvoiceCalculatorTest, RefusesAGroupWhoseRoundingDriftReachesOneEuro) {
  // 1 x 0.03 paid at 20 %: net 0.03 / 1.2 = 0.025 -> 0.03, VAT 0.00; each line drifts 0.006.
  // 165 lines: basis 4.95, expected VAT 4.95 x 20 % = 0.99, actual 0.00: gap 0.99, accepted.
  // 166 lines: basis 4.98, expected 0.996 -> 1.00, actual 0.00: gap 1.00, refused (the UBL
  // BR-CO-17 and BR-S-09 asserts are strict).
  std::vector<DraftLine> lines(165, Line("1", "0.03", "20"));
  ComputedInvoice accepted = ComputeOk(lines);
  EXPECT_EQ(accepted.vat_breakdown[0].basis, D("4.95"));
  EXPECT_EQ(accepted.total_vat, D("0"));
  EXPECT_EQ(accepted.total_with_vat, D("4.95"));

  lines.push_back(Line("1", "0.03", "20"));
  absl::StatusOr<ComputedInvoice> refused = ComputeInvoice(lines);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("BR-CO-17"));
  EXPECT_THAT(refused.status().message(), HasSubstr("TVA à 20 %"));
  EXPECT_THAT(refused.status().message(), HasSubstr("regroupez les lignes identiques"));

  // The advised fix: one line of 166 units. 4.98 / 1.2 = 4.15, VAT 0.83 (= 4.15 x 20 %).
  ComputedInvoice merged = ComputeOk({Line("166", "0.03", "20")});
  EXPECT_EQ(merged.total_net, D("4.15"));
  EXPECT_EQ(merged.total_vat, D("0.83"));
  EXPECT_EQ(merged.total_with_vat, D("4.98"));
}

struct InvalidLineCase {
  std::string name;
  DraftLine line;
  std::string expected_field;  // "Ligne 2, <field> :"
};

std::vector<InvalidLineCase> InvalidLineCases() {
  auto with = [](auto change) {
    DraftLine line = Line("1", "10", "20");
    change(line);
    return line;
  };
  return {
      {"zero quantity", with([](DraftLine& l) { l.quantity = D("0"); }), "quantité"},
      {"negative quantity", with([](DraftLine& l) { l.quantity = D("-2"); }), "quantité"},
      {"negative price", with([](DraftLine& l) { l.unit_price = D("-0.01"); }), "prix unitaire"},
      {"rate 7", with([](DraftLine& l) { l.vat_rate = D("7"); }), "taux de TVA"},
      {"old rate 19.6", with([](DraftLine& l) { l.vat_rate = D("19.6"); }), "taux de TVA"},
      {"rate 0 without reason", with([](DraftLine& l) {
         l.vat_rate = D("0");
         l.vat_category_code = "E";
       }),
       "motif d'exonération"},
      {"rate 0 in category S without reason", with([](DraftLine& l) { l.vat_rate = D("0"); }),
       "motif d'exonération"},
      {"rate 0 in category S with reason", with([](DraftLine& l) {
         l.vat_rate = D("0");
         l.exemption_reason = std::string(kFranchiseEnBaseReason);
       }),
       "catégorie de TVA"},
      {"category E at 20 %", with([](DraftLine& l) {
         l.vat_category_code = "E";
         l.exemption_reason = std::string(kFranchiseEnBaseReason);
       }),
       "taux de TVA"},
      {"unsupported category", with([](DraftLine& l) { l.vat_category_code = "X"; }),
       "catégorie de TVA"},
      {"empty category", with([](DraftLine& l) { l.vat_category_code = ""; }), "catégorie de TVA"},
      {"blank label", with([](DraftLine& l) { l.label = "  "; }), "libellé"},
  };
}

TEST(InvoiceCalculatorTest, RefusesEachInvalidLineNamingLineAndField) {
  for (const InvalidLineCase& c : InvalidLineCases()) {
    SCOPED_TRACE(c.name);
    for (PriceBasis basis : {PriceBasis::kInclVat, PriceBasis::kExclVat}) {
      absl::StatusOr<ComputedInvoice> invoice =
          ComputeInvoice(std::vector<DraftLine>{Line("1", "10", "20"), c.line}, basis);
      EXPECT_EQ(invoice.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(invoice.status().message(), HasSubstr("Ligne 2, " + c.expected_field + " :"));
    }
  }
}

TEST(InvoiceCalculatorTest, InvalidRateMessageListsTheAcceptedRates) {
  DraftLine line = Line("1", "10", "20");
  line.vat_rate = D("7");
  absl::StatusOr<ComputedInvoice> invoice = ComputeInvoice(std::vector<DraftLine>{line});
  EXPECT_EQ(invoice.status().message(),
            "Ligne 1, taux de TVA : 7 % n'est pas un taux de TVA français. Taux acceptés : 20, "
            "10, 5,5, 2,1 ou 0 % ; Corse : 13 et 0,9 % ; DOM : 8,5 et 1,05 %.");
}

TEST(InvoiceCalculatorTest, RefusesAnInvoiceWithoutLines) {
  absl::StatusOr<ComputedInvoice> invoice = ComputeInvoice({});
  EXPECT_EQ(invoice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(invoice.status().message(), HasSubstr("aucune ligne"));
}

TEST(InvoiceCalculatorTest, RefusesTwoExemptionReasonsOnOneInvoice) {
  DraftLine other = Line("1", "5", "0");
  other.exemption_reason = "Exonération art. 261 du CGI";
  absl::StatusOr<ComputedInvoice> invoice =
      ComputeInvoice(std::vector<DraftLine>{Line("1", "5", "0"), other});
  EXPECT_EQ(invoice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(invoice.status().message(), HasSubstr("Ligne 2, motif d'exonération :"));
  EXPECT_THAT(invoice.status().message(), HasSubstr("ligne 1"));
}

TEST(InvoiceCalculatorTest, ReportsAmountsBeyondTheDecimalRangeAsInvalid) {
  absl::StatusOr<ComputedInvoice> invoice =
      ComputeInvoice(std::vector<DraftLine>{Line("900000000", "900000000", "20")});
  EXPECT_EQ(invoice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(invoice.status().message(), HasSubstr("Montants trop élevés"));
}

TEST(InvoiceCalculatorTest, AcceptsExactlyTheFrenchRates) {
  for (std::string_view rate : {"0", "0.9", "1.05", "2.1", "5.5", "8.5", "10", "13", "20"}) {
    EXPECT_TRUE(IsFrenchVatRate(D(rate))) << rate;
  }
  for (std::string_view rate : {"1", "7", "19.6", "21", "-20", "0.5"}) {
    EXPECT_FALSE(IsFrenchVatRate(D(rate))) << rate;
  }
}

}  // namespace
}  // namespace factflow::invoicing::domain
