#pragma once

// PostgreSQL storage of the catalog: articles, parties and correspondences, every statement
// scoped by tenant. Correspondence changes append their CorrespondencesChanged events to the
// outbox in the same transaction (one event per connector whose correspondences changed).
//
// Thread safety: thread-safe (each call runs in its own transaction from the pool).
//
// Errors: InvalidArgument (a correspondence names an unknown article; nothing is written),
// NotFound (no such article for this tenant), and the pool's Unavailable / Aborted / Internal
// (see db/pool.h).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "domain/article.h"
#include "domain/codes.h"
#include "domain/correspondence.h"
#include "domain/paging.h"
#include "domain/party.h"

namespace factflow::catalog_mapping::storage {

// The Kafka topic of the catalog's events.
inline constexpr std::string_view kCatalogTopic = "factflow.catalog.v1";
// Aggregate type of CorrespondencesChanged (the aggregate id is the connector code).
inline constexpr std::string_view kConnectorAggregate = "connector";

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;  // empty on the last page
};

// Who changes something, for the events it produces.
struct Actor {
  std::string tenant_id;
  std::string operator_id;
};

class CatalogRepository {
 public:
  // `pool` must outlive the repository; `producer` names this service in event envelopes.
  CatalogRepository(db::Pool& pool, std::string producer);

  // Creates or replaces the article with this code; returns it as stored.
  absl::StatusOr<domain::Article> UpsertArticle(const std::string& tenant_id,
                                                const domain::Article& article);
  // NotFound naming the code when the tenant has no such article.
  absl::StatusOr<domain::Article> GetArticle(const std::string& tenant_id, const std::string& code);
  // Articles ordered by code, after page.after_code.
  absl::StatusOr<Page<domain::Article>> ListArticles(const std::string& tenant_id,
                                                     bool only_available_for_export,
                                                     const domain::PageQuery& page);

  // Applies validated changes (domain::ValidateCorrespondences) in one transaction: all or
  // nothing. Returns how many correspondences actually changed (setting the article a code
  // already has is not a change). InvalidArgument naming the unknown article codes. Without
  // `replace`, a code already mapped to another article is refused: AlreadyExists naming the
  // article that holds it (one external code maps to one article per connector).
  absl::StatusOr<int> SetCorrespondences(const Actor& actor,
                                         const std::vector<domain::Correspondence>& changes,
                                         bool replace = true);
  // In storage/correspondence_list.cc. The correspondences of `connector_code` (external codes
  // after page.after_code, only those of `article_code` when not empty), or, with an empty
  // connector, every correspondence of `article_code`; with the article's label.
  struct ListedCorrespondence {
    domain::Correspondence correspondence;
    std::string article_label;
  };
  absl::StatusOr<std::vector<ListedCorrespondence>> ListCorrespondences(
      const std::string& tenant_id, const std::string& connector_code,
      const std::string& article_code, const domain::PageQuery& page, std::string* next_token);
  // The articles of the query's codes that have a correspondence, by external code.
  absl::StatusOr<std::map<std::string, domain::Article>> ResolveArticles(
      const std::string& tenant_id, const domain::ResolveQuery& query);

  // Creates or replaces the party with this code; returns it as stored.
  absl::StatusOr<domain::Party> UpsertParty(const std::string& tenant_id,
                                            const domain::Party& party);
  // Parties ordered by code, after page.after_code.
  absl::StatusOr<Page<domain::Party>> ListParties(const std::string& tenant_id,
                                                  const domain::PageQuery& page);

 private:
  db::Pool& pool_;
  std::string producer_;
};

}  // namespace factflow::catalog_mapping::storage
