#include "storage/connector_repository.h"

#include <optional>
#include <pqxx/stream_to>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "status/grpc_status.h"

namespace factflow::catalog_mapping::storage {
namespace {

using domain::Connector;

// The settings columns, in the order of ConnectorFromRow (and of the INSERT parameters $3..).
constexpr char kSettingColumns[] =
    "link_type, communication_mode, export_path, import_path, webservice_url, "
    "send_articles, send_articles_filter, send_tariff_category, send_unit, send_depot, "
    "send_customers, send_customers_filter, send_contacts, reception_document_type, "
    "reception_company, reception_site, reception_depot, reception_customer_family, "
    "reception_supplier_family, reception_mode";

// SELECT list over "c" (connectors) plus the newest report and whether a reception ran.
std::string SelectConnectors() {
  std::string columns;
  for (std::string_view name : {"code", "link_type", "communication_mode", "export_path",
                                "import_path", "webservice_url", "send_articles",
                                "send_articles_filter", "send_tariff_category", "send_unit",
                                "send_depot", "send_customers", "send_customers_filter",
                                "send_contacts", "reception_document_type", "reception_company",
                                "reception_site", "reception_depot",
                                "reception_customer_family", "reception_supplier_family",
                                "reception_mode"}) {
    absl::StrAppend(&columns, "c.", std::string(name), ", ");
  }
  return absl::StrCat(
      "SELECT ", columns,
      "c.webservice_key <> '', coalesce(r.state, ''), "
      "coalesce(extract(epoch FROM r.at)::bigint, 0), "
      "EXISTS (SELECT 1 FROM sync_reports x WHERE x.tenant_id = c.tenant_id "
      "AND x.connector_code = c.code AND x.kind = 'RECEPTION') "
      "FROM connectors c LEFT JOIN LATERAL (SELECT s.state, s.at FROM sync_reports s "
      "WHERE s.tenant_id = c.tenant_id AND s.connector_code = c.code "
      "ORDER BY s.id DESC LIMIT 1) r ON true ");
}

StoredConnector ConnectorFromRow(const pqxx::row& row) {
  StoredConnector stored;
  Connector& c = stored.connector;
  int i = 0;
  auto text = [&] { return row[i++].as<std::string>(); };
  c.code = text();
  c.link_type = text();
  c.communication_mode = text();
  c.export_path = text();
  c.import_path = text();
  c.webservice_url = text();
  c.send_articles = text();
  c.send_articles_filter = text();
  c.send_tariff_category = text();
  c.send_unit = text();
  c.send_depot = text();
  c.send_customers = text();
  c.send_customers_filter = text();
  c.send_contacts = row[i++].as<bool>();
  c.reception_document_type = text();
  c.reception_company = text();
  c.reception_site = text();
  c.reception_depot = text();
  c.reception_customer_family = text();
  c.reception_supplier_family = text();
  c.reception_mode = text();
  stored.webservice_key_set = row[i++].as<bool>();
  stored.last_sync_state = text();
  stored.last_sync_at = row[i++].as<int64_t>();
  stored.received_once = row[i++].as<bool>();
  return stored;
}

absl::Status ConnectorNotFound(const std::string& code) {
  return absl::NotFoundError(absl::StrCat("connecteur « ", code,
                                          " » inconnu dans ce dossier : créez-le d'abord"));
}

}  // namespace

ConnectorRepository::ConnectorRepository(db::Pool& pool) : pool_(pool) {}

absl::StatusOr<StoredConnector> ConnectorRepository::Upsert(const std::string& tenant_id,
                                                            const Connector& c) {
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    tx.exec_params(
        absl::StrCat(
            "INSERT INTO connectors AS k (tenant_id, code, ", kSettingColumns,
            ", webservice_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
            "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23) "
            "ON CONFLICT (tenant_id, code) DO UPDATE SET (", kSettingColumns,
            ") = (EXCLUDED.link_type, EXCLUDED.communication_mode, EXCLUDED.export_path, "
            "EXCLUDED.import_path, EXCLUDED.webservice_url, EXCLUDED.send_articles, "
            "EXCLUDED.send_articles_filter, EXCLUDED.send_tariff_category, EXCLUDED.send_unit, "
            "EXCLUDED.send_depot, EXCLUDED.send_customers, EXCLUDED.send_customers_filter, "
            "EXCLUDED.send_contacts, EXCLUDED.reception_document_type, "
            "EXCLUDED.reception_company, EXCLUDED.reception_site, EXCLUDED.reception_depot, "
            "EXCLUDED.reception_customer_family, EXCLUDED.reception_supplier_family, "
            "EXCLUDED.reception_mode), "
            "webservice_key = CASE WHEN EXCLUDED.webservice_key = '' THEN k.webservice_key "
            "ELSE EXCLUDED.webservice_key END, updated_at = now()"),
        tenant_id, c.code, c.link_type, c.communication_mode, c.export_path, c.import_path,
        c.webservice_url, c.send_articles, c.send_articles_filter, c.send_tariff_category,
        c.send_unit, c.send_depot, c.send_customers, c.send_customers_filter, c.send_contacts,
        c.reception_document_type, c.reception_company, c.reception_site, c.reception_depot,
        c.reception_customer_family, c.reception_supplier_family, c.reception_mode,
        c.webservice_key);
    return absl::OkStatus();
  }));
  return Get(tenant_id, c.code);
}

