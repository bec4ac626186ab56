#pragma once

// Offset paging for list RPCs (factflow.common.v1.PageRequest): the page token is the offset of
// the next page, opaque to callers.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "factflow/common/v1/common.pb.h"

namespace factflow::grpcutil {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

struct OffsetPage {
  int size = kDefaultPageSize;  // rows to return: page_size, capped at kMaxPageSize
  int offset = 0;               // rows to skip

  // The token of the page after one that returned `returned` rows: empty when the page was not
  // full, or when `total` (if known, >= 0) says nothing is left.
  std::string NextToken(int returned, int64_t total = -1) const;
};

// InvalidArgument when the token is not one this service issued.
absl::StatusOr<OffsetPage> ParseOffsetPage(const common::v1::PageRequest& page);

}  // namespace factflow::grpcutil
