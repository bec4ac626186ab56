#include "domain/batch_cancel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

money::Decimal Euros(int64_t cents) { return money::Decimal::FromCents(cents); }

TEST(BatchCancelRefusal, NamesEachBlockerWithItsRuleAndTheCreditNotesToMake) {
  CancelRefusal refusal;
  refusal.batch_number = 7;
  refusal.blockers = {{CancelBlock::kLaterNumber, "FA2026-000013", "lot n° 8"},
                      {CancelBlock::kLaterCreditNote, "AV2026-000001", ""},
                      {CancelBlock::kLeftPending, "FA2026-000010", "Envoyée"}};
  refusal.blocker_count = 3;
  refusal.proposals = {{"FA2026-000010", Euros(1250)}, {"FA2026-000011", Euros(99)}};
  refusal.invoice_count = 2;
  refusal.invoices_total = Euros(1349);

  const std::string text = RefusalMessage(refusal);
  EXPECT_THAT(text, HasSubstr("lot n° 7"));
  EXPECT_THAT(text, HasSubstr("3 documents bloquent"));
  EXPECT_THAT(text, HasSubstr("FA2026-000013 : " + RuleLabel(CancelBlock::kLaterNumber) +
                              " (lot n° 8)"));
  EXPECT_THAT(text, HasSubstr("AV2026-000001 : " + RuleLabel(CancelBlock::kLaterCreditNote)));
  EXPECT_THAT(text, HasSubstr("FA2026-000010 : " + RuleLabel(CancelBlock::kLeftPending)));
  EXPECT_THAT(text, HasSubstr("avoir de 12,50\u00a0€ sur la facture FA2026-000010"));
  EXPECT_THAT(text, HasSubstr("avoir de 0,99\u00a0€ sur la facture FA2026-000011"));
  EXPECT_THAT(text, HasSubstr("total 13,49\u00a0€"));
  EXPECT_THAT(text, Not(HasSubstr("de plus")));
}

TEST(BatchCancelRefusal, SaysHowManyWereLeftOutOfTheLists) {
  CancelRefusal refusal;
  refusal.batch_number = 2;
  for (int i = 0; i < kMaxListed; ++i) {
    refusal.blockers.push_back({CancelBlock::kArchived, "FA-" + std::to_string(i), ""});
    refusal.proposals.push_back({"FA-" + std::to_string(i), Euros(100)});
  }
  refusal.blocker_count = 500;
  refusal.invoice_count = 501;
  refusal.invoices_total = Euros(50100);

  const std::string text = RefusalMessage(refusal);
  EXPECT_THAT(text, HasSubstr("500 documents bloquent"));
  EXPECT_THAT(text, HasSubstr("… et 480 documents de plus"));
  EXPECT_THAT(text, HasSubstr("… et 481 avoirs de plus"));
  EXPECT_THAT(text, HasSubstr("Pour annuler les 501 factures"));
}

TEST(BatchCancelRefusal, OneBlockerIsSingular) {
  CancelRefusal refusal;
  refusal.batch_number = 1;
  refusal.blockers = {{CancelBlock::kPrinted, "FA-1", "le 01/12/2026 10:00 par marie"}};
  refusal.blocker_count = 1;
  refusal.proposals = {{"FA-1", Euros(500)}};
  refusal.invoice_count = 1;
  refusal.invoices_total = Euros(500);
  const std::string text = RefusalMessage(refusal);
  EXPECT_THAT(text, HasSubstr("1 document bloque"));
  EXPECT_THAT(text, HasSubstr("(le 01/12/2026 10:00 par marie)"));
  EXPECT_THAT(text, HasSubstr("Pour annuler la facture de ce lot"));
}

}  // namespace
}  // namespace factflow::invoicing::domain