absl::StatusOr<StoredConnector> ConnectorRepository::Get(const std::string& tenant_id,
                                                         const std::string& code) {
  std::optional<StoredConnector> found;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::result rows = tx.exec_params(
        absl::StrCat(SelectConnectors(), "WHERE c.tenant_id = $1 AND c.code = $2"), tenant_id,
        code);
    if (!rows.empty()) found = ConnectorFromRow(rows[0]);
    return absl::OkStatus();
  }));
  if (!found) return ConnectorNotFound(code);
  return *std::move(found);
}

absl::StatusOr<std::string> ConnectorRepository::WebserviceKey(const std::string& tenant_id,
                                                               const std::string& code) {
  std::optional<std::string> key;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::result rows = tx.exec_params(
        "SELECT webservice_key FROM connectors WHERE tenant_id = $1 AND code = $2", tenant_id,
        code);
    if (!rows.empty()) key = rows[0][0].as<std::string>();
    return absl::OkStatus();
  }));
  if (!key) return ConnectorNotFound(code);
  return *std::move(key);
}

absl::StatusOr<std::vector<StoredConnector>> ConnectorRepository::List(
    const std::string& tenant_id) {
  std::vector<StoredConnector> connectors;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    for (const auto& row : tx.exec_params(
             absl::StrCat(SelectConnectors(), "WHERE c.tenant_id = $1 ORDER BY c.code"),
             tenant_id)) {
      connectors.push_back(ConnectorFromRow(row));
    }
    return absl::OkStatus();
  }));
  return connectors;
}

int64_t ConnectorRepository::AppendReport(pqxx::work& tx, const std::string& tenant_id,
                                          const SyncReportRecord& report) {
  const int64_t id =
      tx.exec_params1("INSERT INTO sync_reports (tenant_id, connector_code, kind, state) "
                      "VALUES ($1, $2, $3, $4) RETURNING id",
                      tenant_id, report.connector_code, report.kind, report.state)[0]
          .as<int64_t>();
  if (report.entries.empty()) return id;
  // One COPY-like multi-row insert through a stream: bounded statements whatever the size.
  pqxx::stream_to stream(tx, "sync_report_entries",
                         std::vector<std::string>{"report_id", "ordinal", "file_name", "type",
                                                  "identifier", "state", "message"});
  int ordinal = 0;
  for (const SyncEntry& entry : report.entries) {
    stream << std::make_tuple(id, ++ordinal, entry.file_name, entry.type, entry.identifier,
                              entry.state, entry.message);
  }
  stream.complete();
  return id;
}

absl::StatusOr<std::vector<SyncReportRecord>> ConnectorRepository::ListReports(
    const std::string& tenant_id, const std::string& code, int limit) {
  std::vector<SyncReportRecord> reports;
  bool exists = false;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    exists = !tx.exec_params("SELECT 1 FROM connectors WHERE tenant_id = $1 AND code = $2",
                             tenant_id, code)
                  .empty();
    if (!exists) return absl::OkStatus();
    pqxx::result rows = tx.exec_params(
        "SELECT r.id, r.kind, r.state, extract(epoch FROM r.at)::bigint, e.file_name, e.type, "
        "e.identifier, e.state, e.message "
        "FROM (SELECT * FROM sync_reports WHERE tenant_id = $1 AND connector_code = $2 "
        "ORDER BY id DESC LIMIT $3) r "
        "LEFT JOIN sync_report_entries e ON e.report_id = r.id ORDER BY r.id DESC, e.ordinal",
        tenant_id, code, limit);
    for (const auto& row : rows) {
      const int64_t id = row[0].as<int64_t>();
      if (reports.empty() || reports.back().id != id) {
        reports.push_back({id, code, row[1].as<std::string>(), row[2].as<std::string>(),
                           row[3].as<int64_t>(), {}});
      }
      if (!row[4].is_null()) {
        reports.back().entries.push_back(
            {row[4].as<std::string>(), row[5].as<std::string>(), row[6].as<std::string>(),
             row[7].as<std::string>(), row[8].as<std::string>()});
      }
    }
    return absl::OkStatus();
  }));
  if (!exists) return ConnectorNotFound(code);
  return reports;
}

}  // namespace factflow::catalog_mapping::storage
