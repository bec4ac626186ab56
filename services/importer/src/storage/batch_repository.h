#pragma once

// Batches and staged documents in the importer's database. Every function takes the caller's
// transaction and is scoped by tenant; libpqxx exceptions propagate to Pool::InTransaction.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/importer/v1/importer.pb.h"

namespace factflow::importer::storage {

struct NewBatch {
  std::string tenant_id;
  std::string format;
  std::string file_name;
  std::string file_sha256;
  int rows_read = 0;
  std::vector<v1::Issue> file_issues;
  v1::ImportPreferences preferences;
  std::string created_by;
};

// The batch number of a live (not cancelled) batch with the same content, if any.
std::optional<int64_t> FindDuplicate(pqxx::work& tx, const std::string& tenant_id,
                                     const std::string& file_sha256);

// Stores the batch and its documents by COPY (storage/batch_writer.h); returns the stored batch
// (with its number).
v1::Batch InsertBatch(pqxx::work& tx, const NewBatch& batch,
                      const std::vector<v1::GridDocument>& documents);

// By id, or by number when `id_or_number` is all digits. NotFound otherwise.
absl::StatusOr<v1::Batch> LoadBatch(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& id_or_number, bool lock = false);
// Newest first; keyset paging: `before` is the batch number of the previous page's last batch.
std::vector<v1::Batch> ListBatches(pqxx::work& tx, const std::string& tenant_id, int limit,
                                   std::optional<int64_t> before);

// In position order; keyset paging: `after` is the position of the previous page's last
// document (an index range scan on (batch_id, position), however deep the page).
std::vector<v1::GridDocument> LoadDocuments(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& batch_id, bool only_invalid,
                                            int limit, std::optional<int64_t> after);

// Sets `checked` on the batch's documents (all, or the given ids); returns how many changed.
int SetChecked(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
               const std::vector<std::string>& document_ids, bool all, bool checked);

// Freezes the checked, valid documents under `generation_id`; returns their count and total.
struct Frozen {
  int count = 0;
  int skipped_invalid = 0;
  std::string total_incl_vat;
};
Frozen CountGeneratable(pqxx::work& tx, const std::string& batch_id);
void Freeze(pqxx::work& tx, const std::string& batch_id, const std::string& generation_id);

// One keyset page of the frozen documents of a generation, in position order (`after`: the
// position of the previous page's last document), and their batch. total_count is counted for
// the first page only (-1 on later pages: counting is a scan of the whole generation).
struct Generation {
  v1::Batch batch;
  std::vector<v1::GridDocument> documents;
  int total_count = -1;
};
absl::StatusOr<Generation> LoadGeneration(pqxx::work& tx, const std::string& tenant_id,
                                          const std::string& generation_id, int limit,
                                          std::optional<int64_t> after);

void SetBatchStatus(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                    v1::BatchStatus status, const std::string& message);
// One chunk of InvoicesIssued (chunk_index of chunk_count, `chunk_invoices` invoices): the batch
// becomes GENERATED, with the generation's count and number range, once every chunk was
// recorded. Idempotent: a chunk recorded twice counts once.
struct IssuedChunk {
  std::string generation_id;
  int chunk_index = 0;
  int chunk_count = 1;
  int chunk_invoices = 0;
  int count = 0;  // invoices of the whole generation
  std::string first_number;
  std::string last_number;
};
void RecordIssued(pqxx::work& tx, const std::string& tenant_id, const IssuedChunk& chunk);
// Back to the grid after a refusal: documents unfrozen, batch REJECTED with the reason.
void RecordRejected(pqxx::work& tx, const std::string& tenant_id, const std::string& generation_id,
                    const std::string& reason);

// The preferences a batch was uploaded with (series, initial state, shipping...).
v1::ImportPreferences BatchPreferences(pqxx::work& tx, const std::string& batch_id);

std::optional<v1::ImportPreferences> LoadPreferences(pqxx::work& tx, const std::string& tenant_id,
                                                     const std::string& format);
void SavePreferences(pqxx::work& tx, const std::string& tenant_id,
                     const v1::ImportPreferences& preferences);

}  // namespace factflow::importer::storage
