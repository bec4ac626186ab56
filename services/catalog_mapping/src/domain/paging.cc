#include "domain/paging.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/codes.h"

namespace factflow::catalog_mapping::domain {

absl::StatusOr<PageQuery> MakePageQuery(int32_t page_size, std::string_view page_token) {
  if (page_size < 0) {
    return absl::InvalidArgumentError(absl::StrCat("page.page_size ", page_size,
                                                   " is negative: give 1 to ", kMaxPageSize,
                                                   ", or 0 for the default of ", kDefaultPageSize));
  }
  if (CharacterCount(page_token) > kMaxCodeLength) {
    return absl::InvalidArgumentError(
        "page.page_token is not one this service returned: pass the next_page_token of the "
        "previous page unchanged, or leave it empty to start from the first page");
  }
  PageQuery query;
  query.size = page_size == 0 ? kDefaultPageSize : std::min<int>(page_size, kMaxPageSize);
  query.after_code = std::string(page_token);
  return query;
}

}  // namespace factflow::catalog_mapping::domain
