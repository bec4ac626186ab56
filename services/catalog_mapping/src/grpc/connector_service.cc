#include "grpc/connector_service.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "grpc/access.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

absl::Status NotBuilt(std::string_view method, std::string_view plan) {
  return grpcutil::NotYetAvailable(
      absl::StrCat("ConnectorService.", std::string(method)),
      absl::StrCat(std::string(plan),
                   " ; les correspondances d'articles se règlent déjà avec "
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
                                       "le paramétrage des E-connecteurs (type de liaison, dossier "
                                       "CSV ou service web, réglages d'envoi et de réception)");
                     });
}

grpc::Status ConnectorService::ListConnectors(grpc::ServerContext* context,
                                              const catalog::v1::ListConnectorsRequest*,
                                              catalog::v1::ListConnectorsResponse*) {
  return HandleRead(context, signer_, "ConnectorService.ListConnectors",
                    [](const auth::Principal&) {
                      return NotBuilt("ListConnectors", "la liste des E-connecteurs du dossier");
                    });
}

grpc::Status ConnectorService::ListPendingReceptions(
    grpc::ServerContext* context, const catalog::v1::ListPendingReceptionsRequest*,
    catalog::v1::ListPendingReceptionsResponse*) {
  return HandleRead(context, signer_, "ConnectorService.ListPendingReceptions",
                    [](const auth::Principal&) {
                      return NotBuilt("ListPendingReceptions",
                                      "la liste des fichiers CSV ETA en attente de réception, "
                                      "avec l'état de correspondance de leurs articles");
                    });
}

grpc::Status ConnectorService::Receive(grpc::ServerContext* context,
                                       const catalog::v1::ReceiveRequest*,
                                       catalog::v1::SyncReport*) {
  return HandleWrite(context, signer_, "ConnectorService.Receive", [](const auth::Principal&) {
    return NotBuilt("Receive", "la réception des fichiers CSV ETA par E-connecteur");
  });
}

grpc::Status ConnectorService::ListSyncReports(grpc::ServerContext* context,
                                               const catalog::v1::ListSyncReportsRequest*,
                                               catalog::v1::ListSyncReportsResponse*) {
  return HandleRead(
      context, signer_, "ConnectorService.ListSyncReports", [](const auth::Principal&) {
        return NotBuilt("ListSyncReports",
                        "l'historique des comptes rendus de synchronisation par connecteur");
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
