#pragma once

// The demo company file of `factflowctl tenant create --demo` and `factflowctl job fnac`, and the
// French identifier arithmetic it relies on (SIREN/SIRET Luhn keys, intra-EU VAT number key).

#include <string>
#include <string_view>
#include <vector>

#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

// The Luhn check digit to append to `digits` (ASCII digits only), as used by SIREN and SIRET.
int LuhnCheckDigit(std::string_view digits);
// True when `digits` is non-empty, all ASCII digits, and passes the Luhn check.
bool IsLuhnValid(std::string_view digits);

// The French VAT number of a company from its SIREN (9 digits):
// "FR" + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97 on two digits.
// Precondition: `siren` is 9 ASCII digits.
std::string FrenchVatNumber(std::string_view siren);

// The default numbering series of a new company file: FA ("FA<year>-", invoices) and AV
// ("AV<year>-", credit notes), 6-digit counters starting at 1.
std::vector<invoicing::v1::NumberingSeries> DefaultSeries(int year);

// A realistic fictitious French company ("Librairie du Marais", Paris 4e) with valid SIREN,
// SIRET, VAT number and IBAN, numbering series FA ("FA<year>-", invoices) and AV ("AV<year>-",
// credit notes), the FNAC format activated, archiving on and dematerialisation off.
// tenant_id is left empty: the service takes it from the caller's token.
invoicing::v1::Tenant DemoTenant(int year);

}  // namespace factflow::cli
