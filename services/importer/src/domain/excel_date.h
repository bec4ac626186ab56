#pragma once

// Dates and times as spreadsheets hold them: Excel serial numbers (1900 and 1904 date systems)
// and the text forms found in French exports.
//
// Thread safety: free functions on values; safe to call concurrently.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace factflow::importer::domain {

// A calendar date and wall-clock time with no time zone (spreadsheets carry none).
struct CivilDateTime {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  bool has_time = false;  // the source carried a time of day (non-zero, or written in the text)

  // "2026-11-23".
  std::string IsoDate() const;
  // "2026-11-23T14:05:00".
  std::string IsoDateTime() const;
  // "23/11/2026", or "23/11/2026 14:05" when has_time (seconds shown only when non-zero).
  std::string French() const;

  friend bool operator==(const CivilDateTime&, const CivilDateTime&) = default;
};

// Converts an Excel serial date-time (days since the epoch, fraction = time of day, rounded to
// the second) to a civil date-time.
// 1900 system (date1904 = false): 1 = 1900-01-01, 61 = 1900-03-01; Excel counts a fictitious
// 1900-02-29 (serial 60), which is refused, as is serial 0 ("1900-01-00", a time alone).
// 1904 system (date1904 = true): 0 = 1904-01-01.
// Errors: InvalidArgument for negative, non-finite, fictitious or post-9999 serials.
absl::StatusOr<CivilDateTime> ExcelSerialToCivil(double serial, bool date1904);

// Parses a date written as text: "jj/mm/aaaa", "jj/mm/aaaa hh:mm[:ss]" (also with '-' or '.'
// between the date parts), or ISO 8601 "aaaa-mm-jj[Thh:mm[:ss[.fff]]][Z]" (a space may replace
// the 'T'). Surrounding spaces are ignored. Returns nullopt when the text is none of these or
// is not a real calendar date (31/02/2026).
std::optional<CivilDateTime> ParseTextDateTime(std::string_view text);

}  // namespace factflow::importer::domain
