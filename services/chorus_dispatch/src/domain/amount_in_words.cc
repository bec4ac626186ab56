#include "domain/amount_in_words.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace factflow::dispatch::domain {
namespace {

constexpr std::array<const char*, 17> kUnits = {
    "zéro", "un",    "deux",     "trois",    "quatre", "cinq",  "six",  "sept", "huit",
    "neuf", "dix",   "onze",     "douze",    "treize", "quatorze", "quinze", "seize"};
constexpr std::array<const char*, 7> kTens = {"",        "dix",      "vingt",    "trente",
                                              "quarante", "cinquante", "soixante"};
constexpr int64_t kMaxWords = 999'999'999'999;

// 0 < n < 100. `plural`: "quatre-vingts" takes its s (the number ends here).
std::string Below100(int n, bool plural) {
  if (n < 17) return kUnits[n];
  if (n < 20) return absl::StrCat("dix-", kUnits[n - 10]);
  const int tens = n / 10;
  const int units = n % 10;
  if (tens == 7) return units == 1 ? "soixante et onze" : absl::StrCat("soixante-", Below100(10 + units, false));
  if (tens == 8) return units == 0 ? (plural ? "quatre-vingts" : "quatre-vingt")
                                   : absl::StrCat("quatre-vingt-", kUnits[units]);
  if (tens == 9) return absl::StrCat("quatre-vingt-", Below100(10 + units, false));
  if (units == 0) return kTens[tens];
  if (units == 1) return absl::StrCat(kTens[tens], " et un");
  return absl::StrCat(kTens[tens], "-", kUnits[units]);
}

// 0 < n < 1000.
std::string Below1000(int n, bool plural) {
  const int hundreds = n / 100;
  const int rest = n % 100;
  std::string words;
  if (hundreds == 1) {
    words = "cent";
  } else if (hundreds > 1) {
    words = absl::StrCat(kUnits[hundreds], rest == 0 && plural ? " cents" : " cent");
  }
  if (rest == 0) return words;
  return words.empty() ? Below100(rest, plural) : absl::StrCat(words, " ", Below100(rest, plural));
}

void Append(std::string& out, const std::string& words) {
  if (!out.empty()) out += ' ';
  out += words;
}

// The group of `count` units of a noun ("million", "milliard"): nouns keep "cents" and
// "quatre-vingts" plural before them.
void AppendNounGroup(std::string& out, int count, const char* noun) {
  if (count == 0) return;
  Append(out, absl::StrCat(count == 1 ? "un" : Below1000(count, true), " ", noun,
                           count > 1 ? "s" : ""));
}

absl::Status TooLarge() {
  return absl::OutOfRangeError("montant trop élevé pour être écrit en lettres");
}

}  // namespace

absl::StatusOr<std::string> IntegerInFrenchWords(int64_t n) {
  if (n < 0 || n > kMaxWords) return TooLarge();
  if (n == 0) return std::string(kUnits[0]);
  std::string out;
  AppendNounGroup(out, static_cast<int>(n / 1'000'000'000), "milliard");
  AppendNounGroup(out, static_cast<int>(n / 1'000'000 % 1000), "million");
  const int thousands = static_cast<int>(n / 1000 % 1000);
  if (thousands == 1) {
    Append(out, "mille");
  } else if (thousands > 1) {
    // "mille" is an adjective: "deux cent mille", "quatre-vingt mille".
    Append(out, absl::StrCat(Below1000(thousands, false), " mille"));
  }
  const int rest = static_cast<int>(n % 1000);
  if (rest > 0) Append(out, Below1000(rest, true));
  return out;
}

absl::StatusOr<std::string> EurosInFrenchWords(money::Decimal amount) {
  if (amount.is_negative()) return absl::OutOfRangeError("montant négatif");
  const int64_t cents = amount.RoundedToCents().cents();
  const int64_t euros = cents / 100;
  const int64_t rest = cents % 100;
  absl::StatusOr<std::string> words = IntegerInFrenchWords(euros);
  if (!words.ok()) return words.status();
  // "un million d'euros", "deux milliards d'euros": a noun takes "de".
  const bool noun_last = euros >= 1'000'000 && euros % 1'000'000 == 0;
  std::string out = absl::StrCat(*words, noun_last ? " d'euros" : (euros > 1 ? " euros" : " euro"));
  if (rest > 0) {
    absl::StatusOr<std::string> centimes = IntegerInFrenchWords(rest);
    if (!centimes.ok()) return centimes.status();
    absl::StrAppend(&out, " et ", *centimes, rest > 1 ? " centimes" : " centime");
  }
  return out;
}

}  // namespace factflow::dispatch::domain
