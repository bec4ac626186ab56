// The Chorus Pro deposit RPCs of DispatchService (domain.md §6): deposit the lots of a finished
// export, list the deposits and statuses, retry a failed deposit. The depositor
// (chorus/chorus_depositor.h) does the calls to Chorus Pro in the background.
#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/dispatch_service.h"
#include "grpc/rpc_roles.h"
#include "storage/chorus_deposit_repository.h"
#include "validation/fields.h"

namespace factflow::dispatch {
namespace {

const auto& kOperators = kDispatchOperators;
const auto& kReaders = kDispatchReaders;

}  // namespace

grpc::Status DispatchServiceImpl::DepositChorusExport(grpc::ServerContext* context,
                                                      const v1::DepositChorusExportRequest* request,
                                                      v1::ListChorusDepositsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "DepositChorusExport", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("export_id", request->export_id()));
        if (!deposits_enabled_) {
          return absl::FailedPreconditionError(
              "le dépôt sur Chorus Pro n'est pas configuré sur ce service (FACTFLOW_PISTE_URL, "
              "FACTFLOW_PISTE_TOKEN_URL et les identifiants PISTE et Chorus Pro)");
        }
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::CreateDeposits(tx, principal.tenant_id, principal.operator_id,
                                                 request->export_id()));
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::ListChorusDeposits(grpc::ServerContext* context,
                                                     const v1::ListChorusDepositsRequest* request,
                                                     v1::ListChorusDepositsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListChorusDeposits", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("export_id", request->export_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::ListDeposits(tx, principal.tenant_id, request->export_id()));
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::RetryChorusDeposit(grpc::ServerContext* context,
                                                     const v1::RetryChorusDepositRequest* request,
                                                     v1::ChorusDeposit* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "RetryChorusDeposit", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("deposit_id", request->deposit_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::RetryDeposit(tx, principal.tenant_id, request->deposit_id()));
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::dispatch
