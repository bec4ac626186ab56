#include "storage/catalog_repository.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "factflow/events/v1/events.pb.h"
#include "nlohmann/json.hpp"
#include "outbox/outbox.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/quarantine.h"
#include "storage/rows.h"
#include "storage/text_array.h"

namespace factflow::catalog_mapping::storage {
namespace {

using domain::Article;
using domain::Correspondence;
using domain::Party;
using domain::PostalAddress;

// Unknown article codes named in one error message; the rest is counted.
constexpr int kMaxNamedUnknownArticles = 20;

std::optional<std::string> AddressJson(const PostalAddress& address) {
  if (address.empty()) return std::nullopt;
  nlohmann::json json = {{"line1", address.line1}, {"line2", address.line2},
                         {"line3", address.line3}, {"postal_code", address.postal_code},
                         {"city", address.city},   {"country_code", address.country_code}};
  return json.dump();
}

const char* NullableText(const std::optional<std::string>& text) {
  return text ? text->c_str() : nullptr;
}

// Rows fetched with LIMIT size + 1: the extra row only tells that another page follows.
template <typename T, typename FromRow>
Page<T> ToPage(const pqxx::result& rows, int size, FromRow from_row) {
  Page<T> page;
  for (const auto& row : rows) {
    if (static_cast<int>(page.items.size()) == size && size > 0) {
      page.next_page_token = page.items.back().code;
      break;
    }
    page.items.push_back(from_row(row));
  }
  return page;
}

absl::Status CheckArticlesExist(pqxx::work& tx, const std::string& tenant_id,
                                const std::vector<std::string>& codes) {
  if (codes.empty()) return absl::OkStatus();
  pqxx::result unknown = tx.exec_params(
      "SELECT t.code FROM unnest($2::text[]) AS t(code) "
      "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.tenant_id = $1 AND a.code = t.code) "
      "ORDER BY t.code",
      tenant_id, TextArray(codes));
  if (unknown.empty()) return absl::OkStatus();
  std::vector<std::string> named;
  for (const auto& row : unknown) {
    if (static_cast<int>(named.size()) == kMaxNamedUnknownArticles) break;
    named.push_back(absl::StrCat("« ", domain::Excerpt(row[0].as<std::string>()), " »"));
  }
  std::string more = unknown.size() > named.size()
                         ? absl::StrCat(" et ", unknown.size() - named.size(), " autres")
                         : std::string();
  return absl::InvalidArgumentError(absl::StrCat(
      "article_code ", absl::StrJoin(named, ", "), more,
      unknown.size() == 1 ? " n'est pas un article" : " ne sont pas des articles",
      " de ce dossier : créez-les d'abord (UpsertArticle) ou corrigez les codes d'article "
      "(rien n'a été modifié)"));
}

// AlreadyExists naming the first codes (sorted) already mapped to another article.
absl::Status CheckNoConflict(pqxx::work& tx, const std::string& tenant_id,
                             const std::vector<Correspondence>& changes) {
  std::vector<std::string> connectors, externals, articles;
  for (const Correspondence& change : changes) {
    if (change.removes()) continue;
    connectors.push_back(change.connector_code);
    externals.push_back(change.external_code);
    articles.push_back(change.article_code);
  }
  if (connectors.empty()) return absl::OkStatus();
  pqxx::result held = tx.exec_params(
      "SELECT c.connector_code, c.external_code, c.article_code "
      "FROM unnest($2::text[], $3::text[], $4::text[]) AS s(connector_code, external_code, "
      "article_code) JOIN correspondences c ON c.tenant_id = $1 "
      "AND c.connector_code = s.connector_code AND c.external_code = s.external_code "
      "WHERE c.article_code <> s.article_code ORDER BY 1, 2 LIMIT $5",
      tenant_id, TextArray(connectors), TextArray(externals), TextArray(articles),
      kMaxNamedUnknownArticles + 1);
  if (held.empty()) return absl::OkStatus();
  std::vector<std::string> named;
  for (const auto& row : held) {
    if (static_cast<int>(named.size()) == kMaxNamedUnknownArticles) {
      named.push_back("…");
      break;
    }
    named.push_back(absl::StrCat("le code externe « ", row[1].c_str(), " » du connecteur « ",
                                 row[0].c_str(), " » est déjà associé à l'article « ",
                                 row[2].c_str(), " »"));
  }
  return absl::AlreadyExistsError(absl::StrCat(
      absl::StrJoin(named, " ; "),
      " : un code externe ne correspond qu'à un article par connecteur ; effacez d'abord cette "
      "correspondance ou demandez son remplacement (rien n'a été modifié)"));
}

using ChangedCodes = std::map<std::string, std::vector<std::string>>;  // by connector

void CollectChanged(const pqxx::result& rows, ChangedCodes& changed) {
  for (const auto& row : rows) {
    changed[row[0].as<std::string>()].push_back(row[1].as<std::string>());
  }
}

void ApplySets(pqxx::work& tx, const std::string& tenant_id,
               const std::vector<Correspondence>& changes, ChangedCodes& changed) {
  std::vector<std::string> connectors, externals, articles;
  for (const Correspondence& change : changes) {
    if (change.removes()) continue;
    connectors.push_back(change.connector_code);
    externals.push_back(change.external_code);
    articles.push_back(change.article_code);
  }
  if (connectors.empty()) return;
  // The WHERE of DO UPDATE leaves identical rows alone, so RETURNING lists real changes only.
  CollectChanged(
      tx.exec_params("INSERT INTO correspondences AS c (tenant_id, connector_code, external_code, "
                     "article_code) "
                     "SELECT $1, s.connector_code, s.external_code, s.article_code "
                     "FROM unnest($2::text[], $3::text[], $4::text[]) "
                     "AS s(connector_code, external_code, article_code) "
                     "ON CONFLICT (tenant_id, connector_code, external_code) DO UPDATE "
                     "SET article_code = EXCLUDED.article_code, updated_at = now() "
                     "WHERE c.article_code <> EXCLUDED.article_code "
                     "RETURNING c.connector_code, c.external_code",
                     tenant_id, TextArray(connectors), TextArray(externals), TextArray(articles)),
      changed);
}

void ApplyRemovals(pqxx::work& tx, const std::string& tenant_id,
                   const std::vector<Correspondence>& changes, ChangedCodes& changed) {
  std::vector<std::string> connectors, externals;
  for (const Correspondence& change : changes) {
    if (!change.removes()) continue;
    connectors.push_back(change.connector_code);
    externals.push_back(change.external_code);
  }
  if (connectors.empty()) return;
  CollectChanged(
      tx.exec_params("DELETE FROM correspondences c "
                     "USING unnest($2::text[], $3::text[]) AS d(connector_code, external_code) "
                     "WHERE c.tenant_id = $1 AND c.connector_code = d.connector_code "
                     "AND c.external_code = d.external_code "
                     "RETURNING c.connector_code, c.external_code",
                     tenant_id, TextArray(connectors), TextArray(externals)),
      changed);
}

void AppendChangeEvents(pqxx::work& tx, const Actor& actor, const std::string& producer,
                        ChangedCodes& changed) {
  // A bulk update can change any number of codes: one event per chunk keeps events bounded.
  constexpr size_t kCodesPerEvent = 1000;
  for (auto& [connector, codes] : changed) {
    std::sort(codes.begin(), codes.end());
    outbox::EventOrigin origin{actor.tenant_id, std::string(kConnectorAggregate), connector,
                               producer, ""};
    for (size_t begin = 0; begin < codes.size(); begin += kCodesPerEvent) {
      events::v1::CorrespondencesChanged payload;
      payload.set_connector_code(connector);
      const size_t end = std::min(codes.size(), begin + kCodesPerEvent);
      for (size_t i = begin; i < end; ++i) payload.add_external_codes(codes[i]);
      outbox::Append(tx, kCatalogTopic, outbox::MakeEnvelope(payload, origin));
    }
  }
}

}  // namespace

CatalogRepository::CatalogRepository(db::Pool& pool, std::string producer)
    : pool_(pool), producer_(std::move(producer)) {}

absl::StatusOr<Article> CatalogRepository::UpsertArticle(const std::string& tenant_id,
                                                         const Article& article) {
  std::optional<std::string> price;
  if (article.unit_price_excl_vat) price = article.unit_price_excl_vat->ToString(4);
  std::optional<Article> stored;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::row row = tx.exec_params1(
        absl::StrCat(
            "INSERT INTO articles AS a (tenant_id, code, label, unit_code, vat_rate, "
            "available_for_export, family, unit_price_excl_vat) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (tenant_id, code) DO UPDATE SET label = EXCLUDED.label, "
            "unit_code = EXCLUDED.unit_code, vat_rate = EXCLUDED.vat_rate, "
            "available_for_export = EXCLUDED.available_for_export, family = EXCLUDED.family, "
            "unit_price_excl_vat = EXCLUDED.unit_price_excl_vat, updated_at = now() "
            "RETURNING ",
            kArticleColumns),
        tenant_id, article.code, article.label, article.unit_code, article.vat_rate.ToString(4),
        article.available_for_export, article.family, NullableText(price));
    stored = ArticleFromRow(row);
    return absl::OkStatus();
  }));
  return *std::move(stored);
}

