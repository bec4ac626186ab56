#include "domain/excel_date.h"

#include <chrono>
#include <cmath>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr int64_t kSecondsPerDay = 86'400;
// Excel's own upper bound: 9999-12-31 is serial 2958465 in the 1900 system.
constexpr double kMaxSerial = 2'958'466.0;

bool IsRealDate(int y, int m, int d) {
  return year_month_day(year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d)))
      .ok();
}

CivilDateTime FromDays(sys_days date, int64_t seconds_of_day) {
  year_month_day ymd(date);
  CivilDateTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.hour = static_cast<int>(seconds_of_day / 3600);
  out.minute = static_cast<int>(seconds_of_day / 60 % 60);
  out.second = static_cast<int>(seconds_of_day % 60);
  out.has_time = seconds_of_day != 0;
  return out;
}

absl::Status NotADate(double serial) {
  return absl::InvalidArgumentError(
      absl::StrFormat("le nombre %g n'est pas une date Excel valide", serial));
}

// Reads fixed-width runs of digits and literal separators from a date text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }

  // Reads between min_digits and max_digits decimal digits.
  std::optional<int> Number(int min_digits, int max_digits) {
    int value = 0;
    int count = 0;
    while (count < max_digits && pos_ < text_.size() && absl::ascii_isdigit(text_[pos_])) {
      value = value * 10 + (text_[pos_++] - '0');
      ++count;
    }
    if (count < min_digits) return std::nullopt;
    return value;
  }

  // Consumes one of `chars`, returning it, or '\0' when the next character is not one of them.
  char OneOf(std::string_view chars) {
    if (pos_ < text_.size() && chars.find(text_[pos_]) != std::string_view::npos) {
      return text_[pos_++];
    }
    return '\0';
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// "hh:mm[:ss[.fff]]" after a date; fractional seconds are dropped.
bool ParseTime(Scanner& scan, CivilDateTime& out) {
  std::optional<int> hour = scan.Number(1, 2);
  if (!hour || !scan.OneOf(":")) return false;
  std::optional<int> minute = scan.Number(2, 2);
  if (!minute) return false;
  std::optional<int> second = 0;
  if (scan.OneOf(":")) {
    second = scan.Number(2, 2);
    if (!second) return false;
    if (scan.OneOf(".,") && !scan.Number(1, 9)) return false;
  }
  if (*hour > 23 || *minute > 59 || *second > 59) return false;
  out.hour = *hour;
  out.minute = *minute;
  out.second = *second;
  out.has_time = true;
  return true;
}

std::optional<CivilDateTime> ParseFrench(std::string_view text) {
  Scanner scan(text);
  CivilDateTime out;
  std::optional<int> d = scan.Number(1, 2);
  char sep = d ? scan.OneOf("/-.") : '\0';
  std::optional<int> m = sep ? scan.Number(1, 2) : std::nullopt;
  std::optional<int> y =
      m && scan.OneOf(std::string_view(&sep, 1)) ? scan.Number(4, 4) : std::nullopt;
  if (!y) return std::nullopt;
  out.year = *y;
  out.month = *m;
  out.day = *d;
  if (!scan.done()) {
    scan.SkipSpaces();
    if (!ParseTime(scan, out) || !scan.done()) return std::nullopt;
  }
  return out;
}

std::optional<CivilDateTime> ParseIso(std::string_view text) {
  Scanner scan(text);
  CivilDateTime out;
  std::optional<int> y = scan.Number(4, 4);
  std::optional<int> m = y && scan.OneOf("-") ? scan.Number(2, 2) : std::nullopt;
  std::optional<int> d = m && scan.OneOf("-") ? scan.Number(2, 2) : std::nullopt;
  if (!d) return std::nullopt;
  out.year = *y;
  out.month = *m;
  out.day = *d;
  if (!scan.done()) {
    if (!scan.OneOf("T ") || !ParseTime(scan, out)) return std::nullopt;
    scan.OneOf("Z");
    if (!scan.done()) return std::nullopt;
  }
  return out;
}

}  // namespace

std::string CivilDateTime::IsoDate() const {
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

std::string CivilDateTime::IsoDateTime() const {
  return absl::StrFormat("%sT%02d:%02d:%02d", IsoDate(), hour, minute, second);
}

std::string CivilDateTime::French() const {
  std::string out = absl::StrFormat("%02d/%02d/%04d", day, month, year);
  if (has_time) absl::StrAppendFormat(&out, " %02d:%02d", hour, minute);
  if (has_time && second != 0) absl::StrAppendFormat(&out, ":%02d", second);
  return out;
}

absl::StatusOr<CivilDateTime> ExcelSerialToCivil(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial >= kMaxSerial) {
    return NotADate(serial);
  }
  // Serials stay below 3e6, so serial * 86400 is exact to well under a second in a double.
  int64_t total = std::llround(serial * static_cast<double>(kSecondsPerDay));
  int64_t whole_days = total / kSecondsPerDay;
  int64_t seconds_of_day = total % kSecondsPerDay;
  if (date1904) {
    CivilDateTime out = FromDays(sys_days(year(1904) / 1 / 1) + days(whole_days), seconds_of_day);
    if (out.year <= 9999) return out;
    return NotADate(serial);
  }
  if (whole_days == 0 || whole_days == 60) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "le nombre %g n'est pas une date Excel réelle (%s)", serial,
        whole_days == 0 ? "jour 0 : une heure sans date" : "29/02/1900 n'a pas existé"));
  }
  // Excel treats 1900 as a leap year: serials after the fictitious 29 February are one day
  // ahead of a plain count from 1899-12-31.
  sys_days epoch = sys_days(year(1899) / 12 / 31) - days(whole_days > 60 ? 1 : 0);
  return FromDays(epoch + days(whole_days), seconds_of_day);
}

std::optional<CivilDateTime> ParseTextDateTime(std::string_view text) {
  text = TrimAscii(text);
  std::optional<CivilDateTime> out = ParseIso(text);
  if (!out) out = ParseFrench(text);
  if (!out || !IsRealDate(out->year, out->month, out->day)) return std::nullopt;
  return out;
}

}  // namespace factflow::importer::domain
