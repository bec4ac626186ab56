#pragma once

// Paging of list calls by code: a page is the next `size` entries whose code sorts after
// `after_code` (byte order); the page token handed to the caller is the last code it received.
//
// Thread safety: value types and reentrant functions.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::domain {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

struct PageQuery {
  int size = kDefaultPageSize;
  std::string after_code;  // empty: from the first entry
};

// page_size 0 gives kDefaultPageSize, above kMaxPageSize gives kMaxPageSize; a negative size or a
// token that cannot be a code is InvalidArgument.
absl::StatusOr<PageQuery> MakePageQuery(int32_t page_size, std::string_view page_token);

}  // namespace factflow::catalog_mapping::domain
