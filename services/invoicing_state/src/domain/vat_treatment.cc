#include "domain/vat_treatment.h"

#include <algorithm>
#include <array>

namespace factflow::invoicing::domain {

bool IsEuCountry(std::string_view code) {
  static constexpr std::array<std::string_view, 28> kMembers = {
      "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR",
      "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};
  return std::find(kMembers.begin(), kMembers.end(), code) != kMembers.end();
}

VatTreatment DecideVatTreatment(const VatSituation& s) {
  if (s.seller_franchise_293b) {
    return {"E", false, "TVA non applicable, art. 293 B du CGI", "VATEX-FR-FRANCHISE"};
  }
  if (s.outside_scope) {
    return {"O", false, "Opération hors du champ d'application de la TVA", "VATEX-EU-O"};
  }
  if (s.reverse_charge) return {"AE", false, "Autoliquidation", "VATEX-EU-AE"};
  const std::string& country = s.destination_country;
  // Monaco is French VAT territory.
  const bool france = country.empty() || country == "FR" || country == "MC";
  if (!france && !IsEuCountry(country)) {
    return {"G", false, "Exonération de TVA, art. 262 I du CGI", "VATEX-EU-G"};
  }
  if (!france && s.buyer_is_business && !s.buyer_vat_number.empty()) {
    return {"K", false, "Exonération de TVA, art. 262 ter I du CGI", "VATEX-EU-IC"};
  }
  if (!france && !s.buyer_is_business && s.oss_above_threshold) {
    return {"S", true, "", "", country};
  }
  return {"S", true, "", ""};
}

}  // namespace factflow::invoicing::domain
