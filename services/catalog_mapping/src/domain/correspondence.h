#pragma once

// Correspondences: which article of the tenant an external code (a FNAC SKU, an EAN, an
// E-connector's code) stands for, per connector. Validation of bulk changes and of resolution
// queries, and the ordering of resolution answers. Pure C++, no I/O.
//
// Thread safety: value types and reentrant functions.
//
// Errors: InvalidArgument naming the wrong entry, what was wrong and how to fix it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/article.h"

namespace factflow::catalog_mapping::domain {

// Most entries in one SetCorrespondences or ResolveArticles call.
inline constexpr int kMaxCodesPerCall = 10'000;

struct Correspondence {
  std::string connector_code;
  std::string external_code;
  // Empty: the correspondence of external_code is removed.
  std::string article_code;

  bool removes() const { return article_code.empty(); }
};

// Validates a bulk change: at most kMaxCodesPerCall entries, codes normalised (NormalizeCode),
// exact repetitions dropped, and the same (connector, external code) given two different
// articles refused. Keeps the request order.
absl::StatusOr<std::vector<Correspondence>> ValidateCorrespondences(
    const std::vector<Correspondence>& changes);

// The distinct article codes the changes point to (removals excluded), sorted.
std::vector<std::string> TargetArticleCodes(const std::vector<Correspondence>& changes);

// A resolution query: one connector, distinct external codes in first-occurrence order.
struct ResolveQuery {
  std::string connector_code;
  std::vector<std::string> external_codes;
};

// Validates a resolution query: at most kMaxCodesPerCall codes (counted as sent), each
// normalised; repetitions are answered once, at their first position.
absl::StatusOr<ResolveQuery> ValidateResolveQuery(std::string_view connector_code,
                                                  const std::vector<std::string>& external_codes);

struct Resolution {
  std::string external_code;
  bool mapped = false;
  Article article;  // set when mapped
};

// One answer per code of `query`, in its order; `mapped` holds the codes that have an article.
std::vector<Resolution> ArrangeResolutions(const ResolveQuery& query,
                                           const std::map<std::string, Article>& mapped);

}  // namespace factflow::catalog_mapping::domain
