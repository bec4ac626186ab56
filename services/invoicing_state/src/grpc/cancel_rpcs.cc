// InvoiceService.CancelBatchInvoices: the invoicing-state half of "Suppr. Import"
// (domain.md §2.5), called by the importer's CancelBatches with a service token.
//
// In ONE transaction: lock every series of the tenant (nothing can be numbered meanwhile), then
// for each batch, newest first, check the rules (storage::CheckBatchCancel: a refusal names the
// blocking documents and the credit notes to make instead, and rolls everything back), and
// delete its invoices and rewind its series through cancel_batch_invoices(), the audited
// SECURITY DEFINER function of migration 0130. A batch without invoices (never generated, or
// cancelled by an earlier call whose importer side did not commit) is accepted as is, so the
// importer can retry safely.

#include "absl/strings/str_cat.h"
#include "domain/batch_cancel.h"
#include "domain/numbering.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "logging/logging.h"
#include "spdlog/spdlog.h"
#include "storage/batch_cancel_repository.h"
#include "storage/tenant_repository.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

// Batches named in one cancel; the operator cancels "one or several successive" batches.
constexpr int kMaxBatchesPerCancel = 100;
constexpr int64_t kMaxBatchNumber = int64_t{1} << 40;
constexpr size_t kMaxOperatorIdBytes = 128;

absl::Status Validate(const v1::CancelBatchInvoicesRequest& request) {
  if (request.batches().empty() || request.batches_size() > kMaxBatchesPerCancel) {
    return absl::InvalidArgumentError(absl::StrCat(
        "batches : indiquez de 1 à ", kMaxBatchesPerCancel, " lots à annuler (reçu : ",
        request.batches_size(), ")"));
  }
  for (const auto& batch : request.batches()) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("batches.batch_id", batch.batch_id()));
    FACTFLOW_RETURN_IF_ERROR(
        validation::CheckRange("batches.batch_number", batch.batch_number(), 0, kMaxBatchNumber));
  }
  if (request.operator_id().empty()) {
    return absl::InvalidArgumentError("operator_id est obligatoire (qui annule ces lots ?)");
  }
  return validation::CheckText("operator_id", request.operator_id(), kMaxOperatorIdBytes);
}

}  // namespace

grpc::Status InvoiceServiceImpl::CancelBatchInvoices(grpc::ServerContext* context,
                                                     const v1::CancelBatchInvoicesRequest* request,
                                                     v1::CancelBatchInvoicesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "CancelBatchInvoices", {auth::kRoleService},
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(Validate(*request));
        const std::string& tenant_id = principal.tenant_id;
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          response->Clear();
          storage::LockTenantSeries(tx, tenant_id);
          for (const auto& batch : request->batches()) {
            if (auto refusal = storage::CheckBatchCancel(tx, tenant_id, batch.batch_id(),
                                                         batch.batch_number())) {
              return absl::FailedPreconditionError(domain::RefusalMessage(*refusal));
            }
            for (const storage::RewoundBlock& block : storage::CancelBatchInvoices(
                     tx, tenant_id, batch.batch_id(), request->operator_id(),
                     logging::Current().correlation_id)) {
              FACTFLOW_ASSIGN_OR_RETURN(domain::NumberingSeries series,
                                        storage::LockSeries(tx, tenant_id, block.series_code));
              v1::RewoundSeries* rewound = response->add_rewound();
              rewound->set_batch_id(batch.batch_id());
              rewound->set_series_code(block.series_code);
              rewound->set_first_number(
                  domain::FormatNumber(series, block.first_value).value_or(""));
              rewound->set_last_number(domain::FormatNumber(series, block.last_value).value_or(""));
              rewound->set_invoice_count(block.invoice_count);
              rewound->set_next_value(series.next_value);
              spdlog::info("batch {} (n° {}) cancelled by {}: {} invoices deleted, series {} "
                           "rewound to {}",
                           batch.batch_id(), batch.batch_number(), request->operator_id(),
                           block.invoice_count, block.series_code, series.next_value);
            }
          }
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::invoicing
