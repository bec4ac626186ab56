#pragma once

// Which VAT applies to a sale, as French law says (CGI), decided once per document from the
// seller's regime and where the goods go. The result is an EN 16931 category (UNTDID 5305) with,
// for the exempt ones, the exemption reason (BT-120) and its VATEX code (BT-121) that the PDF
// and the CII carry:
//   franchise en base (art. 293 B)  -> E  "TVA non applicable, art. 293 B du CGI"
//   goods leaving the EU            -> G  "Exonération de TVA, art. 262 I du CGI" (export)
//   goods to a business in another member state, with its VAT number
//                                   -> K  "Exonération de TVA, art. 262 ter I du CGI"
//   reverse charge (set by the document)
//                                   -> AE "Autoliquidation"
//   outside the scope (set by the document)
//                                   -> O  "Opération hors du champ d'application de la TVA"
//   otherwise                       -> S  at the article's rate (Z for a 0 % article)
//   a consumer in another member state, the seller above the EU distance-selling threshold
//                                   -> S  at the destination's rate (OSS: oss_country set; the
//                                         caller maps each article rate with rules::OssRate)
// Below the threshold (EUR 10,000 a year) such a consumer pays French VAT.
//
// Thread safety: pure function.

#include <string>
#include <string_view>

#include "money/decimal.h"

namespace factflow::invoicing::domain {

struct VatSituation {
  bool seller_franchise_293b = false;
  // Where the goods go (delivery address, else billing), ISO 3166-1 alpha-2; empty = France.
  std::string destination_country;
  bool buyer_is_business = false;
  std::string buyer_vat_number;  // BT-48, for K.
  bool reverse_charge = false;   // AE
  bool outside_scope = false;    // O
  // Tenant setting: distance sales to EU consumers exceed the EU threshold (OSS).
  bool oss_above_threshold = false;
};

struct VatTreatment {
  std::string category;  // S, Z, E, AE, K, G, O
  // True when the line keeps the article's rate (S and Z); the others are at 0 %.
  bool article_rate = true;
  std::string exemption_reason;       // BT-120, empty for S and Z
  std::string exemption_reason_code;  // BT-121, VATEX-...
  // OSS distance sale: the member state whose rates apply (S lines); empty otherwise.
  std::string oss_country;
};

VatTreatment DecideVatTreatment(const VatSituation& situation);

// True for the 27 EU member states' ISO codes (and "EL" for Greece), France included.
bool IsEuCountry(std::string_view country_code);

}  // namespace factflow::invoicing::domain
