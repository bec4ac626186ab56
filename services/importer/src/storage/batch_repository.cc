#include "storage/batch_repository.h"

#include <algorithm>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "db/pool.h"
#include "logging/logging.h"
#include "money/decimal_wire.h"
#include "staging/grid_values.h"
#include "storage/batch_writer.h"
#include "storage/grid_repository.h"

namespace factflow::importer::storage {
namespace {

constexpr char kBatchColumns[] =
    "b.batch_id, b.batch_number, b.format, b.file_name, b.file_sha256, b.status, "
    "b.status_message, b.rows_read, b.document_count, b.valid_document_count, b.issue_count, "
    "b.created_by, extract(epoch FROM b.created_at)::bigint, coalesce(b.generation_id::text, ''), "
    "b.invoice_count, b.first_invoice_number, b.last_invoice_number, b.file_issues, "
    "b.total_incl_vat::text, "
    "(SELECT count(*) FROM staged_documents d WHERE d.batch_id = b.batch_id AND d.checked)";

pqxx::binarystring Bytes(const std::string& bytes) {
  return pqxx::binarystring(bytes.data(), bytes.size());
}

v1::BatchStatus ParseStatus(const std::string& status) {
  v1::BatchStatus out = v1::BATCH_STATUS_UNSPECIFIED;
  v1::BatchStatus_Parse("BATCH_STATUS_" + status, &out);
  return out;
}

std::string StatusCode(v1::BatchStatus status) {
  return v1::BatchStatus_Name(status).substr(std::string("BATCH_STATUS_").size());
}

v1::Batch BatchFromRow(const pqxx::row& row) {
  v1::Batch batch;
  pqxx::binarystring issues(row[17]);
  batch.ParseFromString(issues.str());  // file_issues only
  batch.set_batch_id(row[0].as<std::string>());
  batch.set_batch_number(row[1].as<int64_t>());
  batch.set_format(row[2].as<std::string>());
  batch.set_file_name(row[3].as<std::string>());
  batch.set_file_sha256(row[4].as<std::string>());
  batch.set_status(ParseStatus(row[5].as<std::string>()));
  batch.set_status_message(row[6].as<std::string>());
  batch.set_rows_read(row[7].as<int>());
  batch.set_document_count(row[8].as<int>());
  batch.set_valid_document_count(row[9].as<int>());
  batch.set_issue_count(row[10].as<int>());
  batch.set_created_by(row[11].as<std::string>());
  batch.mutable_created_at()->set_seconds(row[12].as<int64_t>());
  batch.set_generation_id(row[13].as<std::string>());
  batch.set_invoice_count(row[14].as<int>());
  batch.set_first_invoice_number(row[15].as<std::string>());
  batch.set_last_invoice_number(row[16].as<std::string>());
  batch.mutable_total_incl_vat()->set_value(row[18].as<std::string>());
  batch.set_checked_document_count(row[19].as<int>());
  return batch;
}

}  // namespace

std::optional<int64_t> FindDuplicate(pqxx::work& tx, const std::string& tenant_id,
                                     const std::string& file_sha256) {
  pqxx::result rows = tx.exec_params(
      "SELECT batch_number FROM batches WHERE tenant_id = $1 AND file_sha256 = $2 "
      "AND status <> 'CANCELLED' ORDER BY batch_number LIMIT 1",
      tenant_id, file_sha256);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<int64_t>();
}

v1::Batch InsertBatch(pqxx::work& tx, const NewBatch& batch,
                      const std::vector<v1::GridDocument>& documents) {
  BatchWriter writer(tx, batch);
  writer.Add(documents);
  return writer.Finish(batch.rows_read, batch.file_issues);
}

absl::StatusOr<v1::Batch> LoadBatch(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& id_or_number, bool lock) {
  bool by_number = !id_or_number.empty() &&
                   std::all_of(id_or_number.begin(), id_or_number.end(), absl::ascii_isdigit);
  bool by_id = id_or_number.size() == 36;
  if (!by_number && !by_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("« ", id_or_number, " » n'est ni un numéro ni un identifiant de lot"));
  }
  std::string where = by_number ? "b.batch_number = $2::bigint" : "b.batch_id = $2::uuid";
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kBatchColumns, " FROM batches b WHERE b.tenant_id = $1 AND ", where,
                   lock ? " FOR UPDATE OF b" : ""),
      tenant_id, id_or_number);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("lot ", id_or_number, " introuvable"));
  return BatchFromRow(rows[0]);
}

