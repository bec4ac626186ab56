#pragma once

// Paging for list RPCs (factflow.common.v1.PageRequest); page tokens are opaque to callers.
//
// Keyset paging (KeysetPage) is what lists use: the token carries the sort key of the last row
// returned and the next page is `WHERE key > token ORDER BY key LIMIT size`, an index range scan
// however deep the page. Offset paging re-reads every skipped row (quadratic over a whole list);
// it stays for lists whose order has no single integer key.

#include <cstdint>
#include <optional>
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

struct KeysetPage {
  int size = kDefaultPageSize;   // rows to return: page_size, capped at kMaxPageSize
  std::optional<int64_t> after;  // sort key of the previous page's last row; none: first page

  bool first() const { return !after.has_value(); }
  // The token of the page after one that returned `returned` rows, the last with key
  // `last_key`: empty when the page was not full (nothing is left).
  std::string NextToken(int returned, int64_t last_key) const;
};

// InvalidArgument (French) when the token is not a keyset token this service issued.
absl::StatusOr<KeysetPage> ParseKeysetPage(const common::v1::PageRequest& page);

// Keyset paging over a two-part sort key (text, integer), such as an invoice's (series, number):
// the token carries both parts of the previous page's last row, and the next page is
// `WHERE (text, key) > (after_text, after) ORDER BY text, key LIMIT size`.
struct CompositeKeysetPage {
  int size = kDefaultPageSize;
  std::optional<std::string> after_text;  // set with after; none: first page
  int64_t after = 0;

  bool first() const { return !after_text.has_value(); }
  std::string NextToken(int returned, const std::string& last_text, int64_t last_key) const;
};

// InvalidArgument (French) when the token is not a composite keyset token this service issued.
absl::StatusOr<CompositeKeysetPage> ParseCompositeKeysetPage(const common::v1::PageRequest& page);

}  // namespace factflow::grpcutil
