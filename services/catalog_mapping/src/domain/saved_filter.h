#pragma once

// Saved filters ("filtre personnalisé", seed 001): a named selection of articles or customers,
// stored per tenant and reused by a connector's send settings and by the bulk correspondence
// list. A filter is a conjunction of simple criteria; an empty criterion matches everything.
// The same Selection type describes the built-in selections ("available for export", "all").
//
// Thread safety: value types and reentrant functions.
//
// Errors: InvalidArgument in French naming every wrong field ("filter.<field>").

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::domain {

inline constexpr std::string_view kFilterArticles = "ARTICLES";
inline constexpr std::string_view kFilterCustomers = "CUSTOMERS";
// Families one filter may list.
inline constexpr size_t kMaxFilterFamilies = 100;

// What a filter selects (articles: code, label, family, export flag; customers: code, name,
// family, billing country).
struct Selection {
  std::string code_prefix;
  std::string text_contains;  // case-insensitive substring of the label / name
  std::vector<std::string> families;
  bool only_available_for_export = false;  // articles only
  std::string country_code;                // customers only, ISO 3166 alpha-2
};

struct SavedFilter {
  std::string name;
  std::string target;  // kFilterArticles or kFilterCustomers
  std::string description;
  Selection selection;
};

// Trims, upper-cases the target and the country code, drops empty and duplicate families;
// refuses an unknown target, a name that is not a code, a criterion of the other target
// (export flag on customers, country on articles), a country that is not two letters.
absl::StatusOr<SavedFilter> ValidateSavedFilter(const SavedFilter& draft);

// "ARTICLES" / "CUSTOMERS" from a caller's text (any case); InvalidArgument naming `field`
// otherwise. An empty text is allowed only when `allow_empty` (then "" is returned).
absl::StatusOr<std::string> ValidateFilterTarget(std::string_view field, std::string_view value,
                                                 bool allow_empty);

}  // namespace factflow::catalog_mapping::domain