absl::StatusOr<Article> CatalogRepository::GetArticle(const std::string& tenant_id,
                                                      const std::string& code) {
  std::optional<Article> found;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::result rows =
        tx.exec_params(absl::StrCat("SELECT ", kArticleColumns,
                                    " FROM articles a WHERE a.tenant_id = $1 AND a.code = $2"),
                       tenant_id, code);
    if (!rows.empty()) found = ArticleFromRow(rows[0]);
    return absl::OkStatus();
  }));
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("l'article « ", domain::Excerpt(code),
                     " » n'existe pas dans le catalogue de ce dossier : vérifiez le code (les "
                     "majuscules comptent) ou créez-le (UpsertArticle)"));
  }
  return *std::move(found);
}

absl::StatusOr<Page<Article>> CatalogRepository::ListArticles(const std::string& tenant_id,
                                                              bool only_available_for_export,
                                                              const domain::PageQuery& page) {
  Page<Article> result;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::result rows =
        tx.exec_params(absl::StrCat("SELECT ", kArticleColumns,
                                    " FROM articles a WHERE a.tenant_id = $1 AND a.code > $2 "
                                    "AND (NOT $3::boolean OR a.available_for_export) "
                                    "ORDER BY a.code LIMIT $4"),
                       tenant_id, page.after_code, only_available_for_export, page.size + 1);
    result =
        ToPage<Article>(rows, page.size, [](const pqxx::row& row) { return ArticleFromRow(row); });
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<int> CatalogRepository::SetCorrespondences(
    const Actor& actor, const std::vector<Correspondence>& changes, bool replace) {
  int changed_count = 0;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    FACTFLOW_RETURN_IF_ERROR(
        CheckArticlesExist(tx, actor.tenant_id, domain::TargetArticleCodes(changes)));
    if (!replace) FACTFLOW_RETURN_IF_ERROR(CheckNoConflict(tx, actor.tenant_id, changes));
    ChangedCodes changed;
    ApplySets(tx, actor.tenant_id, changes, changed);
    ApplyRemovals(tx, actor.tenant_id, changes, changed);
    std::vector<std::string> connectors;
    for (const auto& entry : changed) connectors.push_back(entry.first);
    ReleaseQuarantine(tx, actor.tenant_id, producer_, connectors);
    AppendChangeEvents(tx, actor, producer_, changed);
    changed_count = 0;
    for (const auto& [connector, codes] : changed) changed_count += static_cast<int>(codes.size());
    return absl::OkStatus();
  }));
  if (changed_count > 0) {
    spdlog::info("correspondences: {} changed by {}", changed_count, actor.operator_id);
  }
  return changed_count;
}

