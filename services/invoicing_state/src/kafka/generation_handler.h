#pragma once

// Consumes factflow.importer.v1 DocumentsApproved and numbers the generation, set-based and in
// bounded memory, in ONE transaction with the inbox claim:
//   1. pages through the frozen documents of the generation from the importer (keyset pages:
//      events stay small, bulk data travels by reference), computes each page's invoices and
//      stages them by COPY (storage/issue_staging.h) - no series lock is held meanwhile;
//   2. locks the series row, numbers every staged invoice with one INSERT ... SELECT (one
//      contiguous block in document order), writes the audit rows set-based, advances the
//      series, records the generation;
//   3. publishes InvoicesIssued in chunks of at most domain::kIssuedChunkSize invoices.
// A business refusal (unknown tenant or series, uncomputable amounts) numbers nothing and
// publishes GenerationRejected instead. A crash at any point commits nothing; the redelivered
// event starts again (the inbox makes a committed generation apply once).
//
// Thread safety: Handle may be called from several consumer threads (one transaction each).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "factflow/events/v1/envelope.pb.h"
#include "factflow/events/v1/events.pb.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class GenerationHandler {
 public:
  static constexpr char kConsumer[] = "invoicing-state.generations";
  // Documents fetched per GetApprovedDocuments call.
  static constexpr int kPageSize = 500;

  GenerationHandler(runtime::Runtime& runtime, std::shared_ptr<grpc::Channel> importer);

  // Unavailable while the importer or the database is unreachable (the event is retried).
  absl::Status Handle(const events::v1::EventEnvelope& envelope);

 private:
  // One keyset page of the generation's documents ("" for the first).
  absl::StatusOr<importer::v1::GetApprovedDocumentsResponse> FetchPage(
      const std::string& tenant_id, const std::string& generation_id, const std::string& token);

  // Numbers and stores the invoices; a non-OK status from a business rule is a refusal.
  absl::Status Issue(pqxx::work& tx, const events::v1::EventEnvelope& cause,
                     const events::v1::DocumentsApproved& approved);

  runtime::Runtime& runtime_;
  std::unique_ptr<importer::v1::ImporterService::Stub> importer_;
};

}  // namespace factflow::invoicing
