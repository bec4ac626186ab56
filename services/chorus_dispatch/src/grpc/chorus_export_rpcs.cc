// The Chorus Pro export RPCs of DispatchService (seed 003): prepare (candidates with their
// anomalies), list, include/exclude, finish (a long-running export with progress), get.
#include "absl/strings/str_cat.h"
#include "chorus/chorus_exporter.h"
#include "domain/chorus_export.h"
#include "grpc/call.h"
#include "grpc/dispatch_service.h"
#include "grpc/rpc_roles.h"
#include "storage/chorus_export_repository.h"
#include "validation/fields.h"

namespace factflow::dispatch {
namespace {

const auto& kOperators = kDispatchOperators;
const auto& kReaders = kDispatchReaders;
constexpr int kDefaultPage = 100;
constexpr int kMaxPage = 1000;

absl::Status CheckPrepare(const v1::PrepareChorusExportRequest& r) {
  FACTFLOW_RETURN_IF_ERROR(validation::CheckDate("date_from", r.date_from(), true));
  FACTFLOW_RETURN_IF_ERROR(validation::CheckDate("date_to", r.date_to(), true));
  if (!r.date_from().empty() && !r.date_to().empty() && r.date_to() < r.date_from()) {
    return absl::InvalidArgumentError(
        "date_to : la fin de la période précède son début (AAAA-MM-JJ)");
  }
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckRange("customer_codes", r.customer_codes_size(), 0, 1000));
  for (const std::string& code : r.customer_codes()) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText("customer_codes", code, 64));
  }
  return absl::OkStatus();
}

absl::Status CheckIds(std::string_view field,
                      const google::protobuf::RepeatedPtrField<std::string>& ids) {
  FACTFLOW_RETURN_IF_ERROR(validation::CheckRange(field, ids.size(), 0, 10000));
  for (const std::string& id : ids) FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid(field, id));
  return absl::OkStatus();
}

}  // namespace

grpc::Status DispatchServiceImpl::PrepareChorusExport(grpc::ServerContext* context,
                                                      const v1::PrepareChorusExportRequest* request,
                                                      v1::PrepareChorusExportResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "PrepareChorusExport", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(CheckPrepare(*request));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          std::string export_id =
              storage::PrepareExport(tx, principal.tenant_id, principal.operator_id, *request);
          FACTFLOW_ASSIGN_OR_RETURN(v1::ChorusExport created,
                                    storage::LoadExport(tx, principal.tenant_id, export_id));
          response->set_export_id(export_id);
          response->set_candidate_count(static_cast<int32_t>(created.candidate_count()));
          response->set_struck_count(static_cast<int32_t>(created.struck_count()));
          auto page = storage::ListItems(tx, export_id, "", kDefaultPage, false, false);
          if (static_cast<int>(page.size()) == kDefaultPage) {
            response->set_next_page_token(page.back().invoice_number());
          }
          for (auto& item : page) *response->add_candidates() = std::move(item);
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::ListChorusExportItems(
    grpc::ServerContext* context, const v1::ListChorusExportItemsRequest* request,
    v1::ListChorusExportItemsResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "ListChorusExportItems", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("export_id", request->export_id()));
        FACTFLOW_RETURN_IF_ERROR(
            validation::CheckRange("page_size", request->page_size(), 0, kMaxPage));
        FACTFLOW_RETURN_IF_ERROR(validation::CheckText("page_token", request->page_token(), 64));
        int limit = request->page_size() == 0 ? kDefaultPage : request->page_size();
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          // Scopes the export to the caller's tenant (NotFound otherwise).
          FACTFLOW_RETURN_IF_ERROR(
              storage::LoadExport(tx, principal.tenant_id, request->export_id()).status());
          auto page = storage::ListItems(tx, request->export_id(), request->page_token(), limit,
                                         request->only_struck(), request->only_left_out());
          if (static_cast<int>(page.size()) == limit) {
            response->set_next_page_token(page.back().invoice_number());
          }
          for (auto& item : page) *response->add_items() = std::move(item);
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::SetChorusExportInclusion(
    grpc::ServerContext* context, const v1::SetChorusExportInclusionRequest* request,
    v1::SetChorusExportInclusionResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "SetChorusExportInclusion", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("export_id", request->export_id()));
        FACTFLOW_RETURN_IF_ERROR(CheckIds("invoice_ids", request->invoice_ids()));
        if (!request->all() && request->invoice_ids().empty()) {
          return absl::InvalidArgumentError(
              "invoice_ids : nommez les documents à inclure ou exclure, ou demandez-les tous "
              "(all)");
        }
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(*response,
                                    storage::SetInclusion(tx, principal.tenant_id, *request));
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::FinishChorusExport(grpc::ServerContext* context,
                                                     const v1::FinishChorusExportRequest* request,
                                                     v1::FinishChorusExportResponse* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "FinishChorusExport", kOperators,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("export_id", request->export_id()));
        FACTFLOW_RETURN_IF_ERROR(CheckIds("included_invoice_ids", request->included_invoice_ids()));
        FACTFLOW_ASSIGN_OR_RETURN(domain::ChorusSyntax syntax,
                                  domain::ParseChorusSyntax(request->syntax()));
        if (exporter_ == nullptr) {
          return absl::FailedPreconditionError(
              "l'export Chorus n'est pas configuré sur ce service (FACTFLOW_CHORUS_EXPORT_DIR)");
        }
        FACTFLOW_RETURN_IF_ERROR(runtime_.pool().InTransaction([&](pqxx::work& tx) {
          if (!request->included_invoice_ids().empty()) {
            v1::SetChorusExportInclusionRequest none;
            none.set_export_id(request->export_id());
            none.set_all(true);
            FACTFLOW_RETURN_IF_ERROR(storage::SetInclusion(tx, principal.tenant_id, none).status());
            v1::SetChorusExportInclusionRequest chosen;
            chosen.set_export_id(request->export_id());
            *chosen.mutable_invoice_ids() = request->included_invoice_ids();
            chosen.set_include(true);
            FACTFLOW_RETURN_IF_ERROR(
                storage::SetInclusion(tx, principal.tenant_id, chosen).status());
          }
          return storage::StartExport(tx, principal.tenant_id, request->export_id(),
                                      domain::ChorusSyntaxCode(syntax));
        }));
        exporter_->Launch(principal.tenant_id, request->export_id());
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response->mutable_chorus_export(),
              storage::LoadExport(tx, principal.tenant_id, request->export_id()));
          return absl::OkStatus();
        });
      });
}

grpc::Status DispatchServiceImpl::GetChorusExport(grpc::ServerContext* context,
                                                  const v1::GetChorusExportRequest* request,
                                                  v1::ChorusExport* response) {
  return grpcutil::HandleRpc(
      context, runtime_.signer(), "GetChorusExport", kReaders,
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_RETURN_IF_ERROR(validation::CheckUuid("export_id", request->export_id()));
        return runtime_.pool().InTransaction([&](pqxx::work& tx) -> absl::Status {
          FACTFLOW_ASSIGN_OR_RETURN(
              *response, storage::LoadExport(tx, principal.tenant_id, request->export_id()));
          return absl::OkStatus();
        });
      });
}

}  // namespace factflow::dispatch