std::vector<v1::Batch> ListBatches(pqxx::work& tx, const std::string& tenant_id, int limit,
                                   std::optional<int64_t> before) {
  std::vector<v1::Batch> batches;
  for (const auto& row :
       tx.exec_params(absl::StrCat("SELECT ", kBatchColumns,
                                   " FROM batches b WHERE b.tenant_id = $1 AND b.batch_number < $3 "
                                   "ORDER BY b.batch_number DESC LIMIT $2"),
                      tenant_id, limit, before.value_or(std::numeric_limits<int64_t>::max()))) {
    batches.push_back(BatchFromRow(row));
  }
  return batches;
}

std::vector<v1::GridDocument> LoadDocuments(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& batch_id, bool only_invalid,
                                            int limit, std::optional<int64_t> after) {
  std::vector<v1::GridDocument> documents;
  // Two statements rather than "(NOT $3 OR NOT valid)": each matches its index exactly
  // ((batch_id, position), and the partial one on invalid documents).
  const std::string sql = absl::StrCat(
      "SELECT ", kDocumentColumns, " FROM staged_documents WHERE batch_id = $2::uuid ",
      "AND tenant_id = $1 ", only_invalid ? "AND NOT valid " : "",
      "AND position > $4::bigint ORDER BY position LIMIT $3");
  for (const auto& row : tx.exec_params(sql, tenant_id, batch_id, limit, after.value_or(-1))) {
    documents.push_back(DocumentFromColumns(row));
  }
  return documents;
}

int SetChecked(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
               const std::vector<std::string>& document_ids, bool all, bool checked) {
  int changed = 0;
  if (all) {
    changed = tx.exec_params(
                    "UPDATE staged_documents SET checked = $3 WHERE tenant_id = $1 AND "
                    "batch_id = $2 AND checked <> $3",
                    tenant_id, batch_id, checked)
                  .affected_rows();
  } else if (!document_ids.empty()) {
    // One statement for the whole selection (ids already checked as UUIDs by the caller).
    changed = tx.exec_params(
                    "UPDATE staged_documents SET checked = $4 WHERE tenant_id = $1 AND "
                    "batch_id = $2 AND document_id = ANY($3::uuid[]) AND checked <> $4",
                    tenant_id, batch_id, ArrayLiteral(document_ids), checked)
                  .affected_rows();
  }
  return changed;
}

Frozen CountGeneratable(pqxx::work& tx, const std::string& batch_id) {
  pqxx::row row = tx.exec_params1(
      "SELECT count(*) FILTER (WHERE checked AND valid), count(*) FILTER (WHERE checked AND NOT "
      "valid), coalesce(sum(total_incl_vat) FILTER (WHERE checked AND valid), "
      "0)::numeric(18,2)::text "
      "FROM staged_documents WHERE batch_id = $1",
      batch_id);
  return {row[0].as<int>(), row[1].as<int>(), row[2].as<std::string>()};
}

void Freeze(pqxx::work& tx, const std::string& batch_id, const std::string& generation_id) {
  tx.exec_params(
      "UPDATE staged_documents SET generation_id = $2::uuid WHERE batch_id = $1 AND checked AND "
      "valid",
      batch_id, generation_id);
  tx.exec_params(
      "UPDATE batches SET status = 'GENERATING', status_message = '', generation_id = $2::uuid "
      "WHERE batch_id = $1",
      batch_id, generation_id);
}

