#include "operations/action_runner.h"

#include "absl/strings/str_cat.h"
#include "domain/bulk_action.h"
#include "issuing/invoice_rules.h"
#include "issuing/renderable.h"
#include "operations/print_chunk.h"
#include "factflow/events/v1/events.pb.h"
#include "logging/logging.h"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/invoice_repository.h"
#include "storage/operation_repository.h"
#include "storage/print_repository.h"
#include "storage/tenant_repository.h"

namespace factflow::invoicing {
namespace {

constexpr char kTopic[] = "factflow.invoicing.v1";
// How often the runner looks for operations it was not woken for (another replica's, or one
// left RUNNING by a crash), and how long it waits after the database was unreachable.
constexpr auto kPollInterval = std::chrono::seconds(2);

outbox::EventOrigin Origin(const std::string& tenant_id, const std::string& operation_id) {
  return {tenant_id, "operation", operation_id, "invoicing-state", ""};
}

void PublishStateChanges(pqxx::work& tx, const storage::LockedOperation& op,
                         const std::string& operation_id, const domain::Transition& transition) {
  for (const auto& slice : domain::Slices(transition.invoice_ids, ActionRunner::kEventIds)) {
    events::v1::InvoiceStateChanged changed;
    for (const auto& id : slice) changed.add_invoice_ids(id);
    changed.set_action(op.action_code);
    changed.set_from_state(std::string(domain::ToCode(transition.from)));
    changed.set_to_state(std::string(domain::ToCode(transition.to)));
    changed.set_operator_id(op.operator_id);
    outbox::Append(tx, kTopic, outbox::MakeEnvelope(changed, Origin(op.tenant_id, operation_id)));
  }
}

// Announces sent invoices to chorus-dispatch. chunk_index/chunk_count number the events of this
// operation chunk (chorus-dispatch only logs them).
void PublishSent(pqxx::work& tx, const storage::LockedOperation& op,
                 const std::string& operation_id, const v1::Tenant& tenant,
                 const std::vector<std::string>& ids) {
  auto slices = domain::Slices(ids, ActionRunner::kSendChunk);
  for (size_t i = 0; i < slices.size(); ++i) {
    events::v1::InvoicesSent sent;
    for (const auto& id : slices[i]) sent.add_invoice_ids(id);
    sent.set_operator_id(op.operator_id);
    sent.set_archive(tenant.archiving_enabled());
    sent.set_dematerialise(tenant.dematerialisation_enabled());
    sent.set_dematerialise_chorus(tenant.chorus_dematerialisation_enabled());
    sent.set_chunk_index(static_cast<int32_t>(i));
    sent.set_chunk_count(static_cast<int32_t>(slices.size()));
    outbox::Append(
        tx, kTopic,
        outbox::MakeEnvelope(sent, {op.tenant_id, "invoice-selection", sent.invoice_ids(0),
                                    "invoicing-state", operation_id}));
  }
}

// "An invoice that cannot be rendered must never have been sendable": before an invoice becomes
// ready or sent, the renderers' own check runs on it; one that fails stays where it is and is
// refused with the reason, while the rest of the chunk goes on.
// The rule engine's blocking rules (issuing/invoice_rules.h) are checked the same way.
absl::Status RefuseUnrenderable(pqxx::work& tx, const std::string& tenant_id,
                                domain::ChunkPlan& plan) {
  std::optional<v1::Tenant> tenant;
  for (domain::Transition& transition : plan.transitions) {
    if (transition.from == transition.to || (transition.to != domain::SendState::kPret &&
                                             transition.to != domain::SendState::kEnvoye)) {
      continue;
    }
    v1::SelectionCriteria criteria;
    for (const auto& id : transition.invoice_ids) criteria.add_invoice_ids(id);
    std::vector<domain::SendState> states(domain::kAllSendStates.begin(),
                                          domain::kAllSendStates.end());
    std::map<std::string, std::string> refused;
    for (const v1::Invoice& invoice :
         storage::SelectInvoices(tx, tenant_id, criteria, states,
                                 static_cast<int>(transition.invoice_ids.size()), 0, false)) {
      if (!tenant.has_value()) {
        FACTFLOW_ASSIGN_OR_RETURN(tenant, storage::LoadTenant(tx, tenant_id));
      }
      absl::Status renderable = CheckRenderable(invoice);
      if (renderable.ok()) renderable = CheckBlockingRules(invoice, *tenant);
      if (!renderable.ok()) {
        refused.emplace(invoice.invoice_id(), std::string(renderable.message()));
      }
    }
    if (refused.empty()) continue;
    domain::Transition kept{transition.from, transition.to, {}, {}};
    for (size_t i = 0; i < transition.invoice_ids.size(); ++i) {
      auto it = refused.find(transition.invoice_ids[i]);
      if (it == refused.end()) {
        kept.invoice_ids.push_back(transition.invoice_ids[i]);
        kept.positions.push_back(transition.positions[i]);
      } else {
        plan.refusals.push_back({it->second, {transition.positions[i]}});
        --plan.done;
        ++plan.refused;
      }
    }
    transition = std::move(kept);
  }
  return absl::OkStatus();
}

bool Retryable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kAborted;
}

}  // namespace

ActionRunner::ActionRunner(runtime::Runtime& runtime, int chunk_size)
    : runtime_(runtime), chunk_size_(chunk_size > 0 ? chunk_size : kDefaultChunkSize) {}

