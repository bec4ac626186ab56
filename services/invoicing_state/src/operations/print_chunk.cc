#include "operations/print_chunk.h"

#include <map>

#include "absl/strings/str_cat.h"
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

absl::StatusOr<std::string> Render(const v1::Invoice& invoice, bool duplicate) {
  absl::StatusOr<dispatch::domain::InvoiceDocument> document = dispatch::ToDocument(invoice);
  if (!document.ok()) return document.status();
  if (duplicate) document->copy_mark = kDuplicata;
  return dispatch::domain::RenderInvoicePdf(*document);
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
    const bool duplicate = invoice.printed_at().seconds() > 0;
    absl::StatusOr<std::string> pdf = Render(invoice, duplicate);
    if (!pdf.ok()) {
      spdlog::warn("operation {}: invoice {} cannot be rendered: {}", operation_id,
                   invoice.number(), pdf.status().ToString());
      refused[absl::StrCat("PDF impossible à produire (montants ou mentions incohérents) : ",
                           validation::Echo(AsStd(pdf.status().message())))]
          .push_back(position);
      continue;
    }
    storage::InsertPrintFile(tx, op.tenant_id, operation_id,
                             {position, invoice_id, invoice.number(), duplicate, *std::move(pdf)});
    done.positions.push_back(position);
    done.invoice_ids.push_back(invoice_id);
  }
  storage::RecordPrints(tx, op.tenant_id, done.invoice_ids, op.action_code, op.operator_id,
                        domain::RecordsPrint(action));
  plan.done = static_cast<int64_t>(done.positions.size());
  plan.refused = static_cast<int64_t>(items.size()) - plan.done;
  plan.transitions.push_back(std::move(done));
  for (auto& [reason, positions] : refused) plan.refusals.push_back({reason, positions});
  return plan;
}

}  // namespace factflow::invoicing
