// ListRenderFailures and RetryRenderFailures: what an operator sees of the sent invoices that
// could not be rendered, signed or archived, and the retry they can ask for instead of waiting
// for the next automatic pass. Part of DispatchServiceImpl (dispatch_service.h).
#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/dispatch_service.h"
#include "storage/render_failure_reads.h"
#include "validation/fields.h"

namespace factflow::dispatch {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
constexpr int kMaxRetry = 200;

}  // namespace

grpc::Status DispatchServiceImpl::ListRenderFailures(grpc::ServerContext* context,
                                                     const v1::ListRenderFailuresRequest* request,
                                                     v1::ListRenderFailuresResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListRenderFailures", {auth::kRoleOperator, auth::kRoleAdmin},
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckRange("page_size", request->page_size(), 0, kMaxPageSize));
        FACTFLOW_RETURN_IF_ERROR(validation::CheckText("page_token", request->page_token(), 64));
        const int size = request->page_size() == 0 ? kDefaultPageSize : request->page_size();
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          // One row more than asked says whether there is a next page.
          std::vector<v1::RenderFailure> rows =
              storage::ListRenderFailures(tx, principal.tenant_id, request->include_resolved(),
                                          request->page_token(), size + 1);
          const bool more = static_cast<int>(rows.size()) > size;
          if (more) rows.pop_back();
          if (more) response->set_next_page_token(rows.back().invoice_number());
          for (v1::RenderFailure& row : rows) *response->add_failures() = std::move(row);
          response->set_pending_count(
              storage::CountPendingRenderFailuresOf(tx, principal.tenant_id));
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::RetryRenderFailures(grpc::ServerContext* context,
                                                      const v1::RetryRenderFailuresRequest* request,
                                                      v1::RetryRenderFailuresResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "RetryRenderFailures", {auth::kRoleOperator, auth::kRoleAdmin},
      [&](const auth::Principal& principal) -> absl::Status {
        if (request->invoice_ids_size() > kMaxRetry) {
          return absl::InvalidArgumentError(
              absl::StrCat("invoice_ids : au plus ", kMaxRetry, " factures par demande (",
                           request->invoice_ids_size(), " reçues) ; relancez par lots"));
        }
        std::vector<std::string> ids;
        for (const std::string& id : request->invoice_ids()) {
          FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_ids", id));
          ids.push_back(id);
        }
        if (!render_retry_) {
          return absl::FailedPreconditionError(
              "les nouveaux essais de rendu ne tournent pas sur cette instance de chorus-dispatch");
        }
        std::vector<std::string> pending;
        FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
          pending = storage::PendingRenderFailuresOf(tx, principal.tenant_id, ids, kMaxRetry);
          return absl::OkStatus();
        }));
        FACTFLOW_ASSIGN_OR_RETURN(int archived, render_retry_(principal.tenant_id, pending));
        response->set_tried(static_cast<int32_t>(pending.size()));
        response->set_archived(archived);
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          response->set_pending_count(
              storage::CountPendingRenderFailuresOf(tx, principal.tenant_id));
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::dispatch
