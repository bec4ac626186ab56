#include "grpc/connector_service.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "connectors/http_probe.h"
#include "domain/codes.h"
#include "domain/connector.h"
#include "grpc/access.h"
#include "status/grpc_status.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

constexpr char kDataWaiting[] = "Données en attente de réception";
constexpr char kNoReception[] = "Aucune réception réalisée";
constexpr int kDefaultReports = 20;
constexpr int kMaxReports = 200;

domain::Connector ConnectorFromProto(const catalog::v1::Connector& in) {
  domain::Connector c;
  c.code = in.code();
  c.link_type = in.link_type();
  c.communication_mode = in.communication_mode();
  c.export_path = in.export_path();
  c.import_path = in.import_path();
  c.webservice_url = in.webservice_url();
  c.webservice_key = in.webservice_key();
  c.send_articles = in.send_articles();
  c.send_articles_filter = in.send_articles_filter();
  c.send_tariff_category = in.send_tariff_category();
  c.send_unit = in.send_unit();
  c.send_depot = in.send_depot();
  c.send_customers = in.send_customers();
  c.send_customers_filter = in.send_customers_filter();
  c.send_contacts = in.send_contacts();
  c.reception_document_type = in.reception_document_type();
  c.reception_company = in.reception_company();
  c.reception_site = in.reception_site();
  c.reception_depot = in.reception_depot();
  c.reception_customer_family = in.reception_customer_family();
  c.reception_supplier_family = in.reception_supplier_family();
  c.reception_mode = in.reception_mode();
  return c;
}

}  // namespace

void ReportToProto(const storage::SyncReportRecord& report, catalog::v1::SyncReport* out) {
  out->set_id(report.id);
  out->set_connector_code(report.connector_code);
  out->set_kind(report.kind);
  out->set_state(report.state);
  if (report.at > 0) out->mutable_at()->set_seconds(report.at);
  for (const storage::SyncEntry& entry : report.entries) {
    catalog::v1::SyncReportEntry* e = out->add_entries();
    e->set_file_name(entry.file_name);
    e->set_type(entry.type);
    e->set_identifier(entry.identifier);
    e->set_state(entry.state);
    e->set_message(entry.message);
  }
}

ConnectorService::ConnectorService(const auth::TokenSigner& signer,
                                   storage::ConnectorRepository& repository,
                                   const connectors::ConnectorFolders& folders,
                                   connectors::Reception& reception,
                                   std::function<void()> events_committed)
    : signer_(signer),
      repository_(repository),
      folders_(folders),
      reception_(reception),
      events_committed_(std::move(events_committed)) {}

void ConnectorService::ToProto(const storage::StoredConnector& stored,
                               catalog::v1::Connector* out) const {
  const domain::Connector& c = stored.connector;
  out->set_code(c.code);
  out->set_link_type(c.link_type);
  out->set_communication_mode(c.communication_mode);
  out->set_export_path(c.export_path);
  out->set_import_path(c.import_path);
  out->set_webservice_url(c.webservice_url);
  out->set_send_articles(c.send_articles);
  out->set_send_articles_filter(c.send_articles_filter);
  out->set_send_tariff_category(c.send_tariff_category);
  out->set_send_unit(c.send_unit);
  out->set_send_depot(c.send_depot);
  out->set_send_customers(c.send_customers);
  out->set_send_customers_filter(c.send_customers_filter);
  out->set_send_contacts(c.send_contacts);
  out->set_reception_document_type(c.reception_document_type);
  out->set_reception_company(c.reception_company);
  out->set_reception_site(c.reception_site);
  out->set_reception_depot(c.reception_depot);
  out->set_reception_customer_family(c.reception_customer_family);
  out->set_reception_supplier_family(c.reception_supplier_family);
  out->set_reception_mode(c.reception_mode);
  out->set_webservice_key_set(stored.webservice_key_set);
  out->set_last_sync_state(stored.last_sync_state);
  if (stored.last_sync_at > 0) out->mutable_last_sync_at()->set_seconds(stored.last_sync_at);
  int pending = 0;
  if (c.communication_mode == domain::kModeCsvFolder) {
    auto files = folders_.PendingFiles(c.import_path);
    if (files.ok()) pending = static_cast<int>(files->size());
  }
  out->set_pending_files(pending);
  if (pending > 0) {
    out->set_pending_state(kDataWaiting);
  } else if (!stored.received_once) {
    out->set_pending_state(kNoReception);
  }
}

