#pragma once

// factflow.catalog.v1.CatalogService: the tenant's articles and parties, and the
// correspondences of external codes to articles that the importer and the E-connectors use.
//
// Every call is authenticated and scoped to the caller's tenant (grpcutil::HandleRpc). Reads
// (GetArticle, ListArticles, ResolveArticles, ListParties) need the role operator, admin or
// service; writes (UpsertArticle, SetCorrespondences, UpsertParty) operator or admin.
//
// Errors: INVALID_ARGUMENT naming what is wrong and how to fix it (nothing is written),
// NOT_FOUND for an unknown article, UNAUTHENTICATED / PERMISSION_DENIED, and UNAVAILABLE /
// ABORTED when the database is unreachable or a transaction conflicted (retry).
//
// Thread safety: thread-safe; gRPC calls the handlers concurrently.

#include <functional>

#include "auth/token.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"
#include "storage/catalog_repository.h"

namespace factflow::catalog_mapping::grpcapi {

class CatalogService final : public catalog::v1::CatalogService::Service {
 public:
  // `signer` and `repository` must outlive the service. `events_committed` is called after a
  // transaction appended events to the outbox (the service wakes its relay with it).
  CatalogService(const auth::TokenSigner& signer, storage::CatalogRepository& repository,
                 std::function<void()> events_committed);

  grpc::Status UpsertArticle(grpc::ServerContext* context, const catalog::v1::Article* request,
                             catalog::v1::Article* response) override;
  grpc::Status GetArticle(grpc::ServerContext* context,
                          const catalog::v1::GetArticleRequest* request,
                          catalog::v1::Article* response) override;
  grpc::Status ListArticles(grpc::ServerContext* context,
                            const catalog::v1::ListArticlesRequest* request,
                            catalog::v1::ListArticlesResponse* response) override;
  // All entries apply in one transaction or none does; an empty article_code removes the
  // correspondence. One CorrespondencesChanged event per connector with real changes.
  grpc::Status SetCorrespondences(grpc::ServerContext* context,
                                  const catalog::v1::SetCorrespondencesRequest* request,
                                  catalog::v1::SetCorrespondencesResponse* response) override;
  // One result per distinct (trimmed) external code, in request order; at most 10,000 codes.
  grpc::Status ResolveArticles(grpc::ServerContext* context,
                               const catalog::v1::ResolveArticlesRequest* request,
                               catalog::v1::ResolveArticlesResponse* response) override;
  grpc::Status UpsertParty(grpc::ServerContext* context, const catalog::v1::Party* request,
                           catalog::v1::Party* response) override;
  grpc::Status ListParties(grpc::ServerContext* context,
                           const catalog::v1::ListPartiesRequest* request,
                           catalog::v1::ListPartiesResponse* response) override;
  // In grpc/correspondence_rpcs.cc.
  grpc::Status ListCorrespondences(grpc::ServerContext* context,
                                   const catalog::v1::ListCorrespondencesRequest* request,
                                   catalog::v1::ListCorrespondencesResponse* response) override;

 private:
  const auth::TokenSigner& signer_;
  storage::CatalogRepository& repository_;
  std::function<void()> events_committed_;
};

}  // namespace factflow::catalog_mapping::grpcapi
