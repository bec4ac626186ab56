#pragma once

// factflow.catalog.v1.ConnectorService: E-connectors (setup, reception of their files,
// synchronisation reports). Not built yet: every call is authenticated like the others, then
// answers UNIMPLEMENTED with what the call will do, so that clients can be written against the
// contract. Correspondences already work through CatalogService.SetCorrespondences.
//
// Thread safety: thread-safe (stateless).

#include "auth/token.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"

namespace factflow::catalog_mapping::grpcapi {

class ConnectorService final : public catalog::v1::ConnectorService::Service {
 public:
  // `signer` must outlive the service.
  explicit ConnectorService(const auth::TokenSigner& signer);

  grpc::Status UpsertConnector(grpc::ServerContext* context, const catalog::v1::Connector* request,
                               catalog::v1::Connector* response) override;
  grpc::Status ListConnectors(grpc::ServerContext* context,
                              const catalog::v1::ListConnectorsRequest* request,
                              catalog::v1::ListConnectorsResponse* response) override;
  grpc::Status ListPendingReceptions(grpc::ServerContext* context,
                                     const catalog::v1::ListPendingReceptionsRequest* request,
                                     catalog::v1::ListPendingReceptionsResponse* response) override;
  grpc::Status Receive(grpc::ServerContext* context, const catalog::v1::ReceiveRequest* request,
                       catalog::v1::SyncReport* response) override;
  grpc::Status ListSyncReports(grpc::ServerContext* context,
                               const catalog::v1::ListSyncReportsRequest* request,
                               catalog::v1::ListSyncReportsResponse* response) override;

 private:
  const auth::TokenSigner& signer_;
};

}  // namespace factflow::catalog_mapping::grpcapi
