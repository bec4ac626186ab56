#pragma once

// Consumes factflow.importer.v1 DocumentsApproved: fetches the frozen documents of the
// generation from the importer (by reference: events stay small), then, in ONE transaction with
// the inbox claim, locks the series, computes every invoice, allocates one contiguous block of
// numbers in document order, stores the invoices and publishes InvoicesIssued through the
// outbox. A business refusal (unknown tenant or series, uncomputable amounts) numbers nothing
// and publishes GenerationRejected instead.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "factflow/events/v1/envelope.pb.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class GenerationHandler {
 public:
  static constexpr char kConsumer[] = "invoicing-state.generations";

  GenerationHandler(runtime::Runtime& runtime, std::shared_ptr<grpc::Channel> importer);

  // Unavailable while the importer or the database is unreachable (the event is retried).
  absl::Status Handle(const events::v1::EventEnvelope& envelope);

 private:
  absl::StatusOr<importer::v1::GetApprovedDocumentsResponse> FetchDocuments(
      const std::string& tenant_id, const std::string& generation_id);

  runtime::Runtime& runtime_;
  std::unique_ptr<importer::v1::ImporterService::Stub> importer_;
};

}  // namespace factflow::invoicing
