#include "storage/quarantine.h"

#include <algorithm>
#include <map>

#include "factflow/events/v1/events.pb.h"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "storage/connector_repository.h"

namespace factflow::catalog_mapping::storage {

void LockConnector(pqxx::work& tx, const std::string& tenant_id, const std::string& connector) {
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 8))",
                 tenant_id + "\x1f" + connector);
}

void AppendDocumentsReceived(pqxx::work& tx, const std::string& tenant_id,
                             const std::string& producer, const std::string& connector,
                             const std::string& kind, const std::vector<std::string>& document_ids,
                             bool released) {
  outbox::EventOrigin origin{tenant_id, "connector", connector, producer, ""};
  for (size_t begin = 0; begin < document_ids.size(); begin += kDocumentsPerEvent) {
    events::v1::DocumentsReceived payload;
    payload.set_connector_code(connector);
    payload.set_document_kind(kind);
    payload.set_released(released);
    const size_t end = std::min(document_ids.size(), begin + kDocumentsPerEvent);
    for (size_t i = begin; i < end; ++i) payload.add_document_ids(document_ids[i]);
    outbox::Append(tx, kReceptionTopic, outbox::MakeEnvelope(payload, origin));
  }
}

int64_t ReleaseQuarantine(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& producer, const std::vector<std::string>& connectors) {
  int64_t released = 0;
  for (const std::string& connector : connectors) {
    LockConnector(tx, tenant_id, connector);
    pqxx::result rows = tx.exec_params(
        "UPDATE received_documents d SET status = 'INTEGRATED', released_at = now() "
        "WHERE d.tenant_id = $1 AND d.connector_code = $2 AND d.status = 'QUARANTINE' "
        "AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.lines) l "
        "WHERE NOT EXISTS (SELECT 1 FROM correspondences c WHERE c.tenant_id = d.tenant_id "
        "AND c.connector_code = d.connector_code "
        "AND c.external_code = (l->>'article') COLLATE \"C\")) "
        "RETURNING d.document_id, d.kind, d.file_name, d.customer_code",
        tenant_id, connector);
    if (rows.empty()) continue;
    std::map<std::string, std::vector<std::string>> by_kind;
    SyncReportRecord report{0, connector, "RECEPTION", "Libéré", 0, {}};
    for (const auto& row : rows) {
      by_kind[row[1].as<std::string>()].push_back(row[0].as<std::string>());
      report.entries.push_back({row[2].as<std::string>(), "Document",
                                row[0].as<std::string>() + " / " + row[3].as<std::string>(),
                                "Libéré", "intégré après la création des correspondances"});
    }
    for (auto& [kind, ids] : by_kind) {
      std::sort(ids.begin(), ids.end());
      AppendDocumentsReceived(tx, tenant_id, producer, connector, kind, ids, true);
    }
    ConnectorRepository::AppendReport(tx, tenant_id, report);
    released += static_cast<int64_t>(rows.size());
    spdlog::info("quarantine: {} documents of connector {} released", rows.size(), connector);
  }
  return released;
}

}  // namespace factflow::catalog_mapping::storage
