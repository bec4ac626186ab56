#pragma once

// factflow.catalog.v1.ConnectorService: E-connectors (domain.md section 3). Built: connector
// setup (UpsertConnector, GetConnector, ListConnectors with the state of the last
// synchronisation and the waiting data), the webservice connection test (a real HTTP call),
// the pending ETA files of a CSV connector (ListPendingReceptions: their names) and the history
// of synchronisation reports, and the reception of the ETA files (connectors/reception.h).
// Webservice reception is not built yet.
//
// Thread safety: thread-safe (the repository and the folders are).

#include <functional>

#include "auth/token.h"
#include "connectors/folders.h"
#include "connectors/reception.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"
#include "storage/connector_repository.h"

namespace factflow::catalog_mapping::grpcapi {

// A synchronisation report as the API shows it.
void ReportToProto(const storage::SyncReportRecord& report, catalog::v1::SyncReport* out);

class ConnectorService final : public catalog::v1::ConnectorService::Service {
 public:
  // Every argument must outlive the service.
  ConnectorService(const auth::TokenSigner& signer, storage::ConnectorRepository& repository,
                   const connectors::ConnectorFolders& folders, connectors::Reception& reception,
                   std::function<void()> events_committed = {});

  grpc::Status UpsertConnector(grpc::ServerContext* context, const catalog::v1::Connector* request,
                               catalog::v1::Connector* response) override;
  grpc::Status GetConnector(grpc::ServerContext* context,
                            const catalog::v1::GetConnectorRequest* request,
                            catalog::v1::Connector* response) override;
  grpc::Status ListConnectors(grpc::ServerContext* context,
                              const catalog::v1::ListConnectorsRequest* request,
                              catalog::v1::ListConnectorsResponse* response) override;
  grpc::Status TestConnection(grpc::ServerContext* context,
                              const catalog::v1::TestConnectionRequest* request,
                              catalog::v1::TestConnectionResponse* response) override;
  grpc::Status ListPendingReceptions(grpc::ServerContext* context,
                                     const catalog::v1::ListPendingReceptionsRequest* request,
                                     catalog::v1::ListPendingReceptionsResponse* response) override;
  grpc::Status Receive(grpc::ServerContext* context, const catalog::v1::ReceiveRequest* request,
                       catalog::v1::SyncReport* response) override;
  grpc::Status ListSyncReports(grpc::ServerContext* context,
                               const catalog::v1::ListSyncReportsRequest* request,
                               catalog::v1::ListSyncReportsResponse* response) override;
  // grpc/received_documents_rpcs.cc
  grpc::Status GetReceivedDocuments(grpc::ServerContext* context,
                                    const catalog::v1::GetReceivedDocumentsRequest* request,
                                    catalog::v1::GetReceivedDocumentsResponse* response) override;
  // grpc/filter_rpcs.cc
  grpc::Status UpsertSavedFilter(grpc::ServerContext* context,
                                 const catalog::v1::SavedFilter* request,
                                 catalog::v1::SavedFilter* response) override;
  grpc::Status ListSavedFilters(grpc::ServerContext* context,
                                const catalog::v1::ListSavedFiltersRequest* request,
                                catalog::v1::ListSavedFiltersResponse* response) override;
  grpc::Status DeleteSavedFilter(grpc::ServerContext* context,
                                 const catalog::v1::DeleteSavedFilterRequest* request,
                                 catalog::v1::DeleteSavedFilterResponse* response) override;
  grpc::Status ListArticlesForMapping(
      grpc::ServerContext* context, const catalog::v1::ListArticlesForMappingRequest* request,
      catalog::v1::ListArticlesForMappingResponse* response) override;
  // grpc/send_rpcs.cc
  grpc::Status Send(grpc::ServerContext* context, const catalog::v1::SendRequest* request,
                    grpc::ServerWriter<catalog::v1::SendProgress>* writer) override;

 private:
  // The connector as the list shows it (pending files counted in its import folder).
  void ToProto(const storage::StoredConnector& stored, catalog::v1::Connector* out) const;

  const auth::TokenSigner& signer_;
  storage::ConnectorRepository& repository_;
  const connectors::ConnectorFolders& folders_;
  connectors::Reception& reception_;
  std::function<void()> events_committed_;
};

}  // namespace factflow::catalog_mapping::grpcapi
