#pragma once

// French company identifiers: SIREN (9 digits) and SIRET (SIREN + 5-digit establishment number)
// carry a Luhn check digit; the intra-EU VAT number of a French company is
// "FR" + key + SIREN with key = (12 + 3 × (SIREN mod 97)) mod 97.
// Pure functions, thread-safe.

#include <string>
#include <string_view>

namespace factflow::identifiers {

// The Luhn check digit to append to `digits` (ASCII digits only).
int LuhnCheckDigit(std::string_view digits);
// True when `digits` is non-empty, all ASCII digits, and passes the Luhn check.
bool IsLuhnValid(std::string_view digits);

bool IsValidSiren(std::string_view siren);
// 14 digits, Luhn-valid, and starting with `siren` when one is given.
bool IsValidSiret(std::string_view siret, std::string_view siren = {});

// The French intra-EU VAT number of a company. Precondition: IsValidSiren(siren).
std::string FrenchVatNumber(std::string_view siren);

}  // namespace factflow::identifiers
