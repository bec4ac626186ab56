#include "storage/received_documents.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "nlohmann/json.hpp"
#include "storage/text_array.h"

namespace factflow::catalog_mapping::storage {

absl::StatusOr<ReceivedDocumentsPage> ReadReceivedDocuments(
    db::Pool& pool, const std::string& tenant_id, const std::string& connector,
    const std::vector<std::string>& ids, bool include_quarantined, const domain::PageQuery& page) {
  ReceivedDocumentsPage result;
  bool known = false;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    result = ReceivedDocumentsPage{};
    known = !tx.exec_params("SELECT 1 FROM connectors WHERE tenant_id = $1 AND code = $2",
                            tenant_id, connector)
                 .empty();
    if (!known) return absl::OkStatus();
    // One statement: the page of documents, then their lines resolved through the current
    // correspondences (LEFT JOIN: a quarantined line has none yet).
    pqxx::result rows = tx.exec_params(
        "WITH page AS (SELECT d.document_id, d.kind, d.document_date::text AS date, "
        "d.customer_code, d.payment_mode, d.total_incl_vat::text AS total, d.status, "
        "d.file_name, extract(epoch FROM d.received_at)::bigint AS at, d.lines "
        "FROM received_documents d WHERE d.tenant_id = $1 AND d.connector_code = $2 "
        "AND d.document_id > $3 AND ($4 OR d.status = 'INTEGRATED') "
        "AND ($5::boolean OR d.document_id = ANY($6::text[])) "
        "ORDER BY d.document_id LIMIT $7) "
        "SELECT p.document_id, p.kind, p.date, p.customer_code, p.payment_mode, p.total, "
        "p.status, p.file_name, p.at, l.ordinality, l.value->>'article', "
        "coalesce(c.article_code, ''), l.value->>'label', l.value->>'quantity', "
        "l.value->>'unit_price_incl_vat', l.value->>'vat_rate', coalesce(a.unit_code, '') "
        "FROM page p CROSS JOIN LATERAL jsonb_array_elements(p.lines) WITH ORDINALITY l "
        "LEFT JOIN correspondences c ON c.tenant_id = $1 AND c.connector_code = $2 "
        "AND c.external_code = (l.value->>'article') COLLATE \"C\" "
        "LEFT JOIN articles a ON a.tenant_id = $1 AND a.code = c.article_code "
        "ORDER BY p.document_id, l.ordinality",
        tenant_id, connector, page.after_code, include_quarantined, ids.empty(), TextArray(ids),
        page.size + 1);
    for (const auto& row : rows) {
      const std::string id = row[0].as<std::string>();
      if (result.documents.empty() || result.documents.back().document_id != id) {
        if (static_cast<int>(result.documents.size()) == page.size) {
          result.next_page_token = result.documents.back().document_id;
          break;
        }
        ReceivedDocument& d = result.documents.emplace_back();
        d.document_id = id;
        d.kind = row[1].as<std::string>();
        d.date = row[2].as<std::string>();
        d.customer_code = row[3].as<std::string>();
        d.payment_mode = row[4].as<std::string>();
        d.total_incl_vat = row[5].as<std::string>();
        d.status = row[6].as<std::string>();
        d.file_name = row[7].as<std::string>();
        d.received_at = row[8].as<int64_t>();
      }
      result.documents.back().lines.push_back(
          {row[10].as<std::string>(""), row[11].as<std::string>(), row[12].as<std::string>(""),
           row[16].as<std::string>(), row[13].as<std::string>("0"),
           row[14].as<std::string>("0"), row[15].as<std::string>("0")});
    }
    if (!ids.empty() && page.after_code.empty()) {
      for (const auto& row : tx.exec_params(
               "SELECT q.id FROM unnest($3::text[]) AS q(id) WHERE NOT EXISTS (SELECT 1 FROM "
               "received_documents d WHERE d.tenant_id = $1 AND d.connector_code = $2 "
               "AND d.document_id = q.id COLLATE \"C\") ORDER BY 1",
               tenant_id, connector, TextArray(ids))) {
        result.not_found.push_back(row[0].as<std::string>());
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!known) {
    return absl::NotFoundError(absl::StrCat("le connecteur « ", domain::Excerpt(connector),
                                            " » n'existe pas dans ce dossier"));
  }
  return result;
}

}  // namespace factflow::catalog_mapping::storage
