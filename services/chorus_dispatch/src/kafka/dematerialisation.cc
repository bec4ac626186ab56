#include "kafka/dematerialisation.h"

#include "absl/strings/str_cat.h"
#include "chorus/chorus_queue_entry.h"
#include "mail/invoice_mail.h"
#include "storage/archive_repository.h"
#include "storage/chorus_export_repository.h"
#include "storage/mail_repository.h"

namespace factflow::dispatch {

bool Dematerialise(pqxx::work& tx, const std::string& tenant_id,
                   const invoicing::v1::Invoice& invoice, const DematerialisationModes& modes,
                   absl::Time now) {
  bool done = modes.any();
  if (modes.portal) {
    const invoicing::v1::CompanyIdentity& company = modes.tenant.company();
    mail::InvoiceNotice notice{company.name(),
                               company.email(),
                               invoice.buyer().name(),
                               invoice.buyer().email(),
                               invoice.number(),
                               invoice.issue_date(),
                               modes.tenant.portal_url(),
                               absl::StrCat("<", invoice.invoice_id(), "@factflow>")};
    if (absl::Status ok = mail::CheckNotice(notice); !ok.ok()) {
      storage::RecordExchange(tx, tenant_id, invoice.invoice_id(), "MAIL", "ERROR",
                              std::string(ok.message()));
      done = false;
    } else {
      bool queued = storage::EnqueueMail(
          tx, tenant_id,
          {invoice.invoice_id(), invoice.number(), notice.issuer_email, notice.recipient_email,
           mail::ComposeNotice(notice, now)});
      storage::RecordExchange(tx, tenant_id, invoice.invoice_id(), "MAIL", "QUEUED",
                              queued ? "e-mail de mise à disposition en attente d'envoi à " +
                                           notice.recipient_email
                                     : "e-mail déjà prévu pour cette facture : non dupliqué");
    }
  }
  if (modes.chorus) {
    storage::QueuedInvoice entry = chorus::QueueEntry(invoice, modes.tenant);
    storage::QueueForChorus(tx, tenant_id, entry);
    storage::RecordExchange(
        tx, tenant_id, invoice.invoice_id(), "CHORUS", "QUEUED",
        entry.anomalies.empty()
            ? std::string("facture en attente d'export et de dépôt sur Chorus Pro")
            : absl::StrCat("facture en file pour Chorus Pro, avec ", entry.anomalies.size(),
                           " anomalie(s) qui empêchent son export : ", entry.anomalies[0]));
  }
  return done;
}

}  // namespace factflow::dispatch