absl::StatusOr<std::map<std::string, Article>> CatalogRepository::ResolveArticles(
    const std::string& tenant_id, const domain::ResolveQuery& query) {
  std::map<std::string, Article> mapped;
  if (query.external_codes.empty()) return mapped;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    mapped.clear();
    pqxx::result rows = tx.exec_params(
        absl::StrCat("SELECT c.external_code, ", kArticleColumns,
                     " FROM unnest($3::text[]) AS q(code) "
                     "JOIN correspondences c ON c.tenant_id = $1 AND c.connector_code = $2 "
                     "AND c.external_code = q.code "
                     "JOIN articles a ON a.tenant_id = c.tenant_id AND a.code = c.article_code"),
        tenant_id, query.connector_code, TextArray(query.external_codes));
    for (const auto& row : rows) mapped.emplace(row[0].as<std::string>(), ArticleFromRow(row, 1));
    return absl::OkStatus();
  }));
  return mapped;
}

absl::StatusOr<Party> CatalogRepository::UpsertParty(const std::string& tenant_id,
                                                     const Party& party) {
  std::optional<std::string> billing = AddressJson(party.billing_address);
  std::optional<std::string> delivery = AddressJson(party.delivery_address);
  std::optional<Party> stored;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::row row = tx.exec_params1(
        absl::StrCat(
            "INSERT INTO parties AS p (tenant_id, code, kind, name, family, billing_address, "
            "delivery_address, siret, vat_number, email, phone, export_to_chorus, service_code) "
            "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13) "
            "ON CONFLICT (tenant_id, code) DO UPDATE SET kind = EXCLUDED.kind, "
            "name = EXCLUDED.name, family = EXCLUDED.family, "
            "billing_address = EXCLUDED.billing_address, "
            "delivery_address = EXCLUDED.delivery_address, siret = EXCLUDED.siret, "
            "vat_number = EXCLUDED.vat_number, email = EXCLUDED.email, phone = EXCLUDED.phone, "
            "export_to_chorus = EXCLUDED.export_to_chorus, "
            "service_code = EXCLUDED.service_code, updated_at = now() "
            "RETURNING ",
            kPartyColumns),
        tenant_id, party.code, party.kind, party.name, party.family, NullableText(billing),
        NullableText(delivery), party.siret, party.vat_number, party.email, party.phone,
        party.export_to_chorus, party.service_code);
    stored = PartyFromRow(row);
    return absl::OkStatus();
  }));
  return *std::move(stored);
}

absl::StatusOr<Page<Party>> CatalogRepository::ListParties(const std::string& tenant_id,
                                                           const domain::PageQuery& page) {
  Page<Party> result;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    pqxx::result rows =
        tx.exec_params(absl::StrCat("SELECT ", kPartyColumns,
                                    " FROM parties p WHERE p.tenant_id = $1 AND p.code > $2 "
                                    "ORDER BY p.code LIMIT $3"),
                       tenant_id, page.after_code, page.size + 1);
    result = ToPage<Party>(rows, page.size,
                           [](const pqxx::row& row) { return PartyFromRow(row); });
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace factflow::catalog_mapping::storage
