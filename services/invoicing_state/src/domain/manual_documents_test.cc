#include "domain/manual_documents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;
using ::testing::HasSubstr;

Decimal D(const char* text) { return *Decimal::Parse(text); }

TEST(ManualDocumentsTest, PaymentModesHaveTheirUntdidCodes) {
  EXPECT_EQ(Describe(PaymentMode::kCheque).means_code, "20");
  EXPECT_EQ(Describe(PaymentMode::kVirement).means_code, "58");
  EXPECT_TRUE(Describe(PaymentMode::kVirement).needs_iban);
  EXPECT_EQ(Describe(PaymentMode::kPrelevement).means_code, "59");
  EXPECT_TRUE(Describe(PaymentMode::kLcr).bill_of_exchange);
  EXPECT_TRUE(Describe(PaymentMode::kBilletAOrdre).bill_of_exchange);
  EXPECT_FALSE(Describe(PaymentMode::kCarte).bill_of_exchange);
  EXPECT_EQ(Describe(PaymentMode::kEspeces).means_code, "10");
  EXPECT_EQ(Describe(PaymentMode::kPaiementEnLigne).means_code, "68");
}

TEST(ManualDocumentsTest, DiscountIsOneRoundingToFourDecimals) {
  EXPECT_EQ(*DiscountedPrice(D("19.99"), D("15")), D("16.9915"));
  EXPECT_EQ(*DiscountedPrice(D("10"), D("0")), D("10"));
  EXPECT_EQ(*DiscountedPrice(D("10"), D("100")), D("0"));
  EXPECT_EQ(*DiscountedPrice(D("0.0003"), D("50")), D("0.0002"));  // 0.00015 half away from zero
  EXPECT_THAT(DiscountedPrice(D("10"), D("100.01")).status().message(), HasSubstr("remise"));
  EXPECT_FALSE(DiscountedPrice(D("10"), D("-1")).ok());
}

TEST(ManualDocumentsTest, TotalCreditTakesWhatIsLeftOnEveryLine) {
  std::vector<CreditableLine> lines = {{1, D("3"), D("1")}, {2, D("2"), D("2")}, {3, D("1"), D("0")}};
  auto plan = PlanCredit(lines, {}, "FA-1");
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0].line_number, 1);
  EXPECT_EQ((*plan)[0].quantity, D("2"));
  EXPECT_EQ((*plan)[1].line_number, 3);
}

TEST(ManualDocumentsTest, NothingLeftIsRefused) {
  std::vector<CreditableLine> lines = {{1, D("3"), D("3")}};
  auto plan = PlanCredit(lines, {}, "FA-1");
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(plan.status().message(), HasSubstr("entièrement créditée"));
}

TEST(ManualDocumentsTest, PartialCreditIsBoundedPerLine) {
  std::vector<CreditableLine> lines = {{1, D("3"), D("1")}};
  std::vector<CreditedQuantity> ok = {{1, D("2")}};
  EXPECT_TRUE(PlanCredit(lines, ok, "FA-1").ok());
  std::vector<CreditedQuantity> over = {{1, D("2.5")}};
  auto refused = PlanCredit(lines, over, "FA-1");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("ligne 1 : quantité à créditer 2,5 supérieure au reste à créditer 2"));
  std::vector<CreditedQuantity> unknown = {{4, D("1")}};
  EXPECT_THAT(PlanCredit(lines, unknown, "FA-1").status().message(), HasSubstr("pas de ligne 4"));
  std::vector<CreditedQuantity> twice = {{1, D("1")}, {1, D("1")}};
  EXPECT_THAT(PlanCredit(lines, twice, "FA-1").status().message(), HasSubstr("deux fois"));
  std::vector<CreditedQuantity> zero = {{1, D("0")}};
  EXPECT_EQ(PlanCredit(lines, zero, "FA-1").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ManualDocumentsTest, CreditAmountNeverExceedsWhatIsLeft) {
  EXPECT_TRUE(CheckCreditAmount(D("40"), D("100"), D("60"), "FA-1").ok());
  absl::Status over = CheckCreditAmount(D("40.01"), D("100"), D("60"), "FA-1");
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(over.message(), HasSubstr("dépasse le reste à créditer de 40,00"));
}

}  // namespace
}  // namespace factflow::invoicing::domain
