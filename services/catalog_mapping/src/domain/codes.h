#pragma once

// Validation and normalisation of the identifiers and free texts the catalog stores: article,
// party, connector and external codes, labels and names. Pure functions, no I/O.
//
// Thread safety: free functions are reentrant; a Problems object is not thread-safe.
//
// Errors: every function reports InvalidArgument with a message naming the field (as the
// caller wrote it, e.g. "correspondences[3].external_code"), what was wrong and how to fix it.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::domain {

// Longest code (article, party, connector, external code), in characters.
inline constexpr int kMaxCodeLength = 64;
// Longest free text (label, name, family...), in characters.
inline constexpr int kMaxTextLength = 255;

// Number of characters (Unicode code points) of a UTF-8 string.
int CharacterCount(std::string_view utf8);

// `value` cut to 40 characters (with "..." when longer), for error messages.
std::string Excerpt(std::string_view value);

// Removes leading and trailing ASCII whitespace.
std::string_view TrimSpaces(std::string_view text);

// A code as stored: `value` without surrounding spaces, non-empty, at most kMaxCodeLength
// characters, without control characters. Case is kept: codes are matched exactly.
absl::StatusOr<std::string> NormalizeCode(std::string_view field, std::string_view value);

// A free text as stored: `value` without surrounding spaces, at most `max_length` characters,
// without control characters; empty is refused only when `required`.
absl::StatusOr<std::string> NormalizeText(std::string_view field, std::string_view value,
                                          bool required, int max_length = kMaxTextLength);

// Collects the problems of a whole request so that the caller learns all of them at once.
class Problems {
 public:
  // Returns the value of `result`, or records its message and returns `fallback`.
  template <typename T>
  T Take(absl::StatusOr<T> result, T fallback = T()) {
    if (result.ok()) return *std::move(result);
    Add(result.status());
    return fallback;
  }
  void Add(const absl::Status& status);
  void Add(std::string message);

  bool empty() const { return messages_.empty(); }
  // OK, or InvalidArgument listing every problem ("; "-separated).
  absl::Status Finish() const;

 private:
  std::vector<std::string> messages_;
};

}  // namespace factflow::catalog_mapping::domain
