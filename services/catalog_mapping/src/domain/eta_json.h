#pragma once

// The JSON a webservice connector answers (README, "E-connecteur: the webservice API"), read into
// the same documents and parties as the ETA CSV files (domain/eta_files.h) with the same rules
// (French VAT rates, real dates, validated parties):
//   GET /documents -> {"batch_id": "...", "documents": [{"id", "date", "customer",
//                      "payment_mode", "lines": [{"article", "label", "quantity",
//                      "unit_price_incl_vat", "vat_rate"}]}]}
//   GET /tiers     -> {"batch_id": "...", "tiers": [{"code", "kind", "name", "address1",
//                      "address2", "postal_code", "city", "country", "siret", "vat_number",
//                      "email", "phone"}]}
// Decimals are JSON strings ("12.50", a decimal comma accepted) or integers; never binary
// floating point. A malformed answer is refused whole: InvalidArgument in French naming the
// source, the JSON path and the value ("documents[3].lines[0].vat_rate « 7 » : ...").
//
// Thread safety: reentrant functions. Pure: parses bytes already received.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/eta_files.h"

namespace factflow::catalog_mapping::domain {

// Items one answer may carry (a bigger batch is refused: the third party pages).
inline constexpr size_t kMaxJsonBatchItems = 100000;

template <typename T>
struct JsonBatch {
  std::string batch_id;  // "" when the answer has none
  std::vector<T> items;
};

absl::StatusOr<JsonBatch<EtaDocument>> ParseEtaDocumentsJson(std::string_view source,
                                                             std::string_view body);
absl::StatusOr<JsonBatch<EtaParty>> ParseEtaPartiesJson(std::string_view source,
                                                        std::string_view body);

}  // namespace factflow::catalog_mapping::domain
