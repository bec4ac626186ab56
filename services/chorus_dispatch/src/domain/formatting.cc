#include "domain/formatting.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <cstdint>

#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace factflow::dispatch::domain {
namespace {

int SignificantDigits(money::Decimal value, int min_digits) {
  int digits = min_digits;
  while (digits < money::Decimal::kScale && value.Rounded(digits) != value) ++digits;
  return digits;
}

// Precondition: `digits` holds only ASCII digits.
int ToInt(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::string TrimmedDecimal(money::Decimal value, int min_digits) {
  return value.ToString(SignificantDigits(value, min_digits));
}

std::string TrimmedFrench(money::Decimal value, int min_digits) {
  return value.ToFrench(SignificantDigits(value, min_digits));
}

std::string FrenchAmount(money::Decimal value) { return absl::StrCat(value.ToFrench(2), " €"); }

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(date[i]))) return false;
  }
  int year = ToInt(date.substr(0, 4));
  int month = ToInt(date.substr(5, 2));
  int day = ToInt(date.substr(8, 2));
  return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string IsoDateToFormat102(std::string_view date) {
  return std::string(date.substr(0, 4)).append(date.substr(5, 2)).append(date.substr(8, 2));
}

std::string IsoDateToFrench(std::string_view date) {
  return std::string(date.substr(8, 2))
      .append("/")
      .append(date.substr(5, 2))
      .append("/")
      .append(date.substr(0, 4));
}

bool IsPrintableText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) return false;
      ++i;
      continue;
    }
    // Lead byte: length and smallest code point of the sequence (rejects overlong forms).
    int length = 0;
    uint32_t code = 0, minimum = 0;
    if ((byte & 0xE0) == 0xC0) length = 2, code = byte & 0x1F, minimum = 0x80;
    else if ((byte & 0xF0) == 0xE0) length = 3, code = byte & 0x0F, minimum = 0x800;
    else if ((byte & 0xF8) == 0xF0) length = 4, code = byte & 0x07, minimum = 0x10000;
    else return false;
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    // C1 controls and the non-characters XML forbids.
    if ((code >= 0x80 && code <= 0x9F) || code == 0xFFFE || code == 0xFFFF) return false;
    i += length;
  }
  return true;
}

std::string FrenchCountryName(std::string_view code) {
  // Sorted by code (binary search).
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"AD", "Andorre"},
      {"AE", "Émirats arabes unis"},
      {"AT", "Autriche"},
      {"AU", "Australie"},
      {"BE", "Belgique"},
      {"BG", "Bulgarie"},
      {"BR", "Brésil"},
      {"CA", "Canada"},
      {"CH", "Suisse"},
      {"CI", "Côte d'Ivoire"},
      {"CM", "Cameroun"},
      {"CN", "Chine"},
      {"CY", "Chypre"},
      {"CZ", "Tchéquie"},
      {"DE", "Allemagne"},
      {"DK", "Danemark"},
      {"DZ", "Algérie"},
      {"EE", "Estonie"},
      {"EL", "Grèce"},
      {"ES", "Espagne"},
      {"FI", "Finlande"},
      {"FR", "France"},
      {"GB", "Royaume-Uni"},
      {"GF", "Guyane"},
      {"GP", "Guadeloupe"},
      {"GR", "Grèce"},
      {"HR", "Croatie"},
      {"HU", "Hongrie"},
      {"IE", "Irlande"},
      {"IL", "Israël"},
      {"IN", "Inde"},
      {"IS", "Islande"},
      {"IT", "Italie"},
      {"JP", "Japon"},
      {"LI", "Liechtenstein"},
      {"LT", "Lituanie"},
      {"LU", "Luxembourg"},
      {"LV", "Lettonie"},
      {"MA", "Maroc"},
      {"MC", "Monaco"},
      {"MQ", "Martinique"},
      {"MT", "Malte"},
      {"NC", "Nouvelle-Calédonie"},
      {"NL", "Pays-Bas"},
      {"NO", "Norvège"},
      {"NZ", "Nouvelle-Zélande"},
      {"PF", "Polynésie française"},
      {"PL", "Pologne"},
      {"PM", "Saint-Pierre-et-Miquelon"},
      {"PT", "Portugal"},
      {"RE", "La Réunion"},
      {"RO", "Roumanie"},
      {"SE", "Suède"},
      {"SG", "Singapour"},
      {"SI", "Slovénie"},
      {"SK", "Slovaquie"},
      {"SN", "Sénégal"},
      {"TN", "Tunisie"},
      {"TR", "Turquie"},
      {"UA", "Ukraine"},
      {"US", "États-Unis"},
      {"YT", "Mayotte"}};
  auto it = std::lower_bound(
      std::begin(kNames), std::end(kNames), code,
      [](const auto& entry, std::string_view key) { return entry.first < key; });
  if (it != std::end(kNames) && it->first == code) return std::string(it->second);
  return std::string(code);
}

}  // namespace factflow::dispatch::domain
