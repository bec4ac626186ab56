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

// Stores the batch and its documents; returns the stored batch (with its number).
v1::Batch InsertBatch(pqxx::work& tx, const NewBatch& batch,
                      const std::vector<v1::GridDocument>& documents);

// By id, or by number when `id_or_number` is all digits. NotFound otherwise.
absl::StatusOr<v1::Batch> LoadBatch(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& id_or_number, bool lock = false);
std::vector<v1::Batch> ListBatches(pqxx::work& tx, const std::string& tenant_id, int limit,
                                   int offset);

std::vector<v1::GridDocument> LoadDocuments(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& batch_id, bool only_invalid,
                                            int limit, int offset);

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

// The frozen documents of a generation, in position order, and their batch.
struct Generation {
  v1::Batch batch;
  std::vector<v1::GridDocument> documents;
  int total_count = 0;
};
absl::StatusOr<Generation> LoadGeneration(pqxx::work& tx, const std::string& tenant_id,
                                          const std::string& generation_id, int limit, int offset);

void SetBatchStatus(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                    v1::BatchStatus status, const std::string& message);
void RecordIssued(pqxx::work& tx, const std::string& tenant_id, const std::string& generation_id,
                  int count, const std::string& first_number, const std::string& last_number);
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
