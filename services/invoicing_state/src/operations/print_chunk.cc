#include "operations/print_chunk.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "domain/bill_renderer.h"
#include "domain/cfonb_lcr.h"
#include "domain/pdf_renderer.h"
#include "rendering/invoice_mapping.h"
#include "spdlog/spdlog.h"
#include "storage/invoice_repository.h"
#include "storage/print_repository.h"
#include "strings/absl_bridge.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

constexpr char kDuplicata[] = "DUPLICATA";
// UNTDID 4461 codes of the payment modes that are paid by a bill of exchange.
constexpr char kMeansLcr[] = "70";
constexpr char kMeansBilletAOrdre[] = "60";

struct Rendered {
  std::string pdf;
  std::string cfonb_record;  // LCR bills only
  absl::Status refusal;      // not OK: the invoice is refused with this French reason
};

Rendered Refused(std::string reason) {
  return {"", "", absl::FailedPreconditionError(std::move(reason))};
}

Rendered RenderInvoice(const v1::Invoice& invoice, bool duplicate) {
  absl::StatusOr<dispatch::domain::InvoiceDocument> document = dispatch::ToDocument(invoice);
  // (Never build a StatusOr from an OK status: absl aborts the process.)
  absl::StatusOr<std::string> pdf = absl::InternalError("not rendered");
  if (document.ok()) {
    if (duplicate) document->copy_mark = kDuplicata;
    pdf = dispatch::domain::RenderInvoicePdf(*document);
  } else {
    pdf = document.status();
  }
  if (pdf.ok()) return {*std::move(pdf), "", absl::OkStatus()};
  spdlog::warn("invoice {} cannot be rendered: {}", invoice.number(), pdf.status().ToString());
  return Refused(absl::StrCat("PDF impossible à produire (montants ou mentions incohérents) : ",
                              validation::Echo(AsStd(pdf.status().message()))));
}

// The bill of exchange of an invoice payable by LCR or billet à ordre, and for an LCR its
// CFONB detail record (sequence number left at 0: DownloadPrint numbers the records).
Rendered RenderBill(const v1::Invoice& invoice) {
  const std::string& means = invoice.payment_means_code();
  if (means != kMeansLcr && means != kMeansBilletAOrdre) {
    return Refused(absl::StrCat(
        "« Imprimer les traites » ne concerne que les factures payables par LCR ou billet à "
        "ordre : mode de paiement « ",
        invoice.payment_mode().empty() ? "non précisé" : invoice.payment_mode(), " »"));
  }
  absl::StatusOr<dispatch::domain::InvoiceDocument> document = dispatch::ToDocument(invoice);
  if (!document.ok()) return Refused(std::string(document.status().message()));
  dispatch::domain::BillOfExchange bill;
  bill.kind = means == kMeansLcr ? dispatch::domain::BillKind::kLettreDeChange
                                 : dispatch::domain::BillKind::kBilletAOrdre;
  bill.invoice_number = invoice.number();
  bill.amount = document->amount_due;
  bill.due_date = invoice.due_date();
  bill.creation_date = invoice.issue_date();
  bill.creation_place = document->seller.address.city;
  bill.drawer = document->seller;
  bill.drawee = document->buyer;
  bill.drawee_iban = invoice.buyer().iban();
  bill.drawee_bank = invoice.buyer().bank_name();
  std::string record;
  if (bill.kind == dispatch::domain::BillKind::kLettreDeChange) {
    absl::StatusOr<std::string> detail = domain::LcrDetailRecord(
        {invoice.number(), invoice.buyer().name(), invoice.buyer().bank_name(),
         invoice.buyer().iban(), bill.amount, bill.due_date, bill.creation_date},
        0);
    if (!detail.ok()) {
      return Refused(absl::StrCat("LCR non remettable à la banque : ", detail.status().message()));
    }
    record = *std::move(detail);
  }
  absl::StatusOr<std::string> pdf = dispatch::domain::RenderBillPdf(bill);
  if (!pdf.ok()) return Refused(std::string(pdf.status().message()));
  return {*std::move(pdf), std::move(record), absl::OkStatus()};
}

}  // namespace

absl::StatusOr<domain::ChunkPlan> RunPrintChunk(pqxx::work& tx,
                                                const storage::LockedOperation& op,
                                                const std::string& operation_id,
                                                domain::InvoiceAction action,
                                                const std::vector<domain::ChunkItem>& items) {
  // Every state is printable: the plan only refuses invoices that no longer exist.
  domain::ChunkPlan plan = domain::PlanChunk(action, items);
  std::map<int32_t, std::string> to_print;  // position -> invoice id, in selection order
  v1::SelectionCriteria criteria;
  for (const domain::Transition& transition : plan.transitions) {
    for (size_t i = 0; i < transition.invoice_ids.size(); ++i) {
      to_print.emplace(transition.positions[i], transition.invoice_ids[i]);
      criteria.add_invoice_ids(transition.invoice_ids[i]);
    }
  }
  plan.transitions.clear();
  if (to_print.empty()) return plan;
  // Locked: two prints of the same invoice at once agree on which one is the first.
  std::vector<domain::SendState> states(domain::kAllSendStates.begin(),
                                        domain::kAllSendStates.end());
  std::map<std::string, v1::Invoice> invoices;
  for (v1::Invoice& invoice : storage::SelectInvoices(
           tx, op.tenant_id, criteria, states, static_cast<int>(to_print.size()), 0, true)) {
    std::string id = invoice.invoice_id();
    invoices.emplace(std::move(id), std::move(invoice));
  }
  const bool bills = action == domain::InvoiceAction::kPrintBillsOfExchange;
  // The caller marks the items: the printed ones are given back as one transition whose
  // states are not used (printing changes no state).
  domain::Transition done{domain::SendState::kEnAttente, domain::SendState::kEnAttente, {}, {}};
  std::map<std::string, std::vector<int32_t>> refused;
  for (const auto& [position, invoice_id] : to_print) {
    auto found = invoices.find(invoice_id);
    if (found == invoices.end()) {
      refused["facture introuvable dans ce dossier"].push_back(position);
      continue;
    }
    const v1::Invoice& invoice = found->second;
    // A bill carries no print record of its own: it is never a duplicata.
    const bool duplicate = !bills && invoice.printed_at().seconds() > 0;
    Rendered rendered = bills ? RenderBill(invoice) : RenderInvoice(invoice, duplicate);
    if (!rendered.refusal.ok()) {
      refused[std::string(rendered.refusal.message())].push_back(position);
      continue;
    }
    storage::InsertPrintFile(tx, op.tenant_id, operation_id,
                             {position, invoice_id, invoice.number(), duplicate,
                              std::move(rendered.pdf), std::move(rendered.cfonb_record)});
    done.positions.push_back(position);
    done.invoice_ids.push_back(invoice_id);
  }
  // Only an invoice print records the print date; bills and previews are audited only.
  storage::RecordPrints(tx, op.tenant_id, done.invoice_ids, op.action_code, op.operator_id,
                        action == domain::InvoiceAction::kPrint);
  plan.done = static_cast<int64_t>(done.positions.size());
  plan.refused = static_cast<int64_t>(items.size()) - plan.done;
  plan.transitions.push_back(std::move(done));
  for (auto& [reason, positions] : refused) plan.refusals.push_back({reason, positions});
  return plan;
}

}  // namespace factflow::invoicing
