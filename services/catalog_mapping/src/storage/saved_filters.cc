#include "storage/saved_filters.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/codes.h"
#include "status/grpc_status.h"
#include "storage/rows.h"
#include "storage/text_array.h"
#include "strings/absl_bridge.h"

namespace factflow::catalog_mapping::storage {
namespace {

// The selection's WHERE clause. Parameters: $1 tenant, $2 code prefix, $3 text, $4 families
// (text[]), $5 export flag (articles) or country (parties), $6 keyset "after" code; parties:
// $7 their kinds (text[]).
constexpr char kArticleWhere[] =
    "a.tenant_id = $1 AND ($2 = '' OR starts_with(a.code, $2)) "
    "AND ($3 = '' OR strpos(lower(a.label), lower($3)) > 0) "
    "AND (cardinality($4::text[]) = 0 OR a.family = ANY($4::text[])) "
    "AND (NOT $5::boolean OR a.available_for_export) AND a.code > $6";
constexpr char kCustomerWhere[] =
    "p.tenant_id = $1 AND p.kind = ANY($7::text[]) AND ($2 = '' OR starts_with(p.code, $2)) "
    "AND ($3 = '' OR strpos(lower(p.name), lower($3)) > 0) "
    "AND (cardinality($4::text[]) = 0 OR p.family = ANY($4::text[])) "
    "AND ($5 = '' OR p.billing_address->>'country_code' = $5) AND p.code > $6";

constexpr char kFilterColumns[] =
    "name, target, description, code_prefix, text_contains, array_to_string(families, chr(31)), "
    "only_available_for_export, country_code";

std::vector<std::string> SplitUnit(const std::string& joined) {
  if (joined.empty()) return {};
  return absl::StrSplit(joined, '\x1f');
}

domain::SavedFilter FilterFromRow(const pqxx::row& row) {
  domain::SavedFilter f;
  f.name = row[0].as<std::string>();
  f.target = row[1].as<std::string>();
  f.description = row[2].as<std::string>();
  f.selection.code_prefix = row[3].as<std::string>();
  f.selection.text_contains = row[4].as<std::string>();
  f.selection.families = SplitUnit(row[5].as<std::string>(""));
  f.selection.only_available_for_export = row[6].as<bool>();
  f.selection.country_code = row[7].as<std::string>();
  return f;
}

absl::Status FilterNotFound(std::string_view target, const std::string& name) {
  return absl::NotFoundError(absl::StrCat(
      target == domain::kFilterCustomers ? "le filtre de clients « " : "le filtre d'articles « ",
      domain::Excerpt(name), " » n'existe pas dans ce dossier : créez-le (factflowctl filters "
      "create) ou vérifiez son nom"));
}

}  // namespace

absl::StatusOr<domain::SavedFilter> SavedFilterRepository::Upsert(
    const std::string& tenant_id, const domain::SavedFilter& f) {
  domain::SavedFilter stored;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    stored = FilterFromRow(tx.exec_params1(
        absl::StrCat(
            "INSERT INTO saved_filters (tenant_id, target, name, description, code_prefix, "
            "text_contains, families, only_available_for_export, country_code) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9) "
            "ON CONFLICT (tenant_id, target, name) DO UPDATE SET "
            "description = EXCLUDED.description, code_prefix = EXCLUDED.code_prefix, "
            "text_contains = EXCLUDED.text_contains, families = EXCLUDED.families, "
            "only_available_for_export = EXCLUDED.only_available_for_export, "
            "country_code = EXCLUDED.country_code, updated_at = now() RETURNING ",
            kFilterColumns),
        tenant_id, f.target, f.name, f.description, f.selection.code_prefix,
        f.selection.text_contains, TextArray(f.selection.families),
        f.selection.only_available_for_export, f.selection.country_code));
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<std::vector<domain::SavedFilter>> SavedFilterRepository::List(
    const std::string& tenant_id, const std::string& target) {
  std::vector<domain::SavedFilter> filters;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    filters.clear();
    for (const auto& row : tx.exec_params(
             absl::StrCat("SELECT ", kFilterColumns, " FROM saved_filters WHERE tenant_id = $1 "
                          "AND ($2 = '' OR target = $2) ORDER BY target, name"),
             tenant_id, target)) {
      filters.push_back(FilterFromRow(row));
    }
    return absl::OkStatus();
  }));
  return filters;
}

absl::Status SavedFilterRepository::Delete(const std::string& tenant_id,
                                           const std::string& target, const std::string& name) {
  return pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    std::vector<std::string> users;
    for (const auto& row : tx.exec_params(
             "SELECT code FROM connectors WHERE tenant_id = $1 AND "
             "(($2 = 'ARTICLES' AND send_articles = 'FILTER' AND send_articles_filter = $3) OR "
             "($2 = 'CUSTOMERS' AND send_customers = 'FILTER' AND send_customers_filter = $3)) "
             "ORDER BY code",
             tenant_id, target, name)) {
      users.push_back(row[0].as<std::string>());
    }
    if (!users.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "le filtre « ", domain::Excerpt(name), " » est utilisé par l'envoi ",
          users.size() == 1 ? "du connecteur " : "des connecteurs ", absl::StrJoin(users, ", "),
          " : changez d'abord leurs réglages d'envoi (rien n'a été supprimé)"));
    }
    if (tx.exec_params("DELETE FROM saved_filters WHERE tenant_id = $1 AND target = $2 "
                       "AND name = $3 RETURNING 1",
                       tenant_id, target, name)
            .empty()) {
      return FilterNotFound(target, name);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<domain::Selection> ResolveSelection(pqxx::work& tx, const std::string& tenant_id,
                                                   std::string_view target,
                                                   const std::string& mode,
                                                   const std::string& filter_name) {
  domain::Selection selection;
  if (mode == "AVAILABLE_FOR_EXPORT") {
    selection.only_available_for_export = true;
  } else if (mode == "FILTER") {
    pqxx::result rows = tx.exec_params(
        absl::StrCat("SELECT ", kFilterColumns, " FROM saved_filters WHERE tenant_id = $1 "
                     "AND target = $2 AND name = $3"),
        tenant_id, std::string(target), filter_name);
    if (rows.empty()) return FilterNotFound(target, filter_name);
    selection = FilterFromRow(rows[0]).selection;
  }
  return selection;
}

std::vector<domain::Article> SelectArticles(pqxx::work& tx, const std::string& tenant_id,
                                            const domain::Selection& s, const std::string& after,
                                            int limit) {
  std::vector<domain::Article> articles;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT ", kArticleColumns, " FROM articles a WHERE ", kArticleWhere,
                        " ORDER BY a.code LIMIT $7"),
           tenant_id, s.code_prefix, s.text_contains, TextArray(s.families),
           s.only_available_for_export, after, limit)) {
    articles.push_back(ArticleFromRow(row));
  }
  return articles;
}

