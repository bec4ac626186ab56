#include "money/decimal.h"

#include <cassert>
#include <limits>
#include <stdexcept>

namespace factflow::money {
namespace {

__extension__ typedef __int128 Wide;  // exact intermediate products

constexpr int64_t Pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

int64_t Narrow(Wide v) {
  if (v > std::numeric_limits<int64_t>::max() || v < std::numeric_limits<int64_t>::min()) {
    throw std::overflow_error("decimal overflow");
  }
  return static_cast<int64_t>(v);
}

// Divides rounding half away from zero.
Wide DivRound(Wide num, Wide den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Wide q = num / den;
  Wide r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += (num < 0 ? -1 : 1);
  return q;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses [-]digits[.digits] with any number of fractional digits, rounding to kScale.
std::optional<Decimal> ParseCanonical(std::string_view s, size_t max_fraction_digits) {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  Wide integer = 0;
  size_t i = 0;
  size_t int_digits = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i, ++int_digits) {
    integer = integer * 10 + (s[i] - '0');
    if (integer > Wide(std::numeric_limits<int64_t>::max())) return std::nullopt;
  }
  Wide fraction = 0;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && IsDigit(s[i]); ++i, ++frac_digits) {
      if (frac_digits < 18) fraction = fraction * 10 + (s[i] - '0');
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != s.size() || int_digits == 0 || frac_digits > max_fraction_digits) return std::nullopt;
  size_t used = frac_digits < 18 ? frac_digits : 18;
  Wide frac_scaled = used <= Decimal::kScale
                         ? fraction * Pow10(Decimal::kScale - static_cast<int>(used))
                         : DivRound(fraction, Pow10(static_cast<int>(used) - Decimal::kScale));
  Wide raw = integer * Decimal::kOne + frac_scaled;
  if (negative) raw = -raw;
  try {
    return Decimal::FromRaw(Narrow(raw));
  } catch (const std::overflow_error&) {
    return std::nullopt;
  }
}

std::string_view Trim(std::string_view s) {
  auto is_space = [](std::string_view t, size_t i) {
    return t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n';
  };
  while (!s.empty() && is_space(s, 0)) s.remove_prefix(1);
  while (!s.empty() && is_space(s, s.size() - 1)) s.remove_suffix(1);
  return s;
}

bool StripSuffix(std::string_view& s, std::string_view suffix) {
  if (s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
    s.remove_suffix(suffix.size());
    return true;
  }
  return false;
}

bool StripPrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) == prefix) {
    s.remove_prefix(prefix.size());
    return true;
  }
  return false;
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  return ParseCanonical(text, kScale);
}

std::optional<Decimal> Decimal::ParseLenient(std::string_view text) {
  std::string_view s = Trim(text);
  // Currency signs and percent, before or after the number.
  for (std::string_view mark : {"\xE2\x82\xAC", "EUR", "%"}) {
    if (StripSuffix(s, mark) || StripPrefix(s, mark)) s = Trim(s);
  }
  std::string cleaned;
  cleaned.reserve(s.size());
  bool has_comma = s.find(',') != std::string_view::npos;
  bool has_point = s.find('.') != std::string_view::npos;
  // With both separators, the last one is the decimal separator, the other groups thousands.
  char decimal_sep = ',';
  if (has_comma && has_point) {
    decimal_sep = s.rfind(',') > s.rfind('.') ? ',' : '.';
  } else if (has_point) {
    decimal_sep = '.';
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\'') continue;
    // U+00A0 and U+202F (no-break spaces) as thousands separators.
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      ++i;
      continue;
    }
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\xAF') {
      i += 2;
      continue;
    }
    if (c == ',' || c == '.') {
      if (c == decimal_sep) cleaned.push_back('.');
      continue;  // thousands separator
    }
    cleaned.push_back(c);
  }
  return ParseCanonical(cleaned, 64);
}

Decimal Decimal::Rounded(int digits) const {
  assert(digits >= 0 && digits <= kScale);
  int64_t unit = Pow10(kScale - digits);
  return Decimal(Narrow(DivRound(raw_, unit) * unit));
}

int64_t Decimal::cents() const {
  assert(raw_ % (kOne / 100) == 0);
  return raw_ / (kOne / 100);
}

std::string Decimal::ToString(int digits) const {
  assert(digits >= 0 && digits <= kScale);
  int64_t unit = Pow10(kScale - digits);
  Wide scaled = DivRound(raw_, unit);  // count of 10^-digits
  bool negative = scaled < 0;
  if (negative) scaled = -scaled;
  Wide p = Pow10(digits);
  std::string integer = std::to_string(static_cast<int64_t>(scaled / p));
  std::string out = negative ? "-" + integer : integer;
  if (digits > 0) {
    std::string frac = std::to_string(static_cast<int64_t>(scaled % p));
    out += '.' + std::string(static_cast<size_t>(digits) - frac.size(), '0') + frac;
  }
  return out;
}

std::string Decimal::ToFrench(int digits) const {
  std::string canonical = ToString(digits);
  bool negative = !canonical.empty() && canonical[0] == '-';
  if (negative) canonical.erase(0, 1);
  size_t point = canonical.find('.');
  std::string integer = canonical.substr(0, point);
  std::string grouped;
  for (size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) grouped += "\xC2\xA0";
    grouped += integer[i];
  }
  std::string out = negative ? "-" + grouped : grouped;
  if (point != std::string::npos) out += "," + canonical.substr(point + 1);
  return out;
}

Decimal Decimal::operator+(Decimal o) const { return Decimal(Narrow(Wide(raw_) + o.raw_)); }
Decimal Decimal::operator-(Decimal o) const { return Decimal(Narrow(Wide(raw_) - o.raw_)); }

Decimal Decimal::operator*(Decimal o) const {
  return Decimal(Narrow(DivRound(Wide(raw_) * o.raw_, kOne)));
}

Decimal Decimal::DividedBy(Decimal divisor) const { return DividedBy(divisor, kScale); }

Decimal Decimal::DividedBy(Decimal divisor, int digits) const {
  assert(digits >= 0 && digits <= kScale);
  if (divisor.raw_ == 0) throw std::domain_error("decimal division by zero");
  // raw_/kOne / (d/kOne) expressed in 10^-digits units, then rescaled to raw.
  Wide q = DivRound(Wide(raw_) * Pow10(digits), divisor.raw_);
  return Decimal(Narrow(q * Pow10(kScale - digits)));
}

}  // namespace factflow::money
