#pragma once

// Consumes factflow.invoicing.v1: InvoicesIssued (in chunks) marks the batch GENERATED with its
// number range once every chunk of the generation arrived; GenerationRejected puts the batch back
// in the grid (REJECTED, documents unfrozen) with the reason, so the operator can fix it and
// generate again.

#include "absl/status/status.h"
#include "factflow/events/v1/envelope.pb.h"
#include "runtime/runtime.h"

namespace factflow::importer {

class InvoicingEventsHandler {
 public:
  static constexpr char kConsumer[] = "importer.invoicing-events";

  explicit InvoicingEventsHandler(runtime::Runtime& runtime) : runtime_(runtime) {}

  absl::Status Handle(const events::v1::EventEnvelope& envelope);

 private:
  runtime::Runtime& runtime_;
};

}  // namespace factflow::importer
