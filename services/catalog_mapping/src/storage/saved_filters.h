#pragma once

// PostgreSQL storage of saved filters (domain/saved_filter.h) and the set-based queries that
// apply a selection: the bulk correspondence list (articles of a selection with their external
// codes for a connector) and the keyset chunks of articles and customers a send writes out.
// Every statement is scoped by tenant; a selection is one WHERE clause with bound parameters.
//
// Thread safety: thread-safe (each repository call runs in its own transaction from the pool;
// the free functions run in the caller's transaction).
//
// Errors: NotFound in French naming the filter or connector; FailedPrecondition when a filter
// still in use is deleted; the pool's Unavailable / Aborted / Internal (db/pool.h).

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "domain/article.h"
#include "domain/paging.h"
#include "domain/party.h"
#include "domain/saved_filter.h"

namespace factflow::catalog_mapping::storage {

struct ArticleWithCodes {
  domain::Article article;
  std::vector<std::string> external_codes;  // sorted
};

class SavedFilterRepository {
 public:
  // `pool` must outlive the repository.
  explicit SavedFilterRepository(db::Pool& pool) : pool_(pool) {}

  // Creates or replaces the filter (validated by the caller); returns it.
  absl::StatusOr<domain::SavedFilter> Upsert(const std::string& tenant_id,
                                             const domain::SavedFilter& filter);
  // Filters of `target` ("" for both), by target then name (a tenant has a handful).
  absl::StatusOr<std::vector<domain::SavedFilter>> List(const std::string& tenant_id,
                                                        const std::string& target);
  // NotFound when absent; FailedPrecondition naming the connectors whose send settings use it.
  absl::Status Delete(const std::string& tenant_id, const std::string& target,
                      const std::string& name);
  // Articles of a selection ("ALL", "AVAILABLE_FOR_EXPORT" or "FILTER" with `filter_name`) with
  // their codes for `connector`, a keyset page by article code. NotFound for an unknown connector
  // or filter.
  absl::StatusOr<std::vector<ArticleWithCodes>> ListArticlesForMapping(
      const std::string& tenant_id, const std::string& connector, const std::string& selection,
      const std::string& filter_name, bool only_unmapped, const domain::PageQuery& page,
      std::string* next_page_token);

 private:
  db::Pool& pool_;
};

// The selection a send setting or a bulk list names: "ALL" (everything), "AVAILABLE_FOR_EXPORT"
// (articles flagged so), "FILTER" (the saved filter `filter_name` of `target`; NotFound naming it
// when absent).
absl::StatusOr<domain::Selection> ResolveSelection(pqxx::work& tx, const std::string& tenant_id,
                                                   std::string_view target,
                                                   const std::string& mode,
                                                   const std::string& filter_name);

// Up to `limit` articles of `selection` with a code after `after`, by code.
std::vector<domain::Article> SelectArticles(pqxx::work& tx, const std::string& tenant_id,
                                            const domain::Selection& selection,
                                            const std::string& after, int limit);
int64_t CountArticles(pqxx::work& tx, const std::string& tenant_id,
                      const domain::Selection& selection);
// Up to `limit` parties of `kinds` ("CLIENT", and "CONTACT" when contacts are sent) matching
// `selection`, with a code after `after`, by code.
std::vector<domain::Party> SelectParties(pqxx::work& tx, const std::string& tenant_id,
                                         const domain::Selection& selection,
                                         const std::vector<std::string>& kinds,
                                         const std::string& after, int limit);
int64_t CountParties(pqxx::work& tx, const std::string& tenant_id,
                     const domain::Selection& selection, const std::vector<std::string>& kinds);
// The codes of `article_codes` for `connector`: article code -> its first external code.
std::map<std::string, std::string> ExternalCodes(pqxx::work& tx, const std::string& tenant_id,
                                                 const std::string& connector,
                                                 const std::vector<std::string>& article_codes);

}  // namespace factflow::catalog_mapping::storage
