#include "domain/civil_date.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

// The value of an all-digit `text`, or -1 if it holds anything else.
int ParseDigits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string TwoDigits(int value) {
  return value < 10 ? absl::StrCat("0", value) : absl::StrCat(value);
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseIsoDate(std::string_view text) {
  const absl::Status invalid = absl::InvalidArgumentError(
      absl::StrCat("Date invalide « ", AsAbsl(text),
                   " » : attendu une date réelle au format AAAA-MM-JJ (par exemple 2026-03-31)."));
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid;
  const int year = ParseDigits(text.substr(0, 4));
  const int month = ParseDigits(text.substr(5, 2));
  const int day = ParseDigits(text.substr(8, 2));
  if (year < 1900 || month < 1 || day < 1) return invalid;
  // CivilDay normalises out-of-range fields (02-30 -> 03-02); a real date survives unchanged.
  const absl::CivilDay date(year, month, day);
  if (date.month() != month || date.day() != day) return invalid;
  return date;
}

std::string ToIsoDate(absl::CivilDay day) {
  return absl::StrCat(day.year(), "-", TwoDigits(day.month()), "-", TwoDigits(day.day()));
}

std::string ToFrenchDate(absl::CivilDay day) {
  return absl::StrCat(TwoDigits(day.day()), "/", TwoDigits(day.month()), "/", day.year());
}

absl::CivilDay LastDayOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day) + 1) - 1;
}

}  // namespace factflow::invoicing::domain
