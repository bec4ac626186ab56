#include "storage/batch_writer.h"

#include <pqxx/stream_to>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "logging/logging.h"
#include "money/decimal_wire.h"
#include "staging/grid_values.h"

namespace factflow::importer::storage {
namespace {

pqxx::binarystring Bytes(const std::string& bytes) {
  return pqxx::binarystring(bytes.data(), bytes.size());
}

// bytea in COPY text format (libpqxx escapes the backslash).
std::string HexBytea(const std::string& bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

int IssueCount(const v1::GridDocument& document) {
  int count = document.issues_size();
  for (const auto& row : document.rows()) count += row.issues_size();
  return count;
}

const std::vector<std::string> kCopyColumns = {
    "document_id",   "tenant_id",      "batch_id",   "position",   "external_id",
    "checked",       "valid",          "total_incl_vat", "content", "order_date",
    "search_text",   "unmapped_rows",  "unmapped_codes", "line_gross", "line_rates",
    "shipping_gross"};

}  // namespace

BatchWriter::BatchWriter(pqxx::work& tx, const NewBatch& header)
    : tx_(tx), tenant_id_(header.tenant_id), batch_id_(logging::NewUuid()) {
  int64_t number =
      tx_.exec_params1(
             "INSERT INTO batch_counters (tenant_id, last_number) VALUES ($1, 1) "
             "ON CONFLICT (tenant_id) DO UPDATE SET last_number = batch_counters.last_number + 1 "
             "RETURNING last_number",
             header.tenant_id)[0]
          .as<int64_t>();
  tx_.exec_params(
      "INSERT INTO batches (batch_id, tenant_id, batch_number, format, file_name, file_sha256, "
      "status, rows_read, document_count, valid_document_count, issue_count, total_incl_vat, "
      "file_issues, preferences, created_by) VALUES ($1, $2, $3, $4, $5, $6, 'STAGED', 0, 0, "
      "0, 0, 0, '', $7, $8)",
      batch_id_, header.tenant_id, number, header.format, header.file_name, header.file_sha256,
      Bytes(header.preferences.SerializeAsString()), header.created_by);
}

void BatchWriter::Add(const std::vector<v1::GridDocument>& documents) {
  if (documents.empty()) return;
  pqxx::stream_to stream(tx_, "staged_documents", kCopyColumns);
  // The stored content carries the batch id: a serialized message followed by another is their
  // merge, so appending the id's field spares copying each document to set it.
  v1::GridDocument batch_only;
  batch_only.set_batch_id(batch_id_);
  const std::string batch_field = batch_only.SerializeAsString();
  for (const v1::GridDocument& stored : documents) {
    ++documents_;
    issues_ += IssueCount(stored);
    if (stored.valid()) {
      ++valid_;
      total_ += money::FromWire(stored.total_incl_vat()).value_or(money::Decimal());
    }
    // The grid's filter, sort and total columns (migration 0120).
    DerivedColumns derived = Derive(stored);
    const std::string content = HexBytea(stored.SerializeAsString() + batch_field);
    // `order_date` is the date text, or nullptr (NULL) when the document has no valid date.
    auto write = [&](const auto& order_date) {
      stream << std::make_tuple(stored.document_id(), tenant_id_, batch_id_, stored.position(),
                                stored.external_id(), stored.checked(), stored.valid(),
                                stored.total_incl_vat().value(), content, order_date,
                                derived.search_text, derived.unmapped_rows,
                                ArrayLiteral(derived.unmapped_codes),
                                ArrayLiteral(derived.line_gross),
                                ArrayLiteral(derived.line_rates), derived.shipping_gross);
    };
    if (derived.order_date.empty()) {
      write(nullptr);
    } else {
      write(derived.order_date);
    }
  }
  stream.complete();
}

v1::Batch BatchWriter::Finish(int rows_read, const std::vector<v1::Issue>& file_issues) {
  v1::Batch issues;
  for (const auto& issue : file_issues) *issues.add_file_issues() = issue;
  tx_.exec_params(
      "UPDATE batches SET rows_read = $2, document_count = $3, valid_document_count = $4, "
      "issue_count = $5, total_incl_vat = $6::numeric, file_issues = $7 WHERE batch_id = $1",
      batch_id_, rows_read, documents_, valid_, issues_ + static_cast<int>(file_issues.size()),
      total_.ToString(4), Bytes(issues.SerializeAsString()));
  return *LoadBatch(tx_, tenant_id_, batch_id_);
}

}  // namespace factflow::importer::storage
