#pragma once

// Fixed-point decimal for money, quantities and rates. Never binary floating point.
//
// A Decimal holds an integer count of 1/10'000 units (4 fractional digits), which covers
// EN 16931 amounts (2 decimals), unit prices (up to 4 decimals) and VAT rates (e.g. 5.5 %).
// Range: about +/- 922 billion units. Arithmetic that would overflow throws std::overflow_error;
// every rounding is explicit and rounds half away from zero (commercial rounding).
//
// Thread safety: a value type; distinct objects may be used from distinct threads.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace factflow::money {

class Decimal {
 public:
  static constexpr int kScale = 4;
  static constexpr int64_t kOne = 10'000;

  constexpr Decimal() = default;

  // From a whole number of units (e.g. a quantity of 3).
  static constexpr Decimal FromUnits(int64_t units) { return Decimal(units * kOne); }
  // From a whole number of cents (e.g. 1999 -> 19.99).
  static constexpr Decimal FromCents(int64_t cents) { return Decimal(cents * (kOne / 100)); }
  // From the raw 1/10'000 count (storage, protobuf).
  static constexpr Decimal FromRaw(int64_t raw) { return Decimal(raw); }

  // Parses a strict machine decimal: optional '-', digits, optional '.' and at most 4 digits
  // ("12", "-0.5", "19.9900"). Returns nullopt on anything else (the caller names the field).
  static std::optional<Decimal> Parse(std::string_view text);

  // Parses a human-entered amount as found in spreadsheets and CSV files: surrounding spaces,
  // a decimal comma or point, thousands separators (space, no-break space, or the other of
  // comma/point when both appear), a leading or trailing currency sign or code (EUR, €), and a
  // trailing '%'. More than 4 fractional digits are rounded half away from zero.
  // "1 234,50 €" -> 1234.50; "19.99" -> 19.99; "5,5 %" -> 5.5.
  static std::optional<Decimal> ParseLenient(std::string_view text);

  constexpr int64_t raw() const { return raw_; }
  constexpr bool is_zero() const { return raw_ == 0; }
  constexpr bool is_negative() const { return raw_ < 0; }

  // Rounds to `digits` fractional digits (0..4), half away from zero.
  Decimal Rounded(int digits) const;
  Decimal RoundedToCents() const { return Rounded(2); }
  // Whole cents of a value already rounded to cents (asserts it is).
  int64_t cents() const;

  // Canonical text with exactly `digits` fractional digits (rounded), '.' as separator:
  // the form EN 16931 XML and the database use. ToString(2) of 1234.5 -> "1234.50".
  std::string ToString(int digits = 2) const;
  // French display form: "1 234,50" (narrow no-break space as thousands separator is avoided
  // on purpose: a plain no-break space U+00A0 renders in every PDF font).
  std::string ToFrench(int digits = 2) const;

  Decimal operator+(Decimal o) const;
  Decimal operator-(Decimal o) const;
  Decimal operator-() const { return Decimal(-raw_); }
  Decimal& operator+=(Decimal o) { return *this = *this + o; }
  Decimal& operator-=(Decimal o) { return *this = *this - o; }
  // Exact product rounded to 4 fractional digits, half away from zero.
  Decimal operator*(Decimal o) const;
  // Quotient rounded to 4 fractional digits, half away from zero. Throws std::domain_error on /0.
  Decimal DividedBy(Decimal divisor) const;
  // Quotient rounded directly to `digits` fractional digits (one rounding, not two).
  Decimal DividedBy(Decimal divisor, int digits) const;

  friend constexpr auto operator<=>(Decimal, Decimal) = default;

 private:
  constexpr explicit Decimal(int64_t raw) : raw_(raw) {}
  int64_t raw_ = 0;
};

}  // namespace factflow::money
