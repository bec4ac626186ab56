// InvoiceService: the long-running operation RPCs (GetOperation, ListOperations,
// ListOperationItems) and the selection summary used to follow archiving.

#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "grpc/call.h"
#include "grpc/invoice_service.h"
#include "grpc/paging.h"
#include "grpc/roles.h"
#include "storage/invoice_repository.h"
#include "storage/operation_repository.h"

namespace factflow::invoicing {
namespace {

// How often WatchOperation looks for changes.
constexpr auto kWatchInterval = std::chrono::milliseconds(250);

int PageSize(const common::v1::PageRequest& page) {
  if (page.page_size() <= 0) return grpcutil::kDefaultPageSize;
  return std::min(page.page_size(), grpcutil::kMaxPageSize);
}

absl::Status RequireOperationId(const std::string& operation_id) {
  if (operation_id.empty()) return absl::InvalidArgumentError("operation_id est obligatoire");
  return absl::OkStatus();
}

}  // namespace

grpc::Status InvoiceServiceImpl::GetOperation(grpc::ServerContext* context,
                                              const v1::GetOperationRequest* request,
                                              v1::Operation* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetOperation", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(RequireOperationId(request->operation_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::LoadOperation(tx, principal.tenant_id, request->operation_id()));
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::WatchOperation(grpc::ServerContext* context,
                                                const v1::GetOperationRequest* request,
                                                grpc::ServerWriter<v1::Operation>* writer) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "WatchOperation", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(RequireOperationId(request->operation_id()));
        std::string last;
        while (!context->IsCancelled()) {
          v1::Operation op;
          FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
            absl::StatusOr<v1::Operation> loaded =
                storage::LoadOperation(tx, principal.tenant_id, request->operation_id());
            if (!loaded.ok()) return loaded.status();
            op = *std::move(loaded);
            return absl::OkStatus();
          }));
          std::string bytes = op.SerializeAsString();
          if (bytes != last) {
            if (!writer->Write(op)) return absl::OkStatus();  // the client went away
            last = std::move(bytes);
          }
          if (op.state() != v1::OPERATION_STATE_RUNNING) return absl::OkStatus();
          std::this_thread::sleep_for(kWatchInterval);
        }
        return absl::CancelledError("suivi de l'opération interrompu");
      });
}

grpc::Status InvoiceServiceImpl::ListOperations(grpc::ServerContext* context,
                                                const v1::ListOperationsRequest* request,
                                                v1::ListOperationsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListOperations", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        int size = PageSize(request->page());
        return runtime_.pool().InTransaction([&](pqxx::work& tx) {
          for (auto& op :
               storage::ListOperations(tx, principal.tenant_id, request->page().page_token(), size,
                                       request->running_only())) {
            *response->add_operations() = std::move(op);
          }
          if (response->operations_size() == size) {
            response->set_next_page_token(response->operations(size - 1).operation_id());
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::ListOperationItems(grpc::ServerContext* context,
                                                    const v1::ListOperationItemsRequest* request,
                                                    v1::ListOperationItemsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListOperationItems", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(RequireOperationId(request->operation_id()));
        int32_t after = -1;
        if (!request->page().page_token().empty() &&
            !absl::SimpleAtoi(request->page().page_token(), &after)) {
          return absl::InvalidArgumentError("page_token invalide : reprenez à la première page");
        }
        int size = PageSize(request->page());
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          // NotFound for another tenant's operation, not an empty list.
          FACTFLOW_RETURN_IF_ERROR(
              storage::LoadOperation(tx, principal.tenant_id, request->operation_id()).status());
          auto items = storage::ListItems(tx, principal.tenant_id, request->operation_id(),
                                          request->outcome(), after, size);
          for (auto& [position, item] : items) *response->add_items() = std::move(item);
          if (static_cast<int>(items.size()) == size) {
            response->set_next_page_token(absl::StrCat(items.back().first));
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status InvoiceServiceImpl::SummarizeSelection(grpc::ServerContext* context,
                                                    const v1::SelectionCriteria* request,
                                                    v1::SelectionSummary* response) {
  return grpcutil::HandleRpc(context, runtime_.signer(), "SummarizeSelection", kReaders,
                             [&](const auth::Principal& principal) -> absl::Status {
                               return runtime_.pool().InTransaction([&](pqxx::work& tx) {
                                 *response =
                                     storage::SummarizeSelection(tx, principal.tenant_id, *request);
                                 return absl::OkStatus();
                               });
                             });
}

}  // namespace factflow::invoicing
