#include "domain/send_state.h"

#include <cstddef>
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

using StateSet = uint8_t;

constexpr StateSet Bit(SendState state) { return StateSet{1} << static_cast<int>(state); }

constexpr StateSet kEnAttente = Bit(SendState::kEnAttente);
constexpr StateSet kPret = Bit(SendState::kPret);
constexpr StateSet kEnvoye = Bit(SendState::kEnvoye);
constexpr StateSet kConserve = Bit(SendState::kConserveInterne);
constexpr StateSet kAnyState = kEnAttente | kPret | kEnvoye | kConserve;

struct StateSpec {
  SendState state;
  std::string_view code;
  std::string_view label;
};

constexpr std::array<StateSpec, 4> kStates = {{
    {SendState::kEnAttente, "EN_ATTENTE", "En attente"},
    {SendState::kPret, "PRET", "Prêt"},
    {SendState::kEnvoye, "ENVOYE", "Envoyé au destinataire"},
    {SendState::kConserveInterne, "CONSERVE_INTERNE", "Conservé en interne"},
}};

struct ActionSpec {
  InvoiceAction action;
  std::string_view code;
  std::string_view label;
  std::string_view refusal;  // starts the FailedPrecondition message
  StateSet allowed_from;
  std::optional<SendState> target;  // nullopt: the state is kept
  StateSet default_states;
  bool records_print;
  bool final;
};

// action, code, label, refusal, allowed_from, target, default_states, records_print, final
constexpr std::array<ActionSpec, 9> kActions = {{
    {InvoiceAction::kPrint, "PRINT", "Imprimer les factures", "", kAnyState, std::nullopt,
     kAnyState, true, false},
    {InvoiceAction::kPreview, "PREVIEW", "Aperçu des factures", "", kAnyState, std::nullopt,
     kAnyState, false, false},
    {InvoiceAction::kPrintBillsOfExchange, "PRINT_BILLS_OF_EXCHANGE", "Imprimer les traites", "",
     kAnyState, std::nullopt, kAnyState, true, false},
    {InvoiceAction::kPrepare, "PREPARE", "Préparer l'envoi des factures",
     "Impossible de préparer l'envoi d'une facture", kEnAttente, SendState::kPret, kEnAttente,
     false, false},
    {InvoiceAction::kPutOnHold, "PUT_ON_HOLD", "Mettre en attente l'envoi des factures",
     "Impossible de mettre en attente une facture", kPret, SendState::kEnAttente, kPret, false,
     false},
    {InvoiceAction::kKeepInternal, "KEEP_INTERNAL", "Conserver en interne les factures",
     "Impossible de conserver en interne une facture", kEnAttente | kPret,
     SendState::kConserveInterne, kEnAttente | kPret, false, false},
    {InvoiceAction::kPutBackOnHold, "PUT_BACK_ON_HOLD", "Remettre en attente l'envoi des factures",
     "Impossible de remettre en attente une facture", kConserve, SendState::kEnAttente, kConserve,
     false, false},
    {InvoiceAction::kSend, "SEND", "Envoyer les factures", "Impossible d'envoyer une facture",
     kPret, SendState::kEnvoye, kPret, false, true},
    {InvoiceAction::kRetrieveForChorus, "RETRIEVE_FOR_CHORUS",
     "Récupérer les factures à destination de Chorus",
     "Impossible de récupérer pour Chorus une facture", kPret | kEnvoye, SendState::kEnvoye,
     kEnvoye, false, true},
}};

// What to tell the operator for each refused (action, state) pair.
struct RefusalHint {
  InvoiceAction action;
  SendState state;
  std::string_view hint;
};

constexpr std::string_view kAlreadySent =
    "elle a déjà été envoyée au destinataire et n'est plus modifiable";
constexpr std::string_view kPrepareFirst = "préparez-la d'abord";
constexpr std::string_view kBackOnHoldThenPrepare =
    "remettez-la d'abord en attente, puis préparez-la";
constexpr std::string_view kAlreadyOnHold = "elle est déjà en attente";

