#pragma once

// The demo company file of `factflowctl tenant create --demo` and `factflowctl job fnac`; its
// identifiers' keys come from identifiers/french_company_ids.h.

#include <string>
#include <string_view>
#include <vector>

#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

// The default numbering series of a new company file: FA ("FA<year>-", invoices) and AV
// ("AV<year>-", credit notes), 6-digit counters starting at 1.
std::vector<invoicing::v1::NumberingSeries> DefaultSeries(int year);

// A realistic fictitious French company ("Librairie du Marais", Paris 4e) with valid SIREN,
// SIRET, VAT number and IBAN, numbering series FA ("FA<year>-", invoices) and AV ("AV<year>-",
// credit notes), the FNAC format activated, archiving on and dematerialisation off.
// tenant_id is left empty: the service takes it from the caller's token.
invoicing::v1::Tenant DemoTenant(int year);

}  // namespace factflow::cli
