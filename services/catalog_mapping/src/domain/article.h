#pragma once

// The tenant's articles: validation of what a caller sends (code, label, unit, VAT rate, price)
// into the Article the catalog stores. Pure C++, no I/O.
//
// Thread safety: value types and reentrant functions.
//
// Errors: InvalidArgument naming every wrong field, what was wrong and how to fix it.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::catalog_mapping::domain {

// UN/ECE Recommendation 20 "one" (unit), used when the caller gives no unit.
inline constexpr std::string_view kDefaultUnitCode = "C62";

// An article as the catalog stores it (normalised and valid).
struct Article {
  std::string code;
  std::string label;
  std::string unit_code;
  money::Decimal vat_rate;
  bool available_for_export = false;
  std::string family;
  std::optional<money::Decimal> unit_price_excl_vat;
};

// An article as a caller sends it: decimals as text, optional fields empty when absent.
struct ArticleDraft {
  std::string code;
  std::string label;
  std::string unit_code;
  std::string vat_rate;
  bool available_for_export = false;
  std::string family;
  std::string unit_price_excl_vat;
};

// The VAT rates in force in France, in percent, as accepted text: 20, 10, 5.5, 2.1, 0, and the
// Corsican (13, 0.9) and overseas (8.5, 1.05) rates.
std::string_view AllowedVatRatesText();

// Parses a VAT rate in percent given as decimal text ("5.5", "20", "20.00"), accepting only the
// rates above.
absl::StatusOr<money::Decimal> ParseVatRate(std::string_view field, std::string_view text);

// A UN/ECE Recommendation 20 unit code, upper-cased: 2 or 3 letters or digits; empty gives
// kDefaultUnitCode.
absl::StatusOr<std::string> NormalizeUnitCode(std::string_view field, std::string_view text);

// A price excluding VAT: a decimal with at most 4 fractional digits, zero or positive.
absl::StatusOr<money::Decimal> ParseUnitPrice(std::string_view field, std::string_view text);

// Validates and normalises a draft (field names in messages are "article.<field>").
absl::StatusOr<Article> ValidateArticle(const ArticleDraft& draft);

// Shortest exact text of a decimal with at least `min_fraction_digits` fractional digits:
// (5.5, 0) -> "5.5", (20, 0) -> "20", (19.9, 2) -> "19.90", (0.1234, 2) -> "0.1234".
std::string DecimalText(money::Decimal value, int min_fraction_digits);

}  // namespace factflow::catalog_mapping::domain
