#pragma once

// Long-running operations in invoicing-state's database (tables operations, operation_items):
// their rows, the frozen selection of an action, and the progress of each chunk. Every function
// takes the caller's transaction; reads are scoped by tenant. libpqxx exceptions propagate to
// Pool::InTransaction, which converts them.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/bulk_action.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing::storage {

inline constexpr char kKindAction[] = "ACTION";
inline constexpr char kKindGeneration[] = "GENERATION";

struct NewOperation {
  std::string operation_id;
  std::string tenant_id;
  std::string kind;         // kKindAction or kKindGeneration
  std::string action_code;  // domain::ToCode(action) for kKindAction
  std::string operator_id;
  std::string batch_id;  // optional
  std::string step;
};

// Inserts a RUNNING operation (correlation id from the logging context). A second insert of
// the same id does nothing (a redelivered DocumentsApproved).
void InsertOperation(pqxx::work& tx, const NewOperation& operation);

// Sets the total once the selection is frozen; an empty operation is SUCCEEDED at once with
// `step` saying why.
void SetTotal(pqxx::work& tx, const std::string& operation_id, int64_t total,
              const std::string& step);

// The operation with its refusal groups; NotFound (French) when it is not the tenant's.
absl::StatusOr<v1::Operation> LoadOperation(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& operation_id);

// Newest first, keyset pages: `after` is the last operation id of the previous page ("" for
// the first page).
std::vector<v1::Operation> ListOperations(pqxx::work& tx, const std::string& tenant_id,
                                          const std::string& after, int limit, bool running_only);

// Items of an operation in selection order after position `after_position` (-1: from the
// start), with the invoice number; outcome filter optional.
std::vector<std::pair<int32_t, v1::OperationItem>> ListItems(pqxx::work& tx,
                                                             const std::string& tenant_id,
                                                             const std::string& operation_id,
                                                             v1::ItemOutcome outcome,
                                                             int32_t after_position, int limit);

// RUNNING action operations, oldest first (the worker's queue, also after a restart).
std::vector<std::string> RunningActionOperations(pqxx::work& tx);

struct LockedOperation {
  std::string tenant_id;
  std::string action_code;
  std::string operator_id;
  std::string correlation_id;
  int64_t total = 0;
  int64_t done = 0;
  int64_t refused = 0;
};

// Locks a RUNNING action operation for one chunk (FOR UPDATE SKIP LOCKED: a replica already
// working on it is skipped); nullopt when it is not RUNNING or is locked elsewhere.
std::optional<LockedOperation> LockRunning(pqxx::work& tx, const std::string& operation_id);

// The next `limit` pending items with the current state of their invoices (read, not locked:
// the caller's UPDATE re-checks the state and the chunk is retried when it changed).
std::vector<domain::ChunkItem> PendingChunk(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& operation_id, int limit);

// Records the outcome of items (one UPDATE per call).
void MarkItems(pqxx::work& tx, const std::string& operation_id,
               const std::vector<int32_t>& positions, bool done, const std::string& reason);

// Adds a chunk's counts; SUCCEEDED when nothing is pending any more.
void Advance(pqxx::work& tx, const std::string& operation_id, int64_t done, int64_t refused,
             const std::string& step, bool finished);

// FAILED with a French `error` (never a raw SQL message).
void Fail(pqxx::work& tx, const std::string& operation_id, const std::string& error);

// Generation hooks (the operation id is the generation id): the documents are being fetched
// and numbered; then the outcome recorded in `generations` is copied (ISSUED → SUCCEEDED with
// its invoice count, REJECTED → FAILED with its reason).
void SetStep(pqxx::work& tx, const std::string& operation_id, const std::string& step);
void FinishGeneration(pqxx::work& tx, const std::string& generation_id);

}  // namespace factflow::invoicing::storage
