// CountryCodeFromName (declared in fnac_profile.h): the country names found in FNAC exports.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "domain/fnac_profile.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

struct Country {
  std::string_view code;
  std::array<std::string_view, 4> names;  // as FoldText writes them
};

constexpr std::array<Country, 17> kCountries = {{
    {"FR", {"france", "francemetropolitaine", "fra"}},
    {"BE", {"belgique", "belgium", "belgie", "bel"}},
    {"CH", {"suisse", "switzerland", "schweiz", "che"}},
    {"LU", {"luxembourg", "lux"}},
    {"DE", {"allemagne", "germany", "deutschland", "deu"}},
    {"ES", {"espagne", "spain", "espana", "esp"}},
    {"IT", {"italie", "italy", "italia", "ita"}},
    {"MC", {"monaco", "mco"}},
    {"NL", {"paysbas", "netherlands", "nederland", "nld"}},
    {"PT", {"portugal", "prt"}},
    {"AT", {"autriche", "austria", "osterreich", "aut"}},
    {"GB", {"royaumeuni", "unitedkingdom", "angleterre", "gbr"}},
    {"GP", {"guadeloupe"}},
    {"MQ", {"martinique"}},
    {"GF", {"guyane", "guyanefrancaise"}},
    {"RE", {"reunion", "lareunion"}},
    {"YT", {"mayotte"}},
}};

}  // namespace

std::string CountryCodeFromName(std::string_view country) {
  std::string key = FoldText(country);
  if (key.empty()) return "";
  for (const Country& entry : kCountries) {
    if (key == absl::AsciiStrToLower(AsAbsl(entry.code)) ||
        std::find(entry.names.begin(), entry.names.end(), key) != entry.names.end()) {
      return std::string(entry.code);
    }
  }
  return "";
}

}  // namespace factflow::importer::domain
