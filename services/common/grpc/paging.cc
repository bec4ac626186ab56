#include "grpc/paging.h"

#include <algorithm>

#include "absl/strings/numbers.h"

namespace factflow::grpcutil {

std::string OffsetPage::NextToken(int returned, int64_t total) const {
  bool more = total >= 0 ? offset + returned < total : returned == size;
  return more ? std::to_string(offset + returned) : std::string();
}

absl::StatusOr<OffsetPage> ParseOffsetPage(const common::v1::PageRequest& page) {
  OffsetPage parsed;
  if (page.page_size() > 0) parsed.size = std::min(page.page_size(), kMaxPageSize);
  if (!page.page_token().empty() &&
      (!absl::SimpleAtoi(page.page_token(), &parsed.offset) || parsed.offset < 0)) {
    return absl::InvalidArgumentError("page_token invalide : reprenez la liste depuis le début");
  }
  return parsed;
}

namespace {
constexpr char kKeysetPrefix = 'k';  // tells a keyset token from an offset one
}  // namespace

std::string KeysetPage::NextToken(int returned, int64_t last_key) const {
  return returned == size ? kKeysetPrefix + std::to_string(last_key) : std::string();
}

absl::StatusOr<KeysetPage> ParseKeysetPage(const common::v1::PageRequest& page) {
  KeysetPage parsed;
  if (page.page_size() > 0) parsed.size = std::min(page.page_size(), kMaxPageSize);
  const std::string& token = page.page_token();
  if (token.empty()) return parsed;
  int64_t key = 0;
  if (token.front() != kKeysetPrefix || !absl::SimpleAtoi(token.substr(1), &key)) {
    return absl::InvalidArgumentError("page_token invalide : reprenez la liste depuis le début");
  }
  parsed.after = key;
  return parsed;
}

namespace {
constexpr char kCompositePrefix = 'c';  // c<integer>:<text>
}  // namespace

std::string CompositeKeysetPage::NextToken(int returned, const std::string& last_text,
                                           int64_t last_key) const {
  if (returned != size) return {};
  return kCompositePrefix + std::to_string(last_key) + ':' + last_text;
}

absl::StatusOr<CompositeKeysetPage> ParseCompositeKeysetPage(
    const common::v1::PageRequest& page) {
  CompositeKeysetPage parsed;
  if (page.page_size() > 0) parsed.size = std::min(page.page_size(), kMaxPageSize);
  const std::string& token = page.page_token();
  if (token.empty()) return parsed;
  const size_t colon = token.find(':');
  if (token.front() != kCompositePrefix || colon == std::string::npos ||
      !absl::SimpleAtoi(token.substr(1, colon - 1), &parsed.after)) {
    return absl::InvalidArgumentError("page_token invalide : reprenez la liste depuis le début");
  }
  parsed.after_text = token.substr(colon + 1);
  return parsed;
}

}  // namespace factflow::grpcutil
