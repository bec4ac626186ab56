#include "kafka/invoicing_events_handler.h"

#include "factflow/events/v1/events.pb.h"
#include "outbox/inbox.h"
#include "storage/batch_repository.h"

namespace factflow::importer {

absl::Status InvoicingEventsHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::InvoicesIssued issued;
  events::v1::GenerationRejected rejected;
  if (envelope.payload().UnpackTo(&issued)) {
    // An event without chunk fields (before chunking) is the whole generation in one chunk.
    const bool chunked = issued.chunk_count() > 0;
    storage::IssuedChunk chunk{issued.generation_id(),
                               chunked ? issued.chunk_index() : 0,
                               chunked ? issued.chunk_count() : 1,
                               chunked ? issued.invoice_ids_size() : issued.count(),
                               issued.count(),
                               issued.first_number(),
                               issued.last_number()};
    return outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
      storage::RecordIssued(tx, envelope.tenant_id(), chunk);
      return absl::OkStatus();
    });
  }
  if (envelope.payload().UnpackTo(&rejected)) {
    return outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
      storage::RecordRejected(tx, envelope.tenant_id(), rejected.generation_id(),
                              rejected.reason());
      return absl::OkStatus();
    });
  }
  return absl::OkStatus();  // other invoicing events do not concern the importer
}

}  // namespace factflow::importer
