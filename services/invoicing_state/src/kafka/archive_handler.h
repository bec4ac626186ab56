#pragma once

// Consumes factflow.dispatch.v1 InvoicesArchived: records, once per event, that each invoice's
// PDF and e-invoice are in the archive (hashes, path) and adds it to the audit trail.

#include "absl/status/status.h"
#include "factflow/events/v1/envelope.pb.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class ArchiveHandler {
 public:
  static constexpr char kConsumer[] = "invoicing-state.archives";

  explicit ArchiveHandler(runtime::Runtime& runtime) : runtime_(runtime) {}

  absl::Status Handle(const events::v1::EventEnvelope& envelope);

 private:
  runtime::Runtime& runtime_;
};

}  // namespace factflow::invoicing
