#pragma once

// One chunk of an action over a selection ("traitement des factures", domain.md §4), decided per
// document: each invoice either moves (grouped by its (from, to) transition, so that storage can
// apply each group with one set-based statement) or is refused with the reason the operator
// reads ("« Envoyer les factures » ne concerne que les factures à l'état Prêt : ..."). A
// selection with documents in other states is never refused whole.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/send_state.h"

namespace factflow::invoicing::domain {

// A frozen selection entry as it stands when its chunk is processed.
struct ChunkItem {
  int32_t position = 0;  // order in the selection
  std::string invoice_id;
  std::optional<SendState> state;  // nullopt: the invoice no longer exists for this tenant
};

// The documents of a chunk that make the same transition.
struct Transition {
  SendState from = SendState::kEnAttente;
  SendState to = SendState::kEnAttente;
  std::vector<std::string> invoice_ids;
  std::vector<int32_t> positions;
};

// The documents of a chunk refused for the same reason.
struct Refusal {
  std::string reason;
  std::vector<int32_t> positions;
};

struct ChunkPlan {
  std::vector<Transition> transitions;  // in order of first appearance
  std::vector<Refusal> refusals;        // in order of first appearance
  int64_t done = 0;
  int64_t refused = 0;
};

// Decides every item of the chunk for `action`; items keep their order inside each group.
ChunkPlan PlanChunk(InvoiceAction action, const std::vector<ChunkItem>& items);

// Why `action` does not apply to an invoice in `state`, in French, e.g. "« Préparer l'envoi des
// factures » ne concerne que les factures à l'état En attente : Impossible de préparer l'envoi
// d'une facture à l'état « Prêt » : elle est déjà prête à l'envoi."
std::string RefusalReason(InvoiceAction action, SendState state);

// The states `action` applies to, in kAllSendStates order.
std::vector<SendState> ApplicableStates(InvoiceAction action);

// Splits `ids` into consecutive slices of at most `max_size` (>= 1): events stay bounded.
std::vector<std::vector<std::string>> Slices(const std::vector<std::string>& ids, size_t max_size);

}  // namespace factflow::invoicing::domain
