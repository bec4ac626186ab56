#include "domain/saved_filter.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "strings/absl_bridge.h"

namespace factflow::catalog_mapping::domain {

absl::StatusOr<std::string> ValidateFilterTarget(std::string_view field, std::string_view value,
                                                 bool allow_empty) {
  const std::string upper = absl::AsciiStrToUpper(AsAbsl(TrimSpaces(value)));
  if (upper.empty() && allow_empty) return upper;
  if (upper == kFilterArticles || upper == kFilterCustomers) return upper;
  return absl::InvalidArgumentError(
      absl::StrCat(AsAbsl(field), " « ", Excerpt(value),
                   " » inconnu : ARTICLES (filtre d'articles) ou CUSTOMERS (filtre de clients)"));
}

absl::StatusOr<SavedFilter> ValidateSavedFilter(const SavedFilter& draft) {
  Problems problems;
  SavedFilter f;
  f.name = problems.Take(NormalizeCode("filter.name", draft.name), std::string());
  f.target = problems.Take(ValidateFilterTarget("filter.target", draft.target, false),
                           std::string());
  f.description = problems.Take(NormalizeText("filter.description", draft.description, false),
                                std::string());
  const Selection& in = draft.selection;
  Selection& out = f.selection;
  out.code_prefix = problems.Take(NormalizeText("filter.code_prefix", in.code_prefix, false,
                                                kMaxCodeLength),
                                  std::string());
  out.text_contains = problems.Take(
      NormalizeText("filter.text_contains", in.text_contains, false), std::string());
  if (in.families.size() > kMaxFilterFamilies) {
    problems.Add(absl::StrCat("filter.families : ", in.families.size(), " familles, au plus ",
                              kMaxFilterFamilies));
  }
  for (size_t i = 0; i < in.families.size() && i < kMaxFilterFamilies; ++i) {
    std::string family = problems.Take(
        NormalizeText(absl::StrCat("filter.families[", i, "]"), in.families[i], false),
        std::string());
    if (!family.empty() &&
        std::find(out.families.begin(), out.families.end(), family) == out.families.end()) {
      out.families.push_back(std::move(family));
    }
  }
  out.only_available_for_export = in.only_available_for_export;
  out.country_code = absl::AsciiStrToUpper(AsAbsl(TrimSpaces(in.country_code)));
  if (!out.country_code.empty() &&
      (out.country_code.size() != 2 || !absl::ascii_isalpha(out.country_code[0]) ||
       !absl::ascii_isalpha(out.country_code[1]))) {
    problems.Add(absl::StrCat("filter.country_code « ", Excerpt(in.country_code),
                              " » : code pays ISO à deux lettres attendu (ex. FR)"));
  }
  if (f.target == kFilterCustomers && out.only_available_for_export) {
    problems.Add("filter.only_available_for_export ne s'applique qu'aux filtres d'articles "
                 "(target ARTICLES)");
  }
  if (f.target == kFilterArticles && !out.country_code.empty()) {
    problems.Add("filter.country_code ne s'applique qu'aux filtres de clients (target CUSTOMERS)");
  }
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return f;
}

}  // namespace factflow::catalog_mapping::domain
