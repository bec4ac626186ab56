// ConnectorService saved filters ("filtre personnalisé") and the bulk correspondence list
// (storage/saved_filters.h).

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/paging.h"
#include "domain/saved_filter.h"
#include "grpc/access.h"
#include "grpc/connector_service.h"
#include "grpc/conversions.h"
#include "status/grpc_status.h"
#include "storage/saved_filters.h"
#include "strings/absl_bridge.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

domain::SavedFilter FilterFromProto(const catalog::v1::SavedFilter& in) {
  domain::SavedFilter f;
  f.name = in.name();
  f.target = in.target();
  f.description = in.description();
  f.selection.code_prefix = in.code_prefix();
  f.selection.text_contains = in.text_contains();
  f.selection.families.assign(in.families().begin(), in.families().end());
  f.selection.only_available_for_export = in.only_available_for_export();
  f.selection.country_code = in.country_code();
  return f;
}

void FilterToProto(const domain::SavedFilter& f, catalog::v1::SavedFilter* out) {
  out->set_name(f.name);
  out->set_target(f.target);
  out->set_description(f.description);
  out->set_code_prefix(f.selection.code_prefix);
  out->set_text_contains(f.selection.text_contains);
  for (const std::string& family : f.selection.families) out->add_families(family);
  out->set_only_available_for_export(f.selection.only_available_for_export);
  out->set_country_code(f.selection.country_code);
}

}  // namespace

grpc::Status ConnectorService::UpsertSavedFilter(grpc::ServerContext* context,
                                                 const catalog::v1::SavedFilter* request,
                                                 catalog::v1::SavedFilter* response) {
  return HandleWrite(context, signer_, "ConnectorService.UpsertSavedFilter",
                     [&](const auth::Principal& principal) -> absl::Status {
                       FACTFLOW_ASSIGN_OR_RETURN(domain::SavedFilter filter,
                                                 domain::ValidateSavedFilter(
                                                     FilterFromProto(*request)));
                       storage::SavedFilterRepository filters(repository_.pool());
                       FACTFLOW_ASSIGN_OR_RETURN(domain::SavedFilter stored,
                                                 filters.Upsert(principal.tenant_id, filter));
                       FilterToProto(stored, response);
                       return absl::OkStatus();
                     });
}

grpc::Status ConnectorService::ListSavedFilters(grpc::ServerContext* context,
                                                const catalog::v1::ListSavedFiltersRequest* request,
                                                catalog::v1::ListSavedFiltersResponse* response) {
  return HandleRead(context, signer_, "ConnectorService.ListSavedFilters",
                    [&](const auth::Principal& principal) -> absl::Status {
                      FACTFLOW_ASSIGN_OR_RETURN(
                          std::string target,
                          domain::ValidateFilterTarget("target", request->target(), true));
                      storage::SavedFilterRepository filters(repository_.pool());
                      FACTFLOW_ASSIGN_OR_RETURN(auto listed,
                                                filters.List(principal.tenant_id, target));
                      for (const auto& f : listed) FilterToProto(f, response->add_filters());
                      return absl::OkStatus();
                    });
}

grpc::Status ConnectorService::DeleteSavedFilter(
    grpc::ServerContext* context, const catalog::v1::DeleteSavedFilterRequest* request,
    catalog::v1::DeleteSavedFilterResponse* /*response*/) {
  return HandleWrite(context, signer_, "ConnectorService.DeleteSavedFilter",
                     [&](const auth::Principal& principal) -> absl::Status {
                       FACTFLOW_ASSIGN_OR_RETURN(
                           std::string target,
                           domain::ValidateFilterTarget("target", request->target(), false));
                       FACTFLOW_ASSIGN_OR_RETURN(std::string name,
                                                 domain::NormalizeCode("name", request->name()));
                       storage::SavedFilterRepository filters(repository_.pool());
                       return filters.Delete(principal.tenant_id, target, name);
                     });
}

grpc::Status ConnectorService::ListArticlesForMapping(
    grpc::ServerContext* context, const catalog::v1::ListArticlesForMappingRequest* request,
    catalog::v1::ListArticlesForMappingResponse* response) {
  return HandleRead(
      context, signer_, "ConnectorService.ListArticlesForMapping",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            std::string connector,
            domain::NormalizeCode("connector_code", request->connector_code()));
        std::string selection = absl::AsciiStrToUpper(
            AsAbsl(domain::TrimSpaces(request->selection())));
        if (selection.empty()) selection = "AVAILABLE_FOR_EXPORT";
        if (selection != "AVAILABLE_FOR_EXPORT" && selection != "FILTER" && selection != "ALL") {
          return absl::InvalidArgumentError(absl::StrCat(
              "selection « ", domain::Excerpt(request->selection()),
              " » inconnue : AVAILABLE_FOR_EXPORT (articles disponibles à l'export), FILTER "
              "(un filtre personnalisé, avec filter_name) ou ALL"));
        }
        std::string filter_name;
        if (selection == "FILTER") {
          FACTFLOW_ASSIGN_OR_RETURN(filter_name,
                                    domain::NormalizeCode("filter_name", request->filter_name()));
        }
        FACTFLOW_ASSIGN_OR_RETURN(
            domain::PageQuery page,
            domain::MakePageQuery(request->page().page_size(), request->page().page_token()));
        storage::SavedFilterRepository filters(repository_.pool());
        std::string next;
        FACTFLOW_ASSIGN_OR_RETURN(
            auto listed,
            filters.ListArticlesForMapping(principal.tenant_id, connector, selection, filter_name,
                                           request->only_unmapped(), page, &next));
        for (const auto& entry : listed) {
          catalog::v1::ArticleMapping* out = response->add_articles();
          ArticleToProto(entry.article, out->mutable_article());
          for (const std::string& code : entry.external_codes) out->add_external_codes(code);
        }
        response->set_next_page_token(next);
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
