#include "grpc/catalog_service.h"

#include <utility>

#include "domain/article.h"
#include "domain/codes.h"
#include "domain/correspondence.h"
#include "domain/paging.h"
#include "domain/party.h"
#include "grpc/access.h"
#include "grpc/conversions.h"
#include "status/grpc_status.h"

namespace factflow::catalog_mapping::grpcapi {

CatalogService::CatalogService(const auth::TokenSigner& signer,
                               storage::CatalogRepository& repository,
                               std::function<void()> events_committed)
    : signer_(signer), repository_(repository), events_committed_(std::move(events_committed)) {}

grpc::Status CatalogService::UpsertArticle(grpc::ServerContext* context,
                                           const catalog::v1::Article* request,
                                           catalog::v1::Article* response) {
  return HandleWrite(
      context, signer_, "CatalogService.UpsertArticle",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(domain::Article article,
                                  domain::ValidateArticle(ArticleDraftFromProto(*request)));
        FACTFLOW_ASSIGN_OR_RETURN(domain::Article stored,
                                  repository_.UpsertArticle(principal.tenant_id, article));
        ArticleToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status CatalogService::GetArticle(grpc::ServerContext* context,
                                        const catalog::v1::GetArticleRequest* request,
                                        catalog::v1::Article* response) {
  return HandleRead(context, signer_, "CatalogService.GetArticle",
                    [&](const auth::Principal& principal) -> absl::Status {
                      FACTFLOW_ASSIGN_OR_RETURN(std::string code,
                                                domain::NormalizeCode("code", request->code()));
                      FACTFLOW_ASSIGN_OR_RETURN(domain::Article article,
                                                repository_.GetArticle(principal.tenant_id, code));
                      ArticleToProto(article, response);
                      return absl::OkStatus();
                    });
}

grpc::Status CatalogService::ListArticles(grpc::ServerContext* context,
                                          const catalog::v1::ListArticlesRequest* request,
                                          catalog::v1::ListArticlesResponse* response) {
  return HandleRead(
      context, signer_, "CatalogService.ListArticles",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            domain::PageQuery page,
            domain::MakePageQuery(request->page().page_size(), request->page().page_token()));
        FACTFLOW_ASSIGN_OR_RETURN(
            storage::Page<domain::Article> articles,
            repository_.ListArticles(principal.tenant_id, request->only_available_for_export(),
                                     page));
        for (const domain::Article& article : articles.items) {
          ArticleToProto(article, response->add_articles());
        }
        response->set_next_page_token(articles.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status CatalogService::SetCorrespondences(
    grpc::ServerContext* context, const catalog::v1::SetCorrespondencesRequest* request,
    catalog::v1::SetCorrespondencesResponse* response) {
  return HandleWrite(context, signer_, "CatalogService.SetCorrespondences",
                     [&](const auth::Principal& principal) -> absl::Status {
                       FACTFLOW_ASSIGN_OR_RETURN(
                           std::vector<domain::Correspondence> changes,
                           domain::ValidateCorrespondences(CorrespondencesFromProto(*request)));
                       FACTFLOW_ASSIGN_OR_RETURN(
                           int changed, repository_.SetCorrespondences(
                                            {principal.tenant_id, principal.operator_id}, changes,
                                            request->replace()));
                       if (changed > 0 && events_committed_) events_committed_();
                       response->set_changed(changed);
                       return absl::OkStatus();
                     });
}

grpc::Status CatalogService::ResolveArticles(grpc::ServerContext* context,
                                             const catalog::v1::ResolveArticlesRequest* request,
                                             catalog::v1::ResolveArticlesResponse* response) {
  return HandleRead(context, signer_, "CatalogService.ResolveArticles",
                    [&](const auth::Principal& principal) -> absl::Status {
                      std::vector<std::string> codes(request->external_codes().begin(),
                                                     request->external_codes().end());
                      FACTFLOW_ASSIGN_OR_RETURN(
                          domain::ResolveQuery query,
                          domain::ValidateResolveQuery(request->connector_code(), codes));
                      FACTFLOW_ASSIGN_OR_RETURN(
                          auto mapped, repository_.ResolveArticles(principal.tenant_id, query));
                      ResolutionsToProto(domain::ArrangeResolutions(query, mapped), response);
                      return absl::OkStatus();
                    });
}

grpc::Status CatalogService::UpsertParty(grpc::ServerContext* context,
                                         const catalog::v1::Party* request,
                                         catalog::v1::Party* response) {
  return HandleWrite(
      context, signer_, "CatalogService.UpsertParty",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(domain::Party party,
                                  domain::ValidateParty(PartyDraftFromProto(*request)));
        FACTFLOW_ASSIGN_OR_RETURN(domain::Party stored,
                                  repository_.UpsertParty(principal.tenant_id, party));
        PartyToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status CatalogService::ListParties(grpc::ServerContext* context,
                                         const catalog::v1::ListPartiesRequest* request,
                                         catalog::v1::ListPartiesResponse* response) {
  return HandleRead(
      context, signer_, "CatalogService.ListParties",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            domain::PageQuery page,
            domain::MakePageQuery(request->page().page_size(), request->page().page_token()));
        FACTFLOW_ASSIGN_OR_RETURN(storage::Page<domain::Party> parties,
                                  repository_.ListParties(principal.tenant_id, page));
        for (const domain::Party& party : parties.items) {
          PartyToProto(party, response->add_parties());
        }
        response->set_next_page_token(parties.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
