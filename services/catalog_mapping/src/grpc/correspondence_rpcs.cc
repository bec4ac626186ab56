// CatalogService.ListCorrespondences: correspondences by connector or by article.

#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/paging.h"
#include "grpc/access.h"
#include "grpc/catalog_service.h"
#include "status/grpc_status.h"

namespace factflow::catalog_mapping::grpcapi {

grpc::Status CatalogService::ListCorrespondences(
    grpc::ServerContext* context, const catalog::v1::ListCorrespondencesRequest* request,
    catalog::v1::ListCorrespondencesResponse* response) {
  return HandleRead(
      context, signer_, "CatalogService.ListCorrespondences",
      [&](const auth::Principal& principal) -> absl::Status {
        std::string connector, article;
        if (!domain::TrimSpaces(request->connector_code()).empty()) {
          FACTFLOW_ASSIGN_OR_RETURN(
              connector, domain::NormalizeCode("connector_code", request->connector_code()));
        }
        if (!domain::TrimSpaces(request->article_code()).empty()) {
          FACTFLOW_ASSIGN_OR_RETURN(
              article, domain::NormalizeCode("article_code", request->article_code()));
        }
        if (connector.empty() && article.empty()) {
          return absl::InvalidArgumentError(
              "donnez connector_code (les correspondances d'un connecteur) ou article_code "
              "(celles d'un article), ou les deux");
        }
        FACTFLOW_ASSIGN_OR_RETURN(
            domain::PageQuery page,
            domain::MakePageQuery(request->page().page_size(), request->page().page_token()));
        std::string next;
        FACTFLOW_ASSIGN_OR_RETURN(
            auto listed,
            repository_.ListCorrespondences(principal.tenant_id, connector, article, page, &next));
        for (const auto& entry : listed) {
          catalog::v1::Correspondence* out = response->add_correspondences();
          out->set_connector_code(entry.correspondence.connector_code);
          out->set_external_code(entry.correspondence.external_code);
          out->set_article_code(entry.correspondence.article_code);
          out->set_article_label(entry.article_label);
        }
        response->set_next_page_token(next);
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
