#include "domain/export_reading.h"

#include <string>

#include "domain/fnac_profile.h"

namespace factflow::importer::domain {

const ExportReading& FnacReading() {
  static const auto* const kReading = new ExportReading{
      FnacProfile(),
      {},
      DateOrder::kDayMonthYear,
      DecimalMark::kAuto,
      "exportez de nouveau les commandes terminées depuis FNAC",
      "la ligne d'en-tête de l'export FNAC",
      "le numéro de commande FNAC",
  };
  return *kReading;
}

std::optional<money::Decimal> DecimalWithMark(std::string_view text, DecimalMark mark) {
  if (mark == DecimalMark::kAuto) return money::Decimal::ParseLenient(text);
  // The other mark groups thousands: drop it, then the text has at most one decimal mark.
  const char grouping = mark == DecimalMark::kComma ? '.' : ',';
  std::string cleaned;
  cleaned.reserve(text.size());
  for (char c : text) {
    if (c != grouping) cleaned.push_back(c);
  }
  return money::Decimal::ParseLenient(cleaned);
}

std::optional<CivilDateTime> TextDateWithOrder(std::string_view text, DateOrder order) {
  if (order == DateOrder::kDayMonthYear) return ParseTextDateTime(text);
  // "mm/jj/aaaa[ hh:mm]": swap the first two parts when the text starts with two short numbers
  // (an ISO date starts with four digits and is read as is).
  size_t begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(begin);
  size_t first = rest.find_first_of("/-.");
  if (first == std::string_view::npos || first == 0 || first > 2) return ParseTextDateTime(text);
  size_t second = rest.find_first_of("/-.", first + 1);
  if (second == std::string_view::npos || second == first + 1 || second - first - 1 > 2) {
    return std::nullopt;
  }
  std::string swapped;
  swapped.reserve(rest.size());
  swapped.append(rest.substr(first + 1, second - first - 1));
  swapped.push_back(rest[first]);
  swapped.append(rest.substr(0, first));
  swapped.append(rest.substr(second));
  return ParseTextDateTime(swapped);
}

}  // namespace factflow::importer::domain