grpc::Status ConnectorService::UpsertConnector(grpc::ServerContext* context,
                                               const catalog::v1::Connector* request,
                                               catalog::v1::Connector* response) {
  return HandleWrite(
      context, signer_, "ConnectorService.UpsertConnector",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(domain::Connector connector,
                                  domain::ValidateConnector(ConnectorFromProto(*request)));
        if (connector.communication_mode == domain::kModeCsvFolder) {
          FACTFLOW_ASSIGN_OR_RETURN(
              connector.export_path,
              folders_.Prepare("connector.export_path", connector.export_path));
          FACTFLOW_ASSIGN_OR_RETURN(
              connector.import_path,
              folders_.Prepare("connector.import_path", connector.import_path));
        } else if (connector.webservice_key.empty()) {
          // A new webservice connector needs its key; an update may keep the stored one.
          auto existing = repository_.Get(principal.tenant_id, connector.code);
          if (!existing.ok() || !existing->webservice_key_set) {
            return absl::InvalidArgumentError(
                "connector.webservice_key obligatoire en mode WEBSERVICE (clé d'accès du "
                "service web)");
          }
        }
        FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                  repository_.Upsert(principal.tenant_id, connector));
        ToProto(stored, response);
        return absl::OkStatus();
      });
}

grpc::Status ConnectorService::GetConnector(grpc::ServerContext* context,
                                            const catalog::v1::GetConnectorRequest* request,
                                            catalog::v1::Connector* response) {
  return HandleRead(context, signer_, "ConnectorService.GetConnector",
                    [&](const auth::Principal& principal) -> absl::Status {
                      FACTFLOW_ASSIGN_OR_RETURN(std::string code,
                                                domain::NormalizeCode("code", request->code()));
                      FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                                repository_.Get(principal.tenant_id, code));
                      ToProto(stored, response);
                      return absl::OkStatus();
                    });
}

grpc::Status ConnectorService::ListConnectors(grpc::ServerContext* context,
                                              const catalog::v1::ListConnectorsRequest*,
                                              catalog::v1::ListConnectorsResponse* response) {
  return HandleRead(context, signer_, "ConnectorService.ListConnectors",
                    [&](const auth::Principal& principal) -> absl::Status {
                      FACTFLOW_ASSIGN_OR_RETURN(auto connectors,
                                                repository_.List(principal.tenant_id));
                      for (const storage::StoredConnector& stored : connectors) {
                        ToProto(stored, response->add_connectors());
                      }
                      return absl::OkStatus();
                    });
}

grpc::Status ConnectorService::TestConnection(grpc::ServerContext* context,
                                              const catalog::v1::TestConnectionRequest* request,
                                              catalog::v1::TestConnectionResponse* response) {
  return HandleWrite(
      context, signer_, "ConnectorService.TestConnection",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(std::string code, domain::NormalizeCode("connector_code",
                                                                          request->connector_code()));
        FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                  repository_.Get(principal.tenant_id, code));
        if (stored.connector.communication_mode != domain::kModeWebservice) {
          return absl::FailedPreconditionError(absl::StrCat(
              "le connecteur « ", code,
              " » échange des fichiers CSV : le test de connexion concerne le mode WEBSERVICE"));
        }
        FACTFLOW_ASSIGN_OR_RETURN(std::string key,
                                  repository_.WebserviceKey(principal.tenant_id, code));
        connectors::ProbeResult probe = connectors::ProbeUrl(stored.connector.webservice_url, key);
        response->set_ok(probe.ok);
        response->set_http_status(probe.http_status);
        response->set_elapsed_ms(probe.elapsed_ms);
        response->set_error(probe.error);
        response->set_url(stored.connector.webservice_url);
        return absl::OkStatus();
      });
}

