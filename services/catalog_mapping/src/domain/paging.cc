#include "domain/paging.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "domain/codes.h"

namespace factflow::catalog_mapping::domain {

absl::StatusOr<PageQuery> MakePageQuery(int32_t page_size, std::string_view page_token) {
  if (page_size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page.page_size ", page_size, " est négatif : donnez de 1 à ", kMaxPageSize,
                     ", ou 0 pour la taille par défaut (", kDefaultPageSize, ")"));
  }
  if (CharacterCount(page_token) > kMaxCodeLength) {
    return absl::InvalidArgumentError(
        "page.page_token n'a pas été donné par ce service : renvoyez tel quel le "
        "next_page_token de la page précédente, ou laissez-le vide pour reprendre au début");
  }
  PageQuery query;
  query.size = page_size == 0 ? kDefaultPageSize : std::min<int>(page_size, kMaxPageSize);
  query.after_code = std::string(page_token);
  return query;
}

}  // namespace factflow::catalog_mapping::domain
