// CatalogRepository::ListCorrespondences: the correspondence lists (by connector, by article).

#include "absl/strings/str_cat.h"
#include "status/grpc_status.h"
#include "storage/catalog_repository.h"

namespace factflow::catalog_mapping::storage {

absl::StatusOr<std::vector<CatalogRepository::ListedCorrespondence>>
CatalogRepository::ListCorrespondences(const std::string& tenant_id,
                                       const std::string& connector_code,
                                       const std::string& article_code,
                                       const domain::PageQuery& page, std::string* next_token) {
  std::vector<ListedCorrespondence> listed;
  next_token->clear();
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    listed.clear();
    pqxx::result rows;
    if (!connector_code.empty()) {
      // Keyset on the external code within one connector (primary key order).
      rows = tx.exec_params(
          "SELECT c.connector_code, c.external_code, c.article_code, a.label "
          "FROM correspondences c JOIN articles a ON a.tenant_id = c.tenant_id "
          "AND a.code = c.article_code WHERE c.tenant_id = $1 AND c.connector_code = $2 "
          "AND c.external_code > $3 AND ($4 = '' OR c.article_code = $4) "
          "ORDER BY c.external_code LIMIT $5",
          tenant_id, connector_code, page.after_code, article_code, page.size + 1);
    } else {
      rows = tx.exec_params(
          "SELECT c.connector_code, c.external_code, c.article_code, a.label "
          "FROM correspondences c JOIN articles a ON a.tenant_id = c.tenant_id "
          "AND a.code = c.article_code WHERE c.tenant_id = $1 AND c.article_code = $2 "
          "ORDER BY c.connector_code, c.external_code",
          tenant_id, article_code);
    }
    for (const auto& row : rows) {
      if (!connector_code.empty() && static_cast<int>(listed.size()) == page.size) {
        *next_token = listed.back().correspondence.external_code;
        break;
      }
      listed.push_back({{row[0].as<std::string>(), row[1].as<std::string>(),
                         row[2].as<std::string>()},
                        row[3].as<std::string>()});
    }
    return absl::OkStatus();
  }));
  return listed;
}

}  // namespace factflow::catalog_mapping::storage
