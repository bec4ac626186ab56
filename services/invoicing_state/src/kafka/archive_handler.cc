#include "kafka/archive_handler.h"

#include "absl/strings/str_cat.h"
#include "factflow/events/v1/events.pb.h"
#include "outbox/inbox.h"
#include "spdlog/spdlog.h"
#include "storage/invoice_repository.h"

namespace factflow::invoicing {

absl::Status ArchiveHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::InvoicesArchived archived;
  if (!envelope.payload().UnpackTo(&archived)) return absl::OkStatus();  // not for us
  return outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
    for (const auto& invoice : archived.invoices()) {
      if (!storage::RecordArchived(tx, envelope.tenant_id(), invoice.invoice_id(),
                                   invoice.pdf_sha256(), invoice.xml_sha256(),
                                   invoice.einvoice_path())) {
        spdlog::error("archived invoice {} is unknown here", invoice.invoice_id());
        continue;
      }
      storage::AppendAudit(tx, envelope.tenant_id(),
                           {invoice.invoice_id(), "service:chorus-dispatch", "ARCHIVE", "", "",
                            absl::StrCat("PDF SHA-256 ", invoice.pdf_sha256())});
      if (invoice.dematerialised()) {
        storage::MarkDematerialised(tx, envelope.tenant_id(), invoice.invoice_id());
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace factflow::invoicing
