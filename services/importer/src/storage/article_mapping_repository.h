#pragma once

// "Taux par défaut appliqué" fixed from the grid (issue 7): every unmapped row of a batch with a
// given external code (SKU or EAN) becomes the article, at the article's VAT rate.
//
// Set-based: the documents holding the code are read in keyset pages (unmapped_codes, position),
// rewritten in memory, streamed into a temporary table (COPY) and stored by one UPDATE per page,
// so memory stays bounded by the page whatever the batch size.
//
// Thread safety: free functions on the caller's transaction.

#include <pqxx/pqxx>
#include <string>

namespace factflow::importer::storage {

struct MappingResult {
  int changed_documents = 0;
  int changed_rows = 0;
};

// Maps the unmapped rows of `batch_id` whose SKU or EAN is `external_code` to `article_code`
// at `vat_rate` ("20.00"). As for an edit (StoreEditedDocument), the calculator's values held
// in set_* columns are folded into the stored content (series and shipping stay in their
// columns). The caller checked that the batch may change (LoadModifiableBatch).
MappingResult MapUnmappedCode(pqxx::work& tx, const std::string& batch_id,
                              const std::string& external_code, const std::string& article_code,
                              const std::string& vat_rate);

}  // namespace factflow::importer::storage
