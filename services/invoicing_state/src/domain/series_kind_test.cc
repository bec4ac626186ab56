#include "domain/series_kind.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

using ::testing::HasSubstr;

TEST(SeriesKind, AnInvoiceSeriesNumbersInvoices) {
  EXPECT_TRUE(CheckSeriesKind("FA", kInvoiceSeriesKind, kInvoiceSeriesKind).ok());
  EXPECT_TRUE(CheckSeriesKind("AV", kCreditNoteSeriesKind, kCreditNoteSeriesKind).ok());
}

TEST(SeriesKind, ACreditNoteSeriesRefusesInvoicesInFrench) {
  absl::Status status = CheckSeriesKind("AV", kCreditNoteSeriesKind, kInvoiceSeriesKind);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("« AV » est une série d'avoirs"));
  EXPECT_THAT(status.message(), HasSubstr("ne peut pas numéroter des factures"));
}

TEST(SeriesKind, AnInvoiceSeriesRefusesCreditNotes) {
  absl::Status status = CheckSeriesKind("FA", kInvoiceSeriesKind, kCreditNoteSeriesKind);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("série de factures"));
}

}  // namespace
}  // namespace factflow::invoicing::domain
