#include "chorus/chorus_queue_entry.h"

#include "rules/invoice_wire.h"
#include "rules/rule_engine.h"

namespace factflow::dispatch::chorus {

storage::QueuedInvoice QueueEntry(const invoicing::v1::Invoice& invoice,
                                  const invoicing::v1::Tenant& tenant) {
  storage::QueuedInvoice entry;
  entry.invoice_id = invoice.invoice_id();
  entry.invoice_number = invoice.number();
  entry.issue_date = invoice.issue_date();
  entry.type_code = invoice.type_code();
  entry.customer_code = invoice.chorus().customer_code();
  entry.export_to_chorus = invoice.chorus().export_to_chorus();
  entry.total_with_vat = invoice.total_with_vat().value();
  // The same context as invoicing-state's JudgeInvoice, with the Chorus Pro rules on.
  rules::WireContext context;
  context.vat_franchise_293b = tenant.legal_mentions().vat_exempt_293b();
  context.chorus.destined = true;
  absl::StatusOr<rules::Invoice> model = rules::FromWire(invoice, context);
  if (!model.ok()) {
    entry.anomalies.emplace_back(model.status().message());
    return entry;
  }
  for (const rules::Finding& finding : rules::Check(*model).findings) {
    if (finding.rule->severity == rules::Severity::kBlocking) {
      entry.anomalies.push_back(finding.Text());
    }
  }
  return entry;
}

}  // namespace factflow::dispatch::chorus
