#pragma once

// Text forms shared by the CII writer and the PDF renderer: trimmed decimals, ISO dates
// converted to the UN/CEFACT "102" form and to the French display form, French amounts.
//
// Thread safety: pure functions.

#include <string>
#include <string_view>

#include "money/decimal.h"

namespace factflow::dispatch::domain {

// The fewest fractional digits, at least `min_digits` (0..4), that represent `value` exactly,
// '.' as separator: TrimmedDecimal(2.5, 0) == "2.5", TrimmedDecimal(7.49170, 2) == "7.4917",
// TrimmedDecimal(9.9, 2) == "9.90".
std::string TrimmedDecimal(money::Decimal value, int min_digits);

// Same digits as TrimmedDecimal, in the French display form ("1 234,5").
std::string TrimmedFrench(money::Decimal value, int min_digits);

// "1 234,50 €" (thousands separated by a no-break space, as Decimal::ToFrench does).
std::string FrenchAmount(money::Decimal value);

// True when `text` can be written as XML character data and drawn as text: valid UTF-8 without
// NUL or other control characters (tab, line feed and carriage return are allowed).
bool IsPrintableText(std::string_view text);

// True for a valid calendar date written "YYYY-MM-DD" (years 1900..2999).
bool IsIsoDate(std::string_view date);

// "2024-01-15" -> "20240115". Precondition: IsIsoDate(date).
std::string IsoDateToFormat102(std::string_view date);

// "2024-01-15" -> "15/01/2024". Precondition: IsIsoDate(date).
std::string IsoDateToFrench(std::string_view date);

// The French name of an ISO 3166-1 alpha-2 country ("CH" -> "Suisse", "BE" -> "Belgique") for
// the addresses of the PDF: the EU and EEA, French overseas territories and the usual
// destinations of a French seller. An unknown code is returned as given.
std::string FrenchCountryName(std::string_view code);

}  // namespace factflow::dispatch::domain
