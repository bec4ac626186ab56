// ConnectorService.Send: the connector's send (connectors/send.h), with its progress streamed
// after every chunk and the synchronisation report on the last message.

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "connectors/send.h"
#include "domain/codes.h"
#include "grpc/access.h"
#include "grpc/connector_service.h"
#include "status/grpc_status.h"

namespace factflow::catalog_mapping::grpcapi {

grpc::Status ConnectorService::Send(grpc::ServerContext* context,
                                    const catalog::v1::SendRequest* request,
                                    grpc::ServerWriter<catalog::v1::SendProgress>* writer) {
  return HandleWrite(
      context, signer_, "ConnectorService.Send",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(
            std::string code, domain::NormalizeCode("connector_code", request->connector_code()));
        FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                  repository_.Get(principal.tenant_id, code));
        std::string key;
        if (stored.connector.communication_mode == domain::kModeWebservice) {
          FACTFLOW_ASSIGN_OR_RETURN(key, repository_.WebserviceKey(principal.tenant_id, code));
        }
        connectors::Sender sender(repository_.pool(), folders_);
        FACTFLOW_ASSIGN_OR_RETURN(
            storage::SyncReportRecord report,
            sender.Send(principal.tenant_id, stored.connector, key,
                        [&](const std::string& stage, int64_t done, int64_t total) {
                          catalog::v1::SendProgress progress;
                          progress.set_stage(stage);
                          progress.set_done(done);
                          progress.set_total(total);
                          writer->Write(progress);  // a gone client does not stop the send
                        }));
        catalog::v1::SendProgress last;
        last.set_stage("Terminé");
        ReportToProto(report, last.mutable_report());
        writer->Write(last);
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
