#pragma once

// Calendar dates of invoices (issue, due, delivery dates) as absl::CivilDay: proleptic
// Gregorian calendar, correct month lengths and leap years, no time zone.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace factflow::invoicing::domain {

// Parses "YYYY-MM-DD" strictly (4-digit year 1900..9999, 2-digit month and day, a real date:
// "2025-02-29" is refused). Errors: InvalidArgument (French) quoting the text.
absl::StatusOr<absl::CivilDay> ParseIsoDate(std::string_view text);

// "2026-02-28": the form of the database, the APIs and EN 16931 XML (after removing dashes).
std::string ToIsoDate(absl::CivilDay day);

// "28/02/2026": the form French invoices, e-mails and screens show.
std::string ToFrenchDate(absl::CivilDay day);

// The last day of the month of `day` (2024-02-10 -> 2024-02-29).
absl::CivilDay LastDayOfMonth(absl::CivilDay day);

}  // namespace factflow::invoicing::domain
