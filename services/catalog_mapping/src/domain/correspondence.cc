#include "domain/correspondence.h"

#include <set>
#include <unordered_set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/codes.h"

namespace factflow::catalog_mapping::domain {
namespace {

absl::Status CheckCount(std::string_view field, size_t count) {
  if (count <= static_cast<size_t>(kMaxCodesPerCall)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), " contient ", count,
                                                 " entrées : envoyez-en au plus ", kMaxCodesPerCall,
                                                 " par appel et répartissez le reste"));
}

absl::StatusOr<Correspondence> NormalizeCorrespondence(size_t index, const Correspondence& change) {
  std::string prefix = absl::StrCat("correspondences[", index, "].");
  Problems problems;
  Correspondence normalized;
  normalized.connector_code =
      problems.Take(NormalizeCode(absl::StrCat(prefix, "connector_code"), change.connector_code));
  normalized.external_code =
      problems.Take(NormalizeCode(absl::StrCat(prefix, "external_code"), change.external_code));
  if (!TrimSpaces(change.article_code).empty()) {
    normalized.article_code =
        problems.Take(NormalizeCode(absl::StrCat(prefix, "article_code"), change.article_code));
  }
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return normalized;
}

std::string Describe(const std::string& article_code) {
  return article_code.empty() ? std::string("suppression")
                              : absl::StrCat("article « ", Excerpt(article_code), " »");
}

}  // namespace

absl::StatusOr<std::vector<Correspondence>> ValidateCorrespondences(
    const std::vector<Correspondence>& changes) {
  if (absl::Status count = CheckCount("correspondences", changes.size()); !count.ok()) {
    return count;
  }
  std::vector<Correspondence> result;
  result.reserve(changes.size());
  // (connector, external code) -> (index in `changes`, index in `result`) of its first entry.
  std::map<std::pair<std::string, std::string>, std::pair<size_t, size_t>> seen;
  Problems problems;
  for (size_t i = 0; i < changes.size(); ++i) {
    absl::StatusOr<Correspondence> change = NormalizeCorrespondence(i, changes[i]);
    if (!change.ok()) {
      problems.Add(change.status());
      continue;
    }
    auto [it, inserted] =
        seen.emplace(std::make_pair(change->connector_code, change->external_code),
                     std::make_pair(i, result.size()));
    if (inserted) {
      result.push_back(*std::move(change));
      continue;
    }
    const auto [first, kept] = it->second;
    if (result[kept].article_code != change->article_code) {
      problems.Add(
          absl::StrCat("correspondences[", first, "] et correspondences[", i,
                       "] modifient toutes deux le code externe « ", Excerpt(change->external_code),
                       " » du connecteur « ", Excerpt(change->connector_code), " » (",
                       Describe(result[kept].article_code), " et ", Describe(change->article_code),
                       ") : ne gardez que celle que vous voulez"));
    }
  }
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return result;
}

std::vector<std::string> TargetArticleCodes(const std::vector<Correspondence>& changes) {
  std::set<std::string> codes;
  for (const Correspondence& change : changes) {
    if (!change.removes()) codes.insert(change.article_code);
  }
  return {codes.begin(), codes.end()};
}

absl::StatusOr<ResolveQuery> ValidateResolveQuery(std::string_view connector_code,
                                                  const std::vector<std::string>& external_codes) {
  if (absl::Status count = CheckCount("external_codes", external_codes.size()); !count.ok()) {
    return count;
  }
  Problems problems;
  ResolveQuery query;
  query.connector_code = problems.Take(NormalizeCode("connector_code", connector_code));
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < external_codes.size(); ++i) {
    absl::StatusOr<std::string> code =
        NormalizeCode(absl::StrCat("external_codes[", i, "]"), external_codes[i]);
    if (!code.ok()) {
      problems.Add(code.status());
    } else if (seen.insert(*code).second) {
      query.external_codes.push_back(*std::move(code));
    }
  }
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return query;
}

std::vector<Resolution> ArrangeResolutions(const ResolveQuery& query,
                                           const std::map<std::string, Article>& mapped) {
  std::vector<Resolution> resolutions;
  resolutions.reserve(query.external_codes.size());
  for (const std::string& code : query.external_codes) {
    Resolution& resolution = resolutions.emplace_back();
    resolution.external_code = code;
    if (auto it = mapped.find(code); it != mapped.end()) {
      resolution.mapped = true;
      resolution.article = it->second;
    }
  }
  return resolutions;
}

}  // namespace factflow::catalog_mapping::domain
