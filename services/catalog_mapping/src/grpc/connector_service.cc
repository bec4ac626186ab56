#include "grpc/connector_service.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "grpc/access.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

absl::Status NotBuilt(std::string_view method, std::string_view plan) {
  return absl::UnimplementedError(absl::StrCat(
      "ConnectorService.", std::string(method), " is not built yet: ", std::string(plan),
      " is planned. Article correspondences can already be set with "
      "CatalogService.SetCorrespondences"));
}

}  // namespace

ConnectorService::ConnectorService(const auth::TokenSigner& signer) : signer_(signer) {}

grpc::Status ConnectorService::UpsertConnector(grpc::ServerContext* context,
                                               const catalog::v1::Connector*,
                                               catalog::v1::Connector*) {
  return HandleWrite(context, signer_, "ConnectorService.UpsertConnector",
                     [](const auth::Principal&) {
                       return NotBuilt("UpsertConnector",
                                       "E-connector setup (link type, CSV folder or webservice, "
                                       "send and reception settings)");
                     });
}

grpc::Status ConnectorService::ListConnectors(grpc::ServerContext* context,
                                              const catalog::v1::ListConnectorsRequest*,
                                              catalog::v1::ListConnectorsResponse*) {
  return HandleRead(context, signer_, "ConnectorService.ListConnectors",
                    [](const auth::Principal&) {
                      return NotBuilt("ListConnectors", "Listing the tenant's E-connectors");
                    });
}

grpc::Status ConnectorService::ListPendingReceptions(
    grpc::ServerContext* context, const catalog::v1::ListPendingReceptionsRequest*,
    catalog::v1::ListPendingReceptionsResponse*) {
  return HandleRead(context, signer_, "ConnectorService.ListPendingReceptions",
                    [](const auth::Principal&) {
                      return NotBuilt("ListPendingReceptions",
                                      "Listing the ETA CSV files waiting for reception, with "
                                      "their articles' mapping status");
                    });
}

grpc::Status ConnectorService::Receive(grpc::ServerContext* context,
                                       const catalog::v1::ReceiveRequest*,
                                       catalog::v1::SyncReport*) {
  return HandleWrite(context, signer_, "ConnectorService.Receive", [](const auth::Principal&) {
    return NotBuilt("Receive", "E-connector reception of ETA CSV files");
  });
}

grpc::Status ConnectorService::ListSyncReports(grpc::ServerContext* context,
                                               const catalog::v1::ListSyncReportsRequest*,
                                               catalog::v1::ListSyncReportsResponse*) {
  return HandleRead(
      context, signer_, "ConnectorService.ListSyncReports", [](const auth::Principal&) {
        return NotBuilt("ListSyncReports", "The history of synchronisation reports per connector");
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
