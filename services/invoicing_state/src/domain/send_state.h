#pragma once

// Send state of an invoice ("état d'envoi") and the processing actions of "Imprimer ou traiter
// les factures client" (domain.md §4, seed 002): which states each action selects by default,
// and which transition it makes.
//
//   action                     allowed from              result
//   print / preview / bills    any state                 unchanged
//   prepare                    EN_ATTENTE                PRET
//   put on hold                PRET                      EN_ATTENTE
//   keep internal              EN_ATTENTE, PRET          CONSERVE_INTERNE
//   put back on hold           CONSERVE_INTERNE          EN_ATTENTE
//   send                       PRET                      ENVOYE
//   retrieve for Chorus        PRET, ENVOYE              ENVOYE
//
// Retrieve for Chorus has the effects of send ("La facture passera à l'état Envoyé au
// destinataire", seed 002): its default selection is ENVOYE (fetch the signed PDFs again), and
// a PRET invoice it includes is sent by it.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <array>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace factflow::invoicing::domain {

enum class SendState { kEnAttente, kPret, kEnvoye, kConserveInterne };

inline constexpr std::array<SendState, 4> kAllSendStates = {
    SendState::kEnAttente, SendState::kPret, SendState::kEnvoye, SendState::kConserveInterne};

// Stable code for storage, events and APIs: "EN_ATTENTE", "PRET", "ENVOYE", "CONSERVE_INTERNE".
std::string_view ToCode(SendState state);
// Inverse of ToCode (exact match). Errors: InvalidArgument (French) for an unknown code.
absl::StatusOr<SendState> ParseSendState(std::string_view code);
// French label for screens and PDFs: "En attente", "Prêt", "Envoyé au destinataire",
// "Conservé en interne".
std::string_view Label(SendState state);

// An invoice sent to its recipient can no longer be changed (only cancelled by a credit note).
bool IsImmutable(SendState state);

enum class InvoiceAction {
  kPrint,
  kPreview,
  kPrintBillsOfExchange,
  kPrepare,
  kPutOnHold,
  kKeepInternal,
  kPutBackOnHold,
  kSend,
  kRetrieveForChorus,
};

inline constexpr std::array<InvoiceAction, 9> kAllInvoiceActions = {
    InvoiceAction::kPrint,         InvoiceAction::kPreview,   InvoiceAction::kPrintBillsOfExchange,
    InvoiceAction::kPrepare,       InvoiceAction::kPutOnHold, InvoiceAction::kKeepInternal,
    InvoiceAction::kPutBackOnHold, InvoiceAction::kSend,      InvoiceAction::kRetrieveForChorus};

// Stable code: "PRINT", "PREVIEW", "PRINT_BILLS_OF_EXCHANGE", "PREPARE", "PUT_ON_HOLD",
// "KEEP_INTERNAL", "PUT_BACK_ON_HOLD", "SEND", "RETRIEVE_FOR_CHORUS".
std::string_view ToCode(InvoiceAction action);
// Inverse of ToCode (exact match). Errors: InvalidArgument (French) for an unknown code.
absl::StatusOr<InvoiceAction> ParseInvoiceAction(std::string_view code);
// French label as in the processing screen: "Imprimer les factures", "Envoyer les factures"...
std::string_view Label(InvoiceAction action);

// The send states selected by default in the processing screen for `action` (domain.md §4), in
// kAllSendStates order. The operator may add other states; ApplyAction decides per invoice.
std::vector<SendState> DefaultStates(InvoiceAction action);

// The state of an invoice in `current` once `action` is applied to it.
// Errors: FailedPrecondition (French) naming the action, the current state and what to do,
// e.g. "Impossible d'envoyer une facture à l'état « En attente » : préparez-la d'abord."
absl::StatusOr<SendState> ApplyAction(InvoiceAction action, SendState current);

// True if the action records the print date, time and operator (print, bills of exchange);
// a preview records nothing.
bool RecordsPrint(InvoiceAction action);

// True for send and retrieve for Chorus: they make the invoice immutable, so the operator must
// confirm kFinalActionConfirmation first.
bool IsFinal(InvoiceAction action);

// The confirmation shown before a final action (seed 002, verbatim).
inline constexpr std::string_view kFinalActionConfirmation =
    "Attention, l'envoi de la facture au destinataire est définitif. Il ne sera plus possible de "
    "modifier la facture après envoi. Souhaitez-vous poursuivre ?";

}  // namespace factflow::invoicing::domain
