#pragma once

// Read access to the documents an E-connector received (orders and delivery notes, stored by
// connectors/reception.h), for invoicing-state: DocumentsReceived events carry only ids and the
// receiver reads the documents here. Lines carry the received external code and its current
// correspondence (article code and unit). Keyset pages by document id; the documents of one page
// are read with one statement.
//
// Thread safety: thread-safe (each call runs in its own transaction from the pool).
//
// Errors: NotFound (French) for an unknown connector; the pool's Unavailable / Aborted /
// Internal (db/pool.h).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "domain/paging.h"

namespace factflow::catalog_mapping::storage {

struct ReceivedLine {
  std::string external_code, article_code, label, unit_code;
  std::string quantity, unit_price_incl_vat, vat_rate;  // canonical decimal text
};

struct ReceivedDocument {
  std::string document_id, kind, date /* ISO */, customer_code, payment_mode;
  std::string total_incl_vat;  // canonical decimal text
  std::string status, file_name;
  int64_t received_at = 0;  // Unix seconds
  std::vector<ReceivedLine> lines;
};

struct ReceivedDocumentsPage {
  std::vector<ReceivedDocument> documents;
  std::string next_page_token;         // "" on the last page
  std::vector<std::string> not_found;  // asked ids never received (first page only)
};

// Largest number of ids one call may ask for (one DocumentsReceived event holds at most 1,000).
inline constexpr size_t kMaxAskedDocuments = 1000;
// Documents per page: default and maximum.
inline constexpr int kDefaultDocumentsPage = 100;
inline constexpr int kMaxDocumentsPage = 500;

// `ids` empty: every document of the connector. `page.size` is clamped by the caller.
absl::StatusOr<ReceivedDocumentsPage> ReadReceivedDocuments(
    db::Pool& pool, const std::string& tenant_id, const std::string& connector,
    const std::vector<std::string>& ids, bool include_quarantined, const domain::PageQuery& page);

}  // namespace factflow::catalog_mapping::storage
