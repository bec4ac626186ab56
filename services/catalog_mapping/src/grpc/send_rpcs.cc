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
        catalog::v1::SyncReport* out = last.mutable_report();
        out->set_id(report.id);
        out->set_connector_code(report.connector_code);
        out->set_kind(report.kind);
        out->set_state(report.state);
        out->mutable_at()->set_seconds(report.at);
        for (const storage::SyncEntry& entry : report.entries) {
          catalog::v1::SyncReportEntry* e = out->add_entries();
          e->set_file_name(entry.file_name);
          e->set_type(entry.type);
          e->set_identifier(entry.identifier);
          e->set_state(entry.state);
          e->set_message(entry.message);
        }
        writer->Write(last);
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
