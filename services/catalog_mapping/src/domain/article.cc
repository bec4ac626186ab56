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
                                                   " is required: give the rate in percent, one "
                                                   "of ",
                                                   std::string(kVatRatesText)));
  }
  std::optional<money::Decimal> rate = money::Decimal::Parse(trimmed);
  if (!rate) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), " '", std::string(trimmed),
                     "' is not a decimal number: write the rate in percent with a point, e.g. "
                     "\"5.5\" (allowed: ",
                     std::string(kVatRatesText), ")"));
  }
  if (std::find(kVatRates.begin(), kVatRates.end(), *rate) == kVatRates.end()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), " ", std::string(trimmed),
                                                   " is not a French VAT rate: use one of ",
                                                   std::string(kVatRatesText), " (in percent)"));
  }
  return *rate;
}

absl::StatusOr<std::string> NormalizeUnitCode(std::string_view field, std::string_view text) {
  std::string code = absl::AsciiStrToUpper(std::string(TrimSpaces(text)));
  if (code.empty()) return std::string(kDefaultUnitCode);
  if (code.size() < 2 || code.size() > 3 ||
      !std::all_of(code.begin(), code.end(), IsUnitCodeCharacter)) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " '", std::string(TrimSpaces(text)),
        "' is not a UN/ECE Recommendation 20 unit code: use e.g. C62 (one), H87 (piece), "
        "KGM (kilogram), LTR (litre), HUR (hour), or leave it empty for C62"));
  }
  return code;
}

absl::StatusOr<money::Decimal> ParseUnitPrice(std::string_view field, std::string_view text) {
  std::string_view trimmed = TrimSpaces(text);
  std::optional<money::Decimal> price = money::Decimal::Parse(trimmed);
  if (!price) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " '", std::string(trimmed),
        "' is not a decimal number: write it with a point and at most 4 decimals, e.g. "
        "\"19.99\""));
  }
  if (price->is_negative()) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " ", std::string(trimmed),
        " is negative: give a price of zero or more (credits are made with credit notes)"));
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