constexpr std::array<RefusalHint, 16> kRefusalHints = {{
    {InvoiceAction::kPrepare, SendState::kPret, "elle est déjà prête à l'envoi"},
    {InvoiceAction::kPrepare, SendState::kEnvoye, kAlreadySent},
    {InvoiceAction::kPrepare, SendState::kConserveInterne,
     "remettez-la d'abord en attente (« Remettre en attente l'envoi des factures »)"},
    {InvoiceAction::kPutOnHold, SendState::kEnAttente, kAlreadyOnHold},
    {InvoiceAction::kPutOnHold, SendState::kEnvoye, kAlreadySent},
    {InvoiceAction::kPutOnHold, SendState::kConserveInterne,
     "utilisez « Remettre en attente l'envoi des factures »"},
    {InvoiceAction::kKeepInternal, SendState::kEnvoye, kAlreadySent},
    {InvoiceAction::kKeepInternal, SendState::kConserveInterne,
     "elle est déjà conservée en interne"},
    {InvoiceAction::kPutBackOnHold, SendState::kEnAttente, kAlreadyOnHold},
    {InvoiceAction::kPutBackOnHold, SendState::kPret,
     "elle n'est pas conservée en interne ; utilisez « Mettre en attente l'envoi des factures »"},
    {InvoiceAction::kPutBackOnHold, SendState::kEnvoye, kAlreadySent},
    {InvoiceAction::kSend, SendState::kEnAttente, kPrepareFirst},
    {InvoiceAction::kSend, SendState::kEnvoye, "elle a déjà été envoyée au destinataire"},
    {InvoiceAction::kSend, SendState::kConserveInterne, kBackOnHoldThenPrepare},
    {InvoiceAction::kRetrieveForChorus, SendState::kEnAttente, kPrepareFirst},
    {InvoiceAction::kRetrieveForChorus, SendState::kConserveInterne, kBackOnHoldThenPrepare},
}};

// The tables are indexed by the enum values.
constexpr bool TablesFollowEnumOrder() {
  for (size_t i = 0; i < kStates.size(); ++i) {
    if (static_cast<size_t>(kStates[i].state) != i) return false;
  }
  for (size_t i = 0; i < kActions.size(); ++i) {
    if (static_cast<size_t>(kActions[i].action) != i) return false;
  }
  return true;
}
static_assert(TablesFollowEnumOrder());

const StateSpec& Spec(SendState state) { return kStates[static_cast<size_t>(state)]; }
const ActionSpec& Spec(InvoiceAction action) { return kActions[static_cast<size_t>(action)]; }

std::string_view FindHint(InvoiceAction action, SendState state) {
  for (const RefusalHint& entry : kRefusalHints) {
    if (entry.action == action && entry.state == state) return entry.hint;
  }
  return "cette action ne s'applique pas à cet état";
}

}  // namespace

std::string_view ToCode(SendState state) { return Spec(state).code; }

std::string_view Label(SendState state) { return Spec(state).label; }

absl::StatusOr<SendState> ParseSendState(std::string_view code) {
  for (const StateSpec& spec : kStates) {
    if (spec.code == code) return spec.state;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("État d'envoi inconnu « ", AsAbsl(code),
                   " » : valeurs possibles EN_ATTENTE, PRET, ENVOYE, CONSERVE_INTERNE."));
}

bool IsImmutable(SendState state) { return state == SendState::kEnvoye; }

std::string_view ToCode(InvoiceAction action) { return Spec(action).code; }

std::string_view Label(InvoiceAction action) { return Spec(action).label; }

absl::StatusOr<InvoiceAction> ParseInvoiceAction(std::string_view code) {
  for (const ActionSpec& spec : kActions) {
    if (spec.code == code) return spec.action;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "Type de traitement inconnu « ", AsAbsl(code),
      " » : valeurs possibles PRINT, PREVIEW, PRINT_BILLS_OF_EXCHANGE, PREPARE, PUT_ON_HOLD, "
      "KEEP_INTERNAL, PUT_BACK_ON_HOLD, SEND, RETRIEVE_FOR_CHORUS."));
}

std::vector<SendState> DefaultStates(InvoiceAction action) {
  std::vector<SendState> states;
  for (SendState state : kAllSendStates) {
    if (Spec(action).default_states & Bit(state)) states.push_back(state);
  }
  return states;
}

absl::StatusOr<SendState> ApplyAction(InvoiceAction action, SendState current) {
  const ActionSpec& spec = Spec(action);
  if (spec.allowed_from & Bit(current)) return spec.target.value_or(current);
  return absl::FailedPreconditionError(
      absl::StrCat(AsAbsl(spec.refusal), " à l'état « ", AsAbsl(Label(current)),
                   " » : ", AsAbsl(FindHint(action, current)), "."));
}

bool RecordsPrint(InvoiceAction action) { return Spec(action).records_print; }

bool IsFinal(InvoiceAction action) { return Spec(action).final; }

}  // namespace factflow::invoicing::domain
