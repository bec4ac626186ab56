#include "domain/civil_date.h"

#include <gtest/gtest.h>

#include <string>

namespace factflow::invoicing::domain {
namespace {

TEST(CivilDateTest, ParsesRealIsoDates) {
  EXPECT_EQ(*ParseIsoDate("2026-03-31"), absl::CivilDay(2026, 3, 31));
  EXPECT_EQ(*ParseIsoDate("2024-02-29"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(*ParseIsoDate("2000-02-29"), absl::CivilDay(2000, 2, 29));
}

TEST(CivilDateTest, RefusesMalformedOrImpossibleDates) {
  for (const char* text : {"2025-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                           "2026-01-00", "2026-1-05", "26-01-05", "2026/01/05", "05/01/2026",
                           "2026-01-05T10:00", "", "abcd-ef-gh", "1899-12-31"}) {
    SCOPED_TRACE(text);
    absl::StatusOr<absl::CivilDay> day = ParseIsoDate(text);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(ParseIsoDate("2025-02-29").status().message(),
            "Date invalide « 2025-02-29 » : attendu une date réelle au format AAAA-MM-JJ (par "
            "exemple 2026-03-31).");
}

TEST(CivilDateTest, FormatsIsoAndFrench) {
  EXPECT_EQ(ToIsoDate(absl::CivilDay(2026, 2, 3)), "2026-02-03");
  EXPECT_EQ(ToFrenchDate(absl::CivilDay(2015, 2, 2)), "02/02/2015");
  EXPECT_EQ(ToFrenchDate(absl::CivilDay(2026, 12, 31)), "31/12/2026");
}

TEST(CivilDateTest, LastDayOfEveryMonth) {
  const int days_2023[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    EXPECT_EQ(LastDayOfMonth(absl::CivilDay(2023, month, 15)),
              absl::CivilDay(2023, month, days_2023[month - 1]));
  }
  EXPECT_EQ(LastDayOfMonth(absl::CivilDay(2024, 2, 1)), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(LastDayOfMonth(absl::CivilDay(2100, 2, 1)), absl::CivilDay(2100, 2, 28));
  EXPECT_EQ(LastDayOfMonth(absl::CivilDay(2000, 2, 29)), absl::CivilDay(2000, 2, 29));
  EXPECT_EQ(LastDayOfMonth(absl::CivilDay(2025, 12, 31)), absl::CivilDay(2025, 12, 31));
}

}  // namespace
}  // namespace factflow::invoicing::domain
