#include "domain/batch_cancel.h"

#include "absl/strings/str_cat.h"
#include "domain/french_format.h"

namespace factflow::invoicing::domain {
namespace {

std::string Others(int64_t left_out, std::string_view singular, std::string_view plural) {
  if (left_out <= 0) return "";
  return absl::StrCat("\n  … et ", left_out, " ", std::string(left_out == 1 ? singular : plural),
                      " de plus");
}

}  // namespace

std::string RuleLabel(CancelBlock rule) {
  switch (rule) {
    case CancelBlock::kLaterNumber:
      return "numéro attribué après ce lot dans la chaîne de numérotation";
    case CancelBlock::kLaterCreditNote:
      return "avoir créé après ce lot";
    case CancelBlock::kLeftPending:
      return "facture du lot qui n'est plus en attente ni prête";
    case CancelBlock::kPrinted:
      return "facture du lot imprimée pour le client";
    case CancelBlock::kArchived:
      return "facture du lot archivée";
  }
  return "document bloquant";
}

std::string RefusalMessage(const CancelRefusal& refusal) {
  std::string text = absl::StrCat(
      "Impossible d'annuler le lot n° ", refusal.batch_number, " : ", refusal.blocker_count,
      refusal.blocker_count == 1 ? " document bloque" : " documents bloquent",
      " l'annulation (une annulation ne doit laisser aucun trou dans la numérotation, et une "
      "facture imprimée, envoyée ou archivée ne se supprime pas) :");
  for (const Blocker& blocker : refusal.blockers) {
    absl::StrAppend(&text, "\n  - ", blocker.number, " : ", RuleLabel(blocker.rule));
    if (!blocker.detail.empty()) absl::StrAppend(&text, " (", blocker.detail, ")");
  }
  absl::StrAppend(&text,
                  Others(refusal.blocker_count - static_cast<int64_t>(refusal.blockers.size()),
                         "document", "documents"));
  if (refusal.invoice_count > 0) {
    const std::string invoices =
        refusal.invoice_count == 1
            ? std::string("la facture")
            : absl::StrCat("les ", refusal.invoice_count, " factures");
    absl::StrAppend(&text, "\nPour annuler ", invoices, " de ce lot (total ",
                    FrenchEuros(refusal.invoices_total),
                    "), établissez plutôt un avoir total pour chacune :");
    for (const CreditNoteProposal& proposal : refusal.proposals) {
      absl::StrAppend(&text, "\n  - avoir de ", FrenchEuros(proposal.total_with_vat),
                      " sur la facture ", proposal.invoice_number);
    }
    absl::StrAppend(
        &text, Others(refusal.invoice_count - static_cast<int64_t>(refusal.proposals.size()),
                      "avoir", "avoirs"));
  }
  return text;
}

}  // namespace factflow::invoicing::domain