int64_t CountArticles(pqxx::work& tx, const std::string& tenant_id, const domain::Selection& s) {
  return tx.exec_params1(absl::StrCat("SELECT count(*) FROM articles a WHERE ", kArticleWhere),
                         tenant_id, s.code_prefix, s.text_contains, TextArray(s.families),
                         s.only_available_for_export, "")[0]
      .as<int64_t>();
}

std::vector<domain::Party> SelectParties(pqxx::work& tx, const std::string& tenant_id,
                                         const domain::Selection& s,
                                         const std::vector<std::string>& kinds,
                                         const std::string& after, int limit) {
  std::vector<domain::Party> parties;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT ", kPartyColumns, " FROM parties p WHERE ", kCustomerWhere,
                        " ORDER BY p.code LIMIT $8"),
           tenant_id, s.code_prefix, s.text_contains, TextArray(s.families), s.country_code,
           after, TextArray(kinds), limit)) {
    parties.push_back(PartyFromRow(row));
  }
  return parties;
}

int64_t CountParties(pqxx::work& tx, const std::string& tenant_id, const domain::Selection& s,
                     const std::vector<std::string>& kinds) {
  return tx.exec_params1(absl::StrCat("SELECT count(*) FROM parties p WHERE ", kCustomerWhere),
                         tenant_id, s.code_prefix, s.text_contains, TextArray(s.families),
                         s.country_code, "", TextArray(kinds))[0]
      .as<int64_t>();
}

std::map<std::string, std::string> ExternalCodes(pqxx::work& tx, const std::string& tenant_id,
                                                 const std::string& connector,
                                                 const std::vector<std::string>& article_codes) {
  std::map<std::string, std::string> codes;
  for (const auto& row : tx.exec_params(
           "SELECT c.article_code, min(c.external_code) FROM unnest($3::text[]) AS q(code) "
           "JOIN correspondences c ON c.tenant_id = $1 AND c.article_code = q.code "
           "AND c.connector_code = $2 GROUP BY c.article_code",
           tenant_id, connector, TextArray(article_codes))) {
    codes.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return codes;
}

absl::StatusOr<std::vector<ArticleWithCodes>> SavedFilterRepository::ListArticlesForMapping(
    const std::string& tenant_id, const std::string& connector, const std::string& selection_mode,
    const std::string& filter_name, bool only_unmapped, const domain::PageQuery& page,
    std::string* next_page_token) {
  std::vector<ArticleWithCodes> listed;
  bool known = true;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    listed.clear();
    next_page_token->clear();
    known = !tx.exec_params("SELECT 1 FROM connectors WHERE tenant_id = $1 AND code = $2",
                            tenant_id, connector)
                 .empty();
    if (!known) return absl::OkStatus();
    FACTFLOW_ASSIGN_OR_RETURN(
        domain::Selection s,
        ResolveSelection(tx, tenant_id, domain::kFilterArticles, selection_mode, filter_name));
    // One statement: the page of articles and their codes for the connector (by article index).
    pqxx::result rows = tx.exec_params(
        absl::StrCat("SELECT ", kArticleColumns,
                     ", coalesce((SELECT string_agg(c.external_code, chr(31) ORDER BY "
                     "c.external_code) FROM correspondences c WHERE c.tenant_id = a.tenant_id "
                     "AND c.article_code = a.code AND c.connector_code = $8), '') "
                     "FROM articles a WHERE ",
                     kArticleWhere,
                     " AND (NOT $9::boolean OR NOT EXISTS (SELECT 1 FROM correspondences c "
                     "WHERE c.tenant_id = a.tenant_id AND c.article_code = a.code "
                     "AND c.connector_code = $8)) ORDER BY a.code LIMIT $7"),
        tenant_id, s.code_prefix, s.text_contains, TextArray(s.families),
        s.only_available_for_export, page.after_code, page.size + 1, connector, only_unmapped);
    for (const auto& row : rows) {
      if (static_cast<int>(listed.size()) == page.size) {
        *next_page_token = listed.back().article.code;
        break;
      }
      listed.push_back({ArticleFromRow(row), SplitUnit(row[kArticleColumnCount].as<std::string>())});
    }
    return absl::OkStatus();
  }));
  if (!known) {
    return absl::NotFoundError(absl::StrCat("le connecteur « ", domain::Excerpt(connector),
                                            " » n'existe pas dans ce dossier"));
  }
  return listed;
}

}  // namespace factflow::catalog_mapping::storage
