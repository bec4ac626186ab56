#pragma once

// The control grid in the importer's database (issue 7): filtered and sorted keyset pages, the
// totals of the checked documents, check by filter, the calculator's set-based updates and the
// storage of an edited order. Every function takes the caller's transaction and is scoped by
// tenant and batch; libpqxx exceptions propagate to Pool::InTransaction.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/importer/v1/importer.pb.h"
#include "staging/grid_values.h"

namespace factflow::importer::storage {

// The columns a document read selects (content, checked and the calculator's values), and the
// document they describe, calculator values applied. Every reader of staged documents uses both.
extern const char kDocumentColumns[];
v1::GridDocument DocumentFromColumns(const pqxx::row& row);

// A checked filter: dates normalised to AAAA-MM-JJ, the text as a LIKE pattern.
// InvalidArgument (French, naming the filter field) on a date that is not one.
struct GridQuery {
  int validity = 0;        // GridFilter::Validity
  int mapping_status = 0;  // MappingStatus
  std::string date_from;   // "" = open
  std::string date_to;
  std::string pattern;  // "" = any
  int checked = 0;      // GridFilter::Checked
};
absl::StatusOr<GridQuery> MakeGridQuery(const v1::GridFilter& filter, bool only_invalid);

// One keyset page of the documents matching `query`, in `sort` order; `after` is the sort key
// of the previous page's last document (SortKey). Also counts the matching documents.
struct GridPage {
  std::vector<v1::GridDocument> documents;
  std::vector<int64_t> keys;  // the sort key of each document
  int matching_count = 0;
};
GridPage LoadGridPage(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                      const GridQuery& query, v1::GridSort sort, int limit,
                      std::optional<int64_t> after);

// The batch's checked documents: count, rows, and per VAT rate the net, VAT and gross amounts
// the invoices will carry (shipping at 20 % when invoiced, `invoice_shipping` by default).
v1::CheckedTotals CheckedTotals(pqxx::work& tx, const std::string& batch_id,
                                bool invoice_shipping);

// Sets `checked` on every document matching `query`; returns how many changed.
int SetCheckedByFilter(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                       const GridQuery& query, bool checked);

// The calculator: stores `value` on every checked document of the batch in one UPDATE. Refused
// (with their reason) are the documents it cannot apply to: a date before the order date.
// `article_vat_rate` is the applied article's rate (column article_code only).
struct ApplyResult {
  int changed_documents = 0;
  int changed_rows = 0;
  int refused_count = 0;
  std::vector<v1::RefusedDocument> refused;  // the first kMaxRefusedListed
};
inline constexpr int kMaxRefusedListed = 1000;
ApplyResult ApplyColumnValue(pqxx::work& tx, const std::string& batch_id,
                             const ColumnValue& value,
                             const std::optional<std::string>& article_vat_rate);

// The distinct external codes (SKU, EAN) of the unmapped rows of the checked documents.
std::vector<std::string> CheckedUnmappedCodes(pqxx::work& tx, const std::string& batch_id);

// One document by id with its calculator values applied and whether it is frozen for
// generation. NotFound (French) when the batch has no such document.
struct StoredDocument {
  v1::GridDocument document;
  bool frozen = false;
};
absl::StatusOr<StoredDocument> LoadDocument(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& batch_id,
                                            const std::string& document_id);

// Stores an edited document (content, validity, total, derived columns; calculator values
// replaced by the edit's series and shipping) and refreshes the batch's valid count, issue count and
// total.
void StoreEditedDocument(pqxx::work& tx, const std::string& batch_id,
                         const v1::GridDocument& document, int issue_delta);

// The series of the checked, valid documents ("" = the batch's series), distinct.
std::vector<std::string> CheckedSeries(pqxx::work& tx, const std::string& batch_id);
// The series of a generation's documents ("" = the batch's series).
std::string GenerationSeries(pqxx::work& tx, const std::string& generation_id);

}  // namespace factflow::importer::storage

namespace factflow::importer::storage {

// The batch, locked, when its grid may still change (STAGED or REJECTED); FailedPrecondition
// (French) once it is generating, generated or cancelled; NotFound when it does not exist.
absl::StatusOr<v1::Batch> LoadModifiableBatch(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& batch_id);

}  // namespace factflow::importer::storage