absl::StatusOr<Generation> LoadGeneration(pqxx::work& tx, const std::string& tenant_id,
                                          const std::string& generation_id, int limit,
                                          std::optional<int64_t> after) {
  pqxx::result batch_rows = tx.exec_params(
      "SELECT batch_id::text FROM batches WHERE tenant_id = $1 AND generation_id = $2::uuid",
      tenant_id, generation_id);
  if (batch_rows.empty()) {
    return absl::NotFoundError(absl::StrCat("génération ", generation_id, " introuvable"));
  }
  Generation generation;
  auto batch = LoadBatch(tx, tenant_id, batch_rows[0][0].as<std::string>());
  if (!batch.ok()) return batch.status();
  generation.batch = *batch;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT ", kDocumentColumns,
                        " FROM staged_documents WHERE generation_id = $2::uuid "
                        "AND tenant_id = $1 AND position > $4::bigint "
                        "ORDER BY position LIMIT $3"),
           tenant_id, generation_id, limit, after.value_or(-1))) {
    generation.documents.push_back(DocumentFromColumns(row));
  }
  if (!after.has_value()) {
    generation.total_count =
        tx.exec_params1("SELECT count(*) FROM staged_documents WHERE generation_id = $1::uuid",
                        generation_id)[0]
            .as<int>();
  }
  return generation;
}

void SetBatchStatus(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                    v1::BatchStatus status, const std::string& message) {
  tx.exec_params(
      "UPDATE batches SET status = $3, status_message = $4 WHERE tenant_id = $1 AND "
      "batch_id = $2::uuid",
      tenant_id, batch_id, StatusCode(status), message);
}

void RecordIssued(pqxx::work& tx, const std::string& tenant_id, const IssuedChunk& chunk) {
  tx.exec_params(
      "INSERT INTO issued_chunks (generation_id, chunk_index, chunk_count, invoice_count) "
      "VALUES ($1::uuid, $2, $3, $4) ON CONFLICT DO NOTHING",
      chunk.generation_id, chunk.chunk_index, chunk.chunk_count, chunk.chunk_invoices);
  // Complete when every chunk is there and they add up to the generation's count.
  tx.exec_params(
      "UPDATE batches SET status = 'GENERATED', status_message = '', invoice_count = $3, "
      "first_invoice_number = $4, last_invoice_number = $5 WHERE tenant_id = $1 AND "
      "generation_id = $2::uuid AND (SELECT count(*) = $6 AND sum(invoice_count) = $3 "
      "FROM issued_chunks WHERE generation_id = $2::uuid)",
      tenant_id, chunk.generation_id, chunk.count, chunk.first_number, chunk.last_number,
      chunk.chunk_count);
}

void RecordRejected(pqxx::work& tx, const std::string& tenant_id, const std::string& generation_id,
                    const std::string& reason) {
  tx.exec_params(
      "UPDATE staged_documents SET generation_id = NULL WHERE tenant_id = $1 AND "
      "generation_id = $2::uuid",
      tenant_id, generation_id);
  tx.exec_params(
      "UPDATE batches SET status = 'REJECTED', status_message = $3, generation_id = NULL "
      "WHERE tenant_id = $1 AND generation_id = $2::uuid",
      tenant_id, generation_id, reason);
}

v1::ImportPreferences BatchPreferences(pqxx::work& tx, const std::string& batch_id) {
  pqxx::binarystring bytes(
      tx.exec_params1("SELECT preferences FROM batches WHERE batch_id = $1", batch_id)[0]);
  v1::ImportPreferences preferences;
  preferences.ParseFromString(bytes.str());
  return preferences;
}

std::optional<v1::ImportPreferences> LoadPreferences(pqxx::work& tx, const std::string& tenant_id,
                                                     const std::string& format) {
  pqxx::result rows = tx.exec_params(
      "SELECT preferences FROM import_preferences WHERE tenant_id = $1 AND format = $2", tenant_id,
      format);
  if (rows.empty()) return std::nullopt;
  v1::ImportPreferences preferences;
  pqxx::binarystring bytes(rows[0][0]);
  preferences.ParseFromString(bytes.str());
  return preferences;
}

void SavePreferences(pqxx::work& tx, const std::string& tenant_id,
                     const v1::ImportPreferences& preferences) {
  tx.exec_params(
      "INSERT INTO import_preferences (tenant_id, format, preferences) VALUES ($1, $2, $3) "
      "ON CONFLICT (tenant_id, format) DO UPDATE SET preferences = EXCLUDED.preferences",
      tenant_id, preferences.format(), Bytes(preferences.SerializeAsString()));
}

}  // namespace factflow::importer::storage
