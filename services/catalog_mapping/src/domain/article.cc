#include "domain/article.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/codes.h"

namespace factflow::catalog_mapping::domain {
namespace {

// In the order the rates are usually quoted: standard, intermediate, reduced, special, zero,
// then Corsica and the overseas departments (CGI art. 278 to 297).
constexpr std::array<money::Decimal, 9> kVatRates = {
    money::Decimal::FromUnits(20),   money::Decimal::FromUnits(10),
    money::Decimal::FromRaw(55'000), money::Decimal::FromRaw(21'000),
    money::Decimal::FromUnits(0),    money::Decimal::FromUnits(13),
    money::Decimal::FromRaw(9'000),  money::Decimal::FromRaw(85'000),
    money::Decimal::FromRaw(10'500)};

constexpr std::string_view kVatRatesText = "20, 10, 5.5, 2.1, 0, 13, 0.9, 8.5, 1.05";

bool IsUnitCodeCharacter(char c) { return absl::ascii_isupper(c) || absl::ascii_isdigit(c); }

}  // namespace

std::string_view AllowedVatRatesText() { return kVatRatesText; }

absl::StatusOr<money::Decimal> ParseVatRate(std::string_view field, std::string_view text) {
  std::string_view trimmed = TrimSpaces(text);
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field),
                                                   " est obligatoire : donnez le taux en pour "
                                                   "cent, parmi ",
                                                   std::string(kVatRatesText)));
  }
  std::optional<money::Decimal> rate = money::Decimal::Parse(trimmed);
  if (!rate) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), " « ", Excerpt(trimmed),
                     " » n'est pas un nombre décimal : écrivez le taux en pour cent avec un "
                     "point, par exemple « 5.5 » (taux admis : ",
                     std::string(kVatRatesText), ")"));
  }
  if (std::find(kVatRates.begin(), kVatRates.end(), *rate) == kVatRates.end()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), " ", Excerpt(trimmed),
                                                   " n'est pas un taux de TVA français : "
                                                   "utilisez l'un de ",
                                                   std::string(kVatRatesText), " (en pour cent)"));
  }
  return *rate;
}

absl::StatusOr<std::string> NormalizeUnitCode(std::string_view field, std::string_view text) {
  std::string code = absl::AsciiStrToUpper(std::string(TrimSpaces(text)));
  if (code.empty()) return std::string(kDefaultUnitCode);
  if (code.size() < 2 || code.size() > 3 ||
      !std::all_of(code.begin(), code.end(), IsUnitCodeCharacter)) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " « ", Excerpt(TrimSpaces(text)),
        " » n'est pas un code d'unité de la recommandation 20 de l'UN/ECE : utilisez par "
        "exemple C62 (unité), H87 (pièce), KGM (kilogramme), LTR (litre), HUR (heure), ou "
        "laissez-le vide pour C62"));
  }
  return code;
}

absl::StatusOr<money::Decimal> ParseUnitPrice(std::string_view field, std::string_view text) {
  std::string_view trimmed = TrimSpaces(text);
  std::optional<money::Decimal> price = money::Decimal::Parse(trimmed);
  if (!price) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " « ", Excerpt(trimmed),
        " » n'est pas un nombre décimal : écrivez-le avec un point et au plus 4 décimales, "
        "par exemple « 19.99 »"));
  }
  if (price->is_negative()) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " ", Excerpt(trimmed),
        " est négatif : donnez un prix positif ou nul (les remboursements se font par avoir)"));
  }
  return *price;
}

absl::StatusOr<Article> ValidateArticle(const ArticleDraft& draft) {
  Problems problems;
  Article article;
  article.code = problems.Take(NormalizeCode("article.code", draft.code));
  article.label = problems.Take(NormalizeText("article.label", draft.label, /*required=*/true));
  article.unit_code = problems.Take(NormalizeUnitCode("article.unit_code", draft.unit_code));
  article.vat_rate = problems.Take(ParseVatRate("article.vat_rate", draft.vat_rate));
  article.available_for_export = draft.available_for_export;
  article.family = problems.Take(
      NormalizeText("article.family", draft.family, /*required=*/false, kMaxCodeLength));
  if (!TrimSpaces(draft.unit_price_excl_vat).empty()) {
    article.unit_price_excl_vat =
        problems.Take(ParseUnitPrice("article.unit_price_excl_vat", draft.unit_price_excl_vat));
  }
  if (absl::Status status = problems.Finish(); !status.ok()) return status;
  return article;
}

std::string DecimalText(money::Decimal value, int min_fraction_digits) {
  std::string text = value.ToString(money::Decimal::kScale);
  size_t point = text.find('.');
  size_t keep = point + 1 + static_cast<size_t>(std::clamp(min_fraction_digits, 0, 4));
  while (text.size() > keep && text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace factflow::catalog_mapping::domain
