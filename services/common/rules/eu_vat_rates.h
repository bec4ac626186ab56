#pragma once

// The VAT rates of the EU member states, dated, for distance sales of goods to consumers under
// the One-Stop Shop (OSS, art. 258 A du CGI): above the EU threshold (10 000 EUR of such sales a
// year) the sale bears the VAT of the member state where the goods arrive.
//
// Each entry gives a country's standard rate and the reduced rate factflow maps a French reduced
// rate to (the lowest generally applicable reduced rate, the one books and basic food bear in
// most member states; super-reduced and parking rates are not used). Entries are dated: the rate
// in force on the invoice's issue date applies. Source: European Commission, "VAT rates applied
// in the Member States" (taxation_customs), checked for 2024-2026 changes (FI 25.5 % from
// 2024-09-01, SK 23 % from 2025-01-01, EE 24 % from 2025-07-01, RO 21 %/11 % from 2025-08-01).
//
// Thread safety: constant table, pure functions.

#include <optional>
#include <string_view>

#include "money/decimal.h"

namespace factflow::rules {

struct EuVatRates {
  std::string_view country;     // ISO 3166-1 alpha-2 ("GR" and "EL" both accepted by lookup).
  std::string_view valid_from;  // ISO date the rates apply from.
  money::Decimal standard;      // Percent.
  money::Decimal reduced;       // Percent.
};

// The rates of `country` in force on `date` (ISO "YYYY-MM-DD"), or nullopt for a country outside
// the EU or France (French VAT is not an OSS rate) or a date before the table's first entry.
std::optional<EuVatRates> EuRatesOn(std::string_view country, std::string_view date);

// The OSS rate for a line the French rules put at `french_rate`: the destination's standard rate
// for the French standard rate (20 %), its reduced rate for a French reduced rate (10, 5.5,
// 2.1 %), 0 for 0. nullopt when `country` has no OSS rates on `date`.
std::optional<money::Decimal> OssRate(std::string_view country, std::string_view date,
                                      money::Decimal french_rate);

// True when `rate` is one of the rates EuRatesOn(country, date) lists (standard or reduced).
bool IsOssRate(std::string_view country, std::string_view date, money::Decimal rate);

}  // namespace factflow::rules
