#include "domain/cell_value.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

constexpr int kMaxExponent = 400;       // doubles stop near 1e308; anything beyond is not a cell
constexpr int kMinPointPosition = -40;  // far below Decimal's 4 decimals: the value is 0
// Rounding half away from zero at 4 decimals depends only on the 5th decimal, so digits beyond
// this many carry no information and are dropped before Decimal parsing.
constexpr size_t kKeptFractionDigits = 18;

struct NumberParts {
  bool negative = false;
  std::string digits;  // integer and fraction digits, no point
  int point = 0;       // position of the decimal point within `digits`, after the exponent
};

// Consumes a run of ASCII digits from the front of `s`.
std::string_view TakeDigits(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && absl::ascii_isdigit(s[n])) ++n;
  std::string_view digits = s.substr(0, n);
  s.remove_prefix(n);
  return digits;
}

std::optional<NumberParts> SplitNumber(std::string_view s) {
  NumberParts parts;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    parts.negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::string_view integer = TakeDigits(s);
  std::string_view fraction;
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    fraction = TakeDigits(s);
  }
  if (integer.empty() && fraction.empty()) return std::nullopt;
  int exponent = 0;
  if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
    s.remove_prefix(1);
    bool exponent_negative = !s.empty() && s.front() == '-';
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    std::string_view exponent_digits = TakeDigits(s);
    if (exponent_digits.empty() || exponent_digits.size() > 3) return std::nullopt;
    exponent = std::atoi(std::string(exponent_digits).c_str());
    if (exponent > kMaxExponent) return std::nullopt;
    if (exponent_negative) exponent = -exponent;
  }
  if (!s.empty()) return std::nullopt;
  parts.digits = std::string(integer) + std::string(fraction);
  parts.point = static_cast<int>(integer.size()) + exponent;
  return parts;
}

// Moves leading zeros of the digits into the point position, so digits[0] is significant.
void DropLeadingZeros(NumberParts& parts) {
  size_t zeros = parts.digits.find_first_not_of('0');
  if (zeros == std::string::npos) zeros = parts.digits.size();
  parts.digits.erase(0, zeros);
  parts.point -= static_cast<int>(zeros);
}

std::string Render(const NumberParts& parts) {
  std::string integer;
  std::string fraction;
  if (parts.point <= 0) {
    fraction = std::string(static_cast<size_t>(-parts.point), '0') + parts.digits;
  } else if (static_cast<size_t>(parts.point) >= parts.digits.size()) {
    integer = parts.digits + std::string(parts.point - parts.digits.size(), '0');
  } else {
    integer = parts.digits.substr(0, parts.point);
    fraction = parts.digits.substr(parts.point);
  }
  fraction.erase(fraction.find_last_not_of('0') + 1);
  if (integer.empty()) integer = "0";
  if (integer == "0" && fraction.empty()) return "0";
  std::string out = parts.negative ? "-" : "";
  out += integer;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

}  // namespace

std::optional<std::string> PlainDecimalText(std::string_view number_text) {
  std::optional<NumberParts> parts = SplitNumber(TrimAscii(number_text));
  if (!parts.has_value()) return std::nullopt;
  DropLeadingZeros(*parts);
  if (parts->digits.empty() || parts->point < kMinPointPosition) return "0";
  return Render(*parts);
}

std::optional<money::Decimal> DecimalFromNumberText(std::string_view number_text) {
  std::optional<std::string> plain = PlainDecimalText(number_text);
  if (!plain.has_value()) return std::nullopt;
  size_t point = plain->find('.');
  if (point != std::string::npos && plain->size() - point - 1 > kKeptFractionDigits) {
    plain->resize(point + 1 + kKeptFractionDigits);
  }
  return money::Decimal::ParseLenient(*plain);
}

std::optional<money::Decimal> CellDecimal(const XlsxCell& cell) {
  if (cell.type == XlsxCellType::kNumber) return DecimalFromNumberText(cell.text);
  if (IsStringCell(cell.type)) return money::Decimal::ParseLenient(cell.text);
  return std::nullopt;
}

std::optional<CivilDateTime> CellDateTime(const XlsxCell& cell, bool date1904) {
  if (cell.type == XlsxCellType::kNumber) {
    double serial = 0;
    if (!absl::SimpleAtod(AsAbsl(cell.text), &serial)) return std::nullopt;
    absl::StatusOr<CivilDateTime> date = ExcelSerialToCivil(serial, date1904);
    if (!date.ok()) return std::nullopt;
    return *date;
  }
  if (IsStringCell(cell.type) || cell.type == XlsxCellType::kDate) {
    return ParseTextDateTime(cell.text);
  }
  return std::nullopt;
}

std::string CellText(const XlsxCell& cell) {
  std::string_view text = TrimAscii(cell.text);
  if (cell.type == XlsxCellType::kBoolean) return text == "1" ? "VRAI" : "FAUX";
  if (cell.type == XlsxCellType::kNumber) {
    std::optional<std::string> plain = PlainDecimalText(text);
    if (plain.has_value()) return *plain;
  }
  return std::string(text);
}

}  // namespace factflow::importer::domain
