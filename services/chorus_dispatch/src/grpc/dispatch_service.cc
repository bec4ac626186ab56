#include "grpc/dispatch_service.h"

#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/rpc_roles.h"
#include "storage/archive_repository.h"
#include "validation/fields.h"

namespace factflow::dispatch {
namespace {

const auto& kReaders = kDispatchReaders;

}  // namespace

grpc::Status DispatchServiceImpl::ListArchivedObjects(grpc::ServerContext* context,
                                                      const v1::ListArchivedObjectsRequest* request,
                                                      v1::ListArchivedObjectsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListArchivedObjects", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_id", request->invoice_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& object :
               storage::ListObjects(tx, principal.tenant_id, request->invoice_id())) {
            *response->add_objects() = std::move(object);
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::GetArchivedObject(grpc::ServerContext* context,
                                                    const v1::GetArchivedObjectRequest* request,
                                                    v1::ArchivedObject* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetArchivedObject", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("object_id", request->object_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::LoadObject(tx, principal.tenant_id, request->object_id()));
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::ListExchanges(grpc::ServerContext* context,
                                                const v1::ListExchangesRequest* request,
                                                v1::ListExchangesResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListExchanges", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("invoice_id", request->invoice_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& exchange :
               storage::ListExchanges(tx, principal.tenant_id, request->invoice_id())) {
            *response->add_exchanges() = std::move(exchange);
          }
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::dispatch
