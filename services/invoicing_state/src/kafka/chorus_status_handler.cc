#include "kafka/chorus_status_handler.h"

#include "absl/strings/str_cat.h"
#include "factflow/events/v1/events.pb.h"
#include "outbox/inbox.h"
#include "storage/invoice_repository.h"

namespace factflow::invoicing {

absl::Status ChorusStatusHandler::Handle(const events::v1::EventEnvelope& envelope) {
  events::v1::ChorusStatusChanged changed;
  if (!envelope.payload().UnpackTo(&changed)) return absl::OkStatus();  // not for us
  return outbox::ApplyOnce(runtime_.pool(), kConsumer, envelope, [&](pqxx::work& tx) {
    for (const auto& s : changed.invoices()) {
      std::string detail = absl::StrCat("Chorus Pro : ", s.status());
      if (!s.flux_number().empty()) absl::StrAppend(&detail, " (flux ", s.flux_number(), ")");
      if (!s.field().empty()) absl::StrAppend(&detail, " ; champ ", s.field());
      if (!s.reason().empty()) absl::StrAppend(&detail, " ; ", s.reason());
      storage::AppendAudit(tx, envelope.tenant_id(),
                           {s.invoice_id(), "service:chorus-dispatch", "CHORUS_STATUS", "", "",
                            detail});
    }
    return absl::OkStatus();
  });
}

}  // namespace factflow::invoicing
