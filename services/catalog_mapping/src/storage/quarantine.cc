#include "storage/quarantine.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "factflow/events/v1/events.pb.h"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "storage/connector_repository.h"
#include "storage/text_array.h"

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

namespace {

// Quarantined documents examined per statement (keyset by document id): memory stays bounded
// whatever the size of the quarantine.
constexpr int kReleaseChunk = 5000;

// The quarantined documents of one chunk whose article codes all have a correspondence now.
// Three statements whose plans stay linear whatever the table statistics say (right after a bulk
// mapping they are stale, and a correlated NOT EXISTS per line then degenerates into a scan of
// the correspondences per line: 53 s for 5,000 documents): the chunk with its distinct codes,
// the mapped codes among them (one scan with = ANY), and the decision made here.
std::vector<std::string> ReleasableIds(pqxx::work& tx, const std::string& tenant_id,
                                       const std::string& connector, std::string& after,
                                       bool& more) {
  pqxx::result chunk = tx.exec_params(
      "SELECT d.document_id, array_to_string(ARRAY(SELECT DISTINCT l->>'article' "
      "FROM jsonb_array_elements(d.lines) l), chr(31)) FROM received_documents d "
      "WHERE d.tenant_id = $1 AND d.connector_code = $2 AND d.status = 'QUARANTINE' "
      "AND d.document_id > $3 ORDER BY d.document_id LIMIT $4",
      tenant_id, connector, after, kReleaseChunk);
  more = chunk.size() == static_cast<size_t>(kReleaseChunk);
  std::vector<std::pair<std::string, std::vector<std::string>>> documents;
  std::set<std::string> codes;
  for (const auto& row : chunk) {
    auto& [id, document_codes] = documents.emplace_back();
    id = row[0].as<std::string>();
    const std::string joined = row[1].as<std::string>("");
    for (size_t begin = 0; begin <= joined.size();) {
      const size_t end = std::min(joined.find('\x1f', begin), joined.size());
      document_codes.push_back(joined.substr(begin, end - begin));
      codes.insert(document_codes.back());
      begin = end + 1;
    }
  }
  if (!documents.empty()) after = documents.back().first;
  std::set<std::string> mapped;
  if (!codes.empty()) {
    for (const auto& row : tx.exec_params(
             "SELECT c.external_code FROM correspondences c WHERE c.tenant_id = $1 "
             "AND c.connector_code = $2 AND c.external_code = ANY($3::text[])",
             tenant_id, connector, TextArray({codes.begin(), codes.end()}))) {
      mapped.insert(row[0].as<std::string>());
    }
  }
  std::vector<std::string> ids;
  for (const auto& [id, document_codes] : documents) {
    if (std::all_of(document_codes.begin(), document_codes.end(),
                    [&](const std::string& code) { return mapped.contains(code); })) {
      ids.push_back(id);
    }
  }
  return ids;
}

}  // namespace

int64_t ReleaseQuarantine(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& producer, const std::vector<std::string>& connectors) {
  int64_t released = 0;
  for (const std::string& connector : connectors) {
    LockConnector(tx, tenant_id, connector);
    std::map<std::string, std::vector<std::string>> by_kind;
    SyncReportRecord report{0, connector, "RECEPTION", "Libéré", 0, {}};
    std::string after;
    for (bool more = true; more;) {
      const std::vector<std::string> ids = ReleasableIds(tx, tenant_id, connector, after, more);
      if (ids.empty()) continue;
      for (const auto& row : tx.exec_params(
               "UPDATE received_documents SET status = 'INTEGRATED', released_at = now() "
               "WHERE tenant_id = $1 AND connector_code = $2 AND document_id = ANY($3::text[]) "
               "AND status = 'QUARANTINE' "
               "RETURNING document_id, kind, file_name, customer_code",
               tenant_id, connector, TextArray(ids))) {
        by_kind[row[1].as<std::string>()].push_back(row[0].as<std::string>());
        report.entries.push_back({row[2].as<std::string>(), "Document",
                                  row[0].as<std::string>() + " / " + row[3].as<std::string>(),
                                  "Libéré", "intégré après la création des correspondances"});
      }
    }
    if (report.entries.empty()) continue;
    for (auto& [kind, ids] : by_kind) {
      std::sort(ids.begin(), ids.end());
      AppendDocumentsReceived(tx, tenant_id, producer, connector, kind, ids, true);
    }
    ConnectorRepository::AppendReport(tx, tenant_id, report);
    released += static_cast<int64_t>(report.entries.size());
    spdlog::info("quarantine: {} documents of connector {} released", report.entries.size(),
                 connector);
  }
  return released;
}

}  // namespace factflow::catalog_mapping::storage
