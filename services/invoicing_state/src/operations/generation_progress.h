#pragma once

// The hooks that make a generation (DocumentsApproved → numbered invoices) visible as a
// long-running operation keyed by its generation id, kept apart from the generation handler so
// that the handler only calls them. The outcome is recorded by storage::InsertGeneration in the
// generation's own transaction (ISSUED → SUCCEEDED, REJECTED → FAILED with the reason).
//
// Thread safety: stateless; safe from any thread.

#include <string>

#include "absl/status/status.h"
#include "db/pool.h"
#include "factflow/events/v1/events.pb.h"

namespace factflow::invoicing {

// Creates the RUNNING operation (nothing when it exists: a redelivered event). Unavailable when
// the database cannot be reached (the event is retried).
absl::Status GenerationStarted(db::Pool& pool, const std::string& tenant_id,
                               const events::v1::DocumentsApproved& approved);

// Shows what the generation is doing (French); best effort: a failure is only logged.
void GenerationStep(db::Pool& pool, const std::string& generation_id, const std::string& step);

}  // namespace factflow::invoicing
