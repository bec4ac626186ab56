// ImporterService.CancelBatches: "Suppr. Import" (domain.md §2.5), across the importer and
// invoicing-state.
//
// Protocol (README, "Cancelling batches"): a synchronous call inside the importer's transaction.
//   1. The importer locks the batches' rows (FOR UPDATE, in number order): no generation, grid
//      change or other cancel of these batches can run meanwhile. A batch still GENERATING is
//      refused (its numbers are being allocated).
//   2. Still inside that transaction, it calls invoicing-state's CancelBatchInvoices, which in
//      ONE transaction of its own checks the rules, deletes the batches' invoices and rewinds
//      their series, or refuses naming the blocking documents (then nothing changed anywhere).
//   3. Only once invoicing-state has committed, the importer marks the batches CANCELLED and
//      appends BatchesCancelled to its outbox, in its transaction, and commits.
// The importer therefore never shows a batch cancelled while its invoices exist. If the importer
// fails between 2 and 3, the batch still shows GENERATED with its invoices gone; the operator's
// retry completes it, because CancelBatchInvoices accepts a batch that has no invoice left.

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "factflow/events/v1/events.pb.h"
#include "grpc/call.h"
#include "grpc/importer_service.h"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/batch_repository.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

constexpr char kTopic[] = "factflow.importer.v1";
constexpr int kMaxBatchesPerCancel = 100;
constexpr size_t kMaxBatchNumberDigits = 12;

// A batch is named by its number (all digits) or its id (UUID).
absl::Status ValidateBatchRef(const std::string& ref) {
  if (!ref.empty() && ref.size() <= kMaxBatchNumberDigits &&
      std::all_of(ref.begin(), ref.end(), absl::ascii_isdigit)) {
    return absl::OkStatus();
  }
  return validation::CheckUuid("batch_ids", ref);
}

absl::Status Validate(const v1::CancelBatchesRequest& request) {
  if (request.batch_ids().empty() || request.batch_ids_size() > kMaxBatchesPerCancel) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_ids : indiquez de 1 à ", kMaxBatchesPerCancel,
                     " lots à annuler (reçu : ", request.batch_ids_size(), ")"));
  }
  for (const auto& ref : request.batch_ids()) FACTFLOW_RETURN_IF_ERROR(ValidateBatchRef(ref));
  return absl::OkStatus();
}

// The batches named by the request, each once, newest first, locked in that order.
absl::StatusOr<std::vector<v1::Batch>> LockBatches(pqxx::work& tx, const std::string& tenant_id,
                                                   const v1::CancelBatchesRequest& request) {
  std::vector<v1::Batch> batches;
  for (const auto& ref : request.batch_ids()) {
    FACTFLOW_ASSIGN_OR_RETURN(v1::Batch batch, storage::LoadBatch(tx, tenant_id, ref));
    batches.push_back(std::move(batch));
  }
  std::sort(batches.begin(), batches.end(),
            [](const auto& a, const auto& b) { return a.batch_number() > b.batch_number(); });
  batches.erase(std::unique(batches.begin(), batches.end(),
                            [](const auto& a, const auto& b) {
                              return a.batch_number() == b.batch_number();
                            }),
                batches.end());
  for (v1::Batch& batch : batches) {
    FACTFLOW_ASSIGN_OR_RETURN(batch, storage::LoadBatch(tx, tenant_id, batch.batch_id(), true));
    if (batch.status() == v1::BATCH_STATUS_GENERATING) {
      return absl::FailedPreconditionError(absl::StrCat(
          "Impossible d'annuler le lot n° ", batch.batch_number(),
          " : ses factures sont en cours de génération. Attendez la fin de la génération "
          "(factflowctl batches), puis relancez l'annulation."));
    }
  }
  return batches;
}

// "annulé par marie : factures FA2026-000001 à FA2026-000040 supprimées, numéros rendus à la
// série FA".
std::string CancelledMessage(const std::string& operator_id,
                             const std::vector<invoicing::v1::RewoundSeries>& rewound) {
  std::vector<std::string> parts;
  for (const auto& block : rewound) {
    parts.push_back(absl::StrCat(block.invoice_count(), " factures ", block.first_number(), " à ",
                                 block.last_number(), " supprimées, numéros rendus à la série ",
                                 block.series_code()));
  }
  std::string message = absl::StrCat("annulé par ", operator_id);
  if (!parts.empty()) absl::StrAppend(&message, " : ", absl::StrJoin(parts, " ; "));
  return message;
}

}  // namespace

grpc::Status ImporterServiceImpl::CancelBatches(grpc::ServerContext* context,
                                                const v1::CancelBatchesRequest* request,
                                                v1::CancelBatchesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CancelBatches", {auth::kRoleOperator, auth::kRoleAdmin},
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(Validate(*request));
        const std::string& tenant_id = principal.tenant_id;
        absl::Status status = runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          response->Clear();
          FACTFLOW_ASSIGN_OR_RETURN(std::vector<v1::Batch> batches,
                                    LockBatches(tx, tenant_id, *request));
          invoicing::v1::CancelBatchInvoicesRequest cancel;
          cancel.set_operator_id(principal.operator_id);
          for (const v1::Batch& batch : batches) {
            if (batch.status() == v1::BATCH_STATUS_CANCELLED) continue;
            invoicing::v1::BatchToCancel* ref = cancel.add_batches();
            ref->set_batch_id(batch.batch_id());
            ref->set_batch_number(batch.batch_number());
          }
          invoicing::v1::CancelBatchInvoicesResponse cancelled;
          if (!cancel.batches().empty()) {
            auto call =
                grpcutil::OutgoingContext(runtime_.ServiceToken(tenant_id), absl::Seconds(60));
            FACTFLOW_RETURN_IF_ERROR(status::FromGrpc(
                invoices_->CancelBatchInvoices(call.get(), cancel, &cancelled)));
          }
          events::v1::BatchesCancelled event;
          event.set_operator_id(principal.operator_id);
          for (const v1::Batch& batch : batches) {
            response->add_cancelled_batch_ids(batch.batch_id());
            if (batch.status() == v1::BATCH_STATUS_CANCELLED) continue;
            std::vector<invoicing::v1::RewoundSeries> rewound;
            for (const auto& block : cancelled.rewound()) {
              if (block.batch_id() != batch.batch_id()) continue;
              rewound.push_back(block);
              v1::CancelledRange* range = response->add_ranges();
              range->set_batch_id(batch.batch_id());
              range->set_batch_number(batch.batch_number());
              range->set_series_code(block.series_code());
              range->set_first_number(block.first_number());
              range->set_last_number(block.last_number());
              range->set_invoice_count(block.invoice_count());
            }
            storage::SetBatchStatus(tx, tenant_id, batch.batch_id(), v1::BATCH_STATUS_CANCELLED,
                                    CancelledMessage(principal.operator_id, rewound));
            event.add_batch_ids(batch.batch_id());
          }
          if (!event.batch_ids().empty()) {
            outbox::Append(tx, kTopic,
                           outbox::MakeEnvelope(event, {tenant_id, "batch", event.batch_ids(0),
                                                        "importer", ""}));
          }
          spdlog::info("batches cancelled by {}: {}", principal.operator_id,
                       absl::StrJoin(event.batch_ids(), ", "));
          return absl::OkStatus();
        });
        if (status.ok()) runtime_.relay().Wake();
        return status;
      });
}

}  // namespace factflow::importer
