#include "domain/bulk_action.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

constexpr char kMissing[] = "facture introuvable dans ce dossier";

template <typename Group, typename Key>
Group& FindOrAdd(std::vector<Group>& groups, const Key& matches, Group fresh) {
  auto found = std::find_if(groups.begin(), groups.end(), matches);
  if (found != groups.end()) return *found;
  groups.push_back(std::move(fresh));
  return groups.back();
}

}  // namespace

std::vector<SendState> ApplicableStates(InvoiceAction action) {
  std::vector<SendState> states;
  for (SendState state : kAllSendStates) {
    if (ApplyAction(action, state).ok()) states.push_back(state);
  }
  return states;
}

std::string RefusalReason(InvoiceAction action, SendState state) {
  absl::StatusOr<SendState> applied = ApplyAction(action, state);
  if (applied.ok()) return "";
  std::vector<std::string> labels;
  for (SendState s : ApplicableStates(action)) labels.emplace_back(Label(s));
  return absl::StrCat("« ", AsAbsl(Label(action)), " » ne concerne que les factures à l'état ",
                      absl::StrJoin(labels, " ou "), " : ", applied.status().message());
}

ChunkPlan PlanChunk(InvoiceAction action, const std::vector<ChunkItem>& items) {
  ChunkPlan plan;
  for (const ChunkItem& item : items) {
    std::string reason;
    if (!item.state.has_value()) {
      reason = kMissing;
    } else if (absl::StatusOr<SendState> to = ApplyAction(action, *item.state); to.ok()) {
      Transition& group = FindOrAdd(
          plan.transitions,
          [&](const Transition& t) { return t.from == *item.state && t.to == *to; },
          Transition{*item.state, *to, {}, {}});
      group.invoice_ids.push_back(item.invoice_id);
      group.positions.push_back(item.position);
      ++plan.done;
      continue;
    } else {
      reason = RefusalReason(action, *item.state);
    }
    Refusal& group = FindOrAdd(
        plan.refusals, [&](const Refusal& r) { return r.reason == reason; }, Refusal{reason, {}});
    group.positions.push_back(item.position);
    ++plan.refused;
  }
  return plan;
}

std::vector<std::vector<std::string>> Slices(const std::vector<std::string>& ids, size_t max_size) {
  std::vector<std::vector<std::string>> slices;
  max_size = std::max<size_t>(max_size, 1);
  for (size_t begin = 0; begin < ids.size(); begin += max_size) {
    size_t end = std::min(ids.size(), begin + max_size);
    slices.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(begin),
                        ids.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return slices;
}

}  // namespace factflow::invoicing::domain