ActionRunner::~ActionRunner() { Stop(); }

void ActionRunner::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ActionRunner::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ActionRunner::Wake() {
  {
    std::lock_guard lock(mutex_);
    wake_requested_ = true;
  }
  wake_.notify_all();
}

absl::StatusOr<bool> ActionRunner::RunChunk(const std::string& operation_id) {
  bool more = false;
  absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
    more = false;
    std::optional<storage::LockedOperation> op = storage::LockRunning(tx, operation_id);
    if (!op.has_value()) return absl::OkStatus();
    logging::ScopedContext context({op->tenant_id, op->correlation_id, ""});
    absl::StatusOr<domain::InvoiceAction> action = domain::ParseInvoiceAction(op->action_code);
    if (!action.ok())
      return absl::InternalError(
          absl::StrCat("operation ", operation_id, ": ", action.status().message()));
    const int chunk_size = IsPrintAction(*action) ? std::min(chunk_size_, kPrintChunkSize)
                                                  : chunk_size_;
    std::vector<domain::ChunkItem> items =
        storage::PendingChunk(tx, op->tenant_id, operation_id, chunk_size);
    domain::ChunkPlan plan;
    if (IsPrintAction(*action)) {
      FACTFLOW_ASSIGN_OR_RETURN(plan, RunPrintChunk(tx, *op, operation_id, *action, items));
      for (const domain::Transition& printed : plan.transitions) {
        storage::MarkItems(tx, operation_id, printed.positions, true, "");
      }
      plan.transitions.clear();
    } else {
      plan = domain::PlanChunk(*action, items);
      FACTFLOW_RETURN_IF_ERROR(RefuseUnrenderable(tx, op->tenant_id, plan));
    }
    std::vector<std::string> sent;
    for (const domain::Transition& transition : plan.transitions) {
      if (transition.invoice_ids.empty()) continue;
      int64_t moved =
          storage::ApplyTransition(tx, op->tenant_id, transition.invoice_ids, transition.from,
                                   transition.to, op->action_code, op->operator_id);
      if (moved != static_cast<int64_t>(transition.invoice_ids.size())) {
        // Another action moved some of these invoices since they were read: redo the chunk
        // (this transaction rolls back) with their new states.
        return absl::AbortedError("invoices changed state during the chunk");
      }
      storage::MarkItems(tx, operation_id, transition.positions, true, "");
      PublishStateChanges(tx, *op, operation_id, transition);
      if (transition.to == domain::SendState::kEnvoye &&
          transition.from != domain::SendState::kEnvoye) {
        sent.insert(sent.end(), transition.invoice_ids.begin(), transition.invoice_ids.end());
      }
    }
    for (const domain::Refusal& refusal : plan.refusals) {
      storage::MarkItems(tx, operation_id, refusal.positions, false, refusal.reason);
    }
    if (!sent.empty()) {
      FACTFLOW_ASSIGN_OR_RETURN(v1::Tenant tenant, storage::LoadTenant(tx, op->tenant_id));
      PublishSent(tx, *op, operation_id, tenant, sent);
    }
    int64_t processed = op->done + op->refused + plan.done + plan.refused;
    bool finished = static_cast<int>(items.size()) < chunk_size || processed >= op->total;
    if (finished && IsPrintAction(*action)) storage::PurgeOldPrintFiles(tx);
    storage::Advance(
        tx, operation_id, plan.done, plan.refused,
        finished ? "terminé" : absl::StrCat("traitement : ", processed, " sur ", op->total),
        finished);
    more = !finished;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  runtime_.relay().Wake();
  return more;
}

void ActionRunner::FailOperation(const std::string& operation_id, const absl::Status& cause) {
  spdlog::error("operation {} failed: {}", operation_id, cause.ToString());
  std::string error = absl::StrCat(
      "le traitement s'est arrêté sur une erreur interne (les lots déjà traités sont "
      "enregistrés, les autres n'ont pas été modifiés) ; voir les journaux de invoicing-state "
      "pour l'opération ",
      operation_id);
  absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) {
    storage::Fail(tx, operation_id, error);
    return absl::OkStatus();
  });
  if (!status.ok()) spdlog::error("cannot record the failure: {}", status.ToString());
}

bool ActionRunner::RunRound() {
  std::vector<std::string> running;
  absl::Status listed = runtime_.pool().InTransaction([&](pqxx::work& tx) {
    running = storage::RunningActionOperations(tx);
    return absl::OkStatus();
  });
  if (!listed.ok()) {
    spdlog::warn("operations: cannot list running operations: {}", listed.ToString());
    return false;
  }
  bool progressed = false;
  for (const std::string& operation_id : running) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
    }
    absl::StatusOr<bool> more = RunChunk(operation_id);
    if (more.ok()) {
      progressed = progressed || *more;
    } else if (Retryable(more.status())) {
      spdlog::warn("operation {}: chunk will be retried: {}", operation_id,
                   more.status().ToString());
    } else {
      FailOperation(operation_id, more.status());
    }
  }
  return progressed;
}

void ActionRunner::Run() {
  while (true) {
    bool progressed = RunRound();
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (progressed) continue;
    wake_.wait_for(lock, kPollInterval, [&] { return stopping_ || wake_requested_; });
    wake_requested_ = false;
    if (stopping_) return;
  }
}

}  // namespace factflow::invoicing