grpc::Status ConnectorService::ListPendingReceptions(
    grpc::ServerContext* context, const catalog::v1::ListPendingReceptionsRequest* request,
    catalog::v1::ListPendingReceptionsResponse* response) {
  return HandleRead(
      context, signer_, "ConnectorService.ListPendingReceptions",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(std::string code, domain::NormalizeCode("connector_code",
                                                                          request->connector_code()));
        FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                  repository_.Get(principal.tenant_id, code));
        if (stored.connector.communication_mode != domain::kModeCsvFolder) {
          return absl::FailedPreconditionError(absl::StrCat(
              "le connecteur « ", code, " » n'a pas de dossier d'import (mode WEBSERVICE)"));
        }
        FACTFLOW_ASSIGN_OR_RETURN(auto files,
                                  reception_.Preview(principal.tenant_id, stored.connector));
        for (const connectors::PendingFile& file : files) {
          response->add_file_names(file.file_name);
          catalog::v1::PendingFile* out = response->add_files();
          out->set_file_name(file.file_name);
          out->set_type(file.documents_file ? "Documents" : "Tiers");
          out->set_error(file.error);
          for (const auto& d : file.documents) {
            catalog::v1::PendingDocument* doc = out->add_documents();
            doc->set_document_id(d.id);
            doc->set_customer_code(d.customer);
            doc->mutable_total_incl_vat()->set_value(d.total_incl_vat);
            doc->set_payment_mode(d.payment_mode);
            doc->set_state(d.already_received ? "Déjà reçu" : "Nouveau document");
          }
          for (const auto& a : file.articles) {
            catalog::v1::PendingArticle* article = out->add_articles();
            article->set_external_code(a.external_code);
            article->set_article_code(a.article_code);
            article->set_article_label(a.article_label);
          }
          for (const auto& p : file.parties) {
            catalog::v1::PendingParty* party = out->add_parties();
            party->set_code(p.code);
            party->set_name(p.name);
            party->set_state(p.exists ? "Mise à jour" : "Nouveau");
          }
        }
        return absl::OkStatus();
      });
}

grpc::Status ConnectorService::Receive(grpc::ServerContext* context,
                                       const catalog::v1::ReceiveRequest* request,
                                       catalog::v1::SyncReport* response) {
  return HandleWrite(
      context, signer_, "ConnectorService.Receive",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(std::string code, domain::NormalizeCode("connector_code",
                                                                          request->connector_code()));
        FACTFLOW_ASSIGN_OR_RETURN(storage::StoredConnector stored,
                                  repository_.Get(principal.tenant_id, code));
        FACTFLOW_ASSIGN_OR_RETURN(storage::SyncReportRecord report,
                                  reception_.Receive(principal.tenant_id, stored.connector));
        if (events_committed_) events_committed_();
        ReportToProto(report, response);
        response->mutable_at()->set_seconds(absl::ToUnixSeconds(absl::Now()));
        return absl::OkStatus();
      });
}

grpc::Status ConnectorService::ListSyncReports(grpc::ServerContext* context,
                                               const catalog::v1::ListSyncReportsRequest* request,
                                               catalog::v1::ListSyncReportsResponse* response) {
  return HandleRead(
      context, signer_, "ConnectorService.ListSyncReports",
      [&](const auth::Principal& principal) -> absl::Status {
        FACTFLOW_ASSIGN_OR_RETURN(std::string code, domain::NormalizeCode("connector_code",
                                                                          request->connector_code()));
        if (request->limit() < 0 || request->limit() > kMaxReports) {
          return absl::InvalidArgumentError(
              absl::StrCat("limit ", request->limit(), " hors limites : de 1 à ", kMaxReports,
                           " (0 : ", kDefaultReports, ")"));
        }
        const int limit = request->limit() == 0 ? kDefaultReports : request->limit();
        FACTFLOW_ASSIGN_OR_RETURN(auto reports,
                                  repository_.ListReports(principal.tenant_id, code, limit));
        for (const storage::SyncReportRecord& report : reports) {
          ReportToProto(report, response->add_reports());
        }
        return absl::OkStatus();
      });
}

}  // namespace factflow::catalog_mapping::grpcapi
