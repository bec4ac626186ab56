#include "operations/generation_progress.h"

#include "spdlog/spdlog.h"
#include "storage/operation_repository.h"

namespace factflow::invoicing {

absl::Status GenerationStarted(db::Pool& pool, const std::string& tenant_id,
                               const events::v1::DocumentsApproved& approved) {
  return pool.InTransaction([&](pqxx::work& tx) {
    storage::InsertOperation(
        tx, {approved.generation_id(), tenant_id, storage::kKindGeneration, "",
             approved.operator_id(), approved.batch_id(), "récupération des documents"});
    if (approved.document_count() > 0) {
      storage::SetTotal(tx, approved.generation_id(), approved.document_count(),
                        "récupération des documents");
    }
    // Already generated (an event delivered again): the operation shows that outcome.
    storage::FinishGeneration(tx, approved.generation_id());
    return absl::OkStatus();
  });
}

void GenerationStep(db::Pool& pool, const std::string& generation_id, const std::string& step) {
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    storage::SetStep(tx, generation_id, step);
    return absl::OkStatus();
  });
  if (!status.ok())
    spdlog::warn("generation {}: progress not recorded: {}", generation_id, status.ToString());
}

}  // namespace factflow::invoicing
