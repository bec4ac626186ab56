#include "domain/payment_terms.h"

#include <gtest/gtest.h>

#include <string>

namespace factflow::invoicing::domain {
namespace {

absl::CivilDay Due(int y, int m, int d, PaymentTerms terms) {
  absl::StatusOr<absl::CivilDay> due = DueDate(absl::CivilDay(y, m, d), terms);
  EXPECT_TRUE(due.ok()) << due.status();
  return due.ok() ? *due : absl::CivilDay();
}

constexpr PaymentTerms kNet30{.days = 30, .end_of_month = false};
constexpr PaymentTerms kThirtyEndOfMonth{.days = 30, .end_of_month = true};

TEST(PaymentTermsTest, NetDaysCrossMonthEndsAndLeapDays) {
  // 2024 is a leap year: from Jan 30, day 1 is Jan 31, days 2..30 are Feb 1..29.
  EXPECT_EQ(Due(2024, 1, 30, kNet30), absl::CivilDay(2024, 2, 29));
  // 2025 is not: days 2..29 are Feb 1..28, day 30 is Mar 1.
  EXPECT_EQ(Due(2025, 1, 30, kNet30), absl::CivilDay(2025, 3, 1));
  // Dec 20 + 45: Dec 21..31 = 11 days, Jan = 42, Feb 3 = 45.
  EXPECT_EQ(Due(2025, 12, 20, {.days = 45}), absl::CivilDay(2026, 2, 3));
  EXPECT_EQ(Due(2026, 5, 12, {.days = 0}), absl::CivilDay(2026, 5, 12));
}

TEST(PaymentTermsTest, EndOfMonthGoesToTheLastDayAfterAddingTheDays) {
  // Jan 15 + 30 = Feb 14 -> Feb 28 (2026 is not a leap year).
  EXPECT_EQ(Due(2026, 1, 15, kThirtyEndOfMonth), absl::CivilDay(2026, 2, 28));
  // Jan 31 + 30 in 2024 = Mar 1 -> Mar 31.
  EXPECT_EQ(Due(2024, 1, 31, kThirtyEndOfMonth), absl::CivilDay(2024, 3, 31));
  // Jan 20 + 30 in 2024 = Feb 19 -> Feb 29.
  EXPECT_EQ(Due(2024, 1, 20, kThirtyEndOfMonth), absl::CivilDay(2024, 2, 29));
  // Nov 30 + 60 = Dec 30 (30), Jan 29 (60) -> Jan 31 of the next year.
  EXPECT_EQ(Due(2025, 11, 30, {.days = 60, .end_of_month = true}), absl::CivilDay(2026, 1, 31));
  // "Fin de mois" alone: last day of the issue month; 2100 is not a leap year, 2000 is.
  EXPECT_EQ(Due(2100, 2, 10, {.days = 0, .end_of_month = true}), absl::CivilDay(2100, 2, 28));
  EXPECT_EQ(Due(2000, 2, 10, {.days = 0, .end_of_month = true}), absl::CivilDay(2000, 2, 29));
}

TEST(PaymentTermsTest, WorksOnIsoText) {
  EXPECT_EQ(*DueDate("2024-01-30", kNet30), "2024-02-29");
  EXPECT_EQ(*DueDate("2026-01-15", kThirtyEndOfMonth), "2026-02-28");
  EXPECT_EQ(DueDate("2025-02-29", kNet30).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PaymentTermsTest, RefusesOutOfRangeDays) {
  for (int days : {-1, 366}) {
    SCOPED_TRACE(days);
    EXPECT_EQ(ValidatePaymentTerms({.days = days}).code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(DueDate(absl::CivilDay(2026, 1, 1), {.days = days}).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(ValidatePaymentTerms({.days = 365}).ok());
}

TEST(PaymentTermsTest, FrenchTexts) {
  EXPECT_EQ(PaymentTermsText(kThirtyEndOfMonth), "Paiement à 30 jours fin de mois");
  EXPECT_EQ(PaymentTermsText({.days = 45}), "Paiement à 45 jours");
  EXPECT_EQ(PaymentTermsText({.days = 1}), "Paiement à 1 jour");
  EXPECT_EQ(PaymentTermsText({.days = 0}), "Paiement à réception");
  EXPECT_EQ(PaymentTermsText({.days = 0, .end_of_month = true}), "Paiement fin de mois");
}

}  // namespace
}  // namespace factflow::invoicing::domain
