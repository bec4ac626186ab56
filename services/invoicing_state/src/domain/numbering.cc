#include "domain/numbering.h"

#include <cassert>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

bool IsAllowedNumberChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '_' || c == '/';
}

// The whole UTF-8 character starting at `pos`, so that an "é" is shown as such, not as a byte.
std::string CharacterAt(std::string_view text, size_t pos) {
  if (text[pos] == ' ') return "espace";
  size_t end = pos + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return absl::StrCat("« ", AsAbsl(text.substr(pos, end - pos)), " »");
}

// `subject` starts the message: "Le numéro de facture « X »", "Le préfixe « FA » de la série".
absl::Status CheckAllowedChars(std::string_view text, std::string_view subject) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsAllowedNumberChar(text[i])) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        AsAbsl(subject), " contient un caractère interdit (", CharacterAt(text, i), ", position ",
        i + 1,
        ") : seuls les lettres sans accent A-Z et a-z, les chiffres et les signes + - _ / sont "
        "autorisés (règle BR-FR-02). Modifiez le préfixe de la série de numérotation."));
  }
  return absl::OkStatus();
}

std::string Quoted(std::string_view text) { return absl::StrCat("« ", AsAbsl(text), " »"); }

std::string ZeroFilled(int64_t value, int padding) {
  std::string digits = std::to_string(value);
  if (digits.size() < static_cast<size_t>(padding)) {
    digits.insert(0, static_cast<size_t>(padding) - digits.size(), '0');
  }
  return digits;
}

absl::Status CheckPadding(int padding) {
  if (padding >= 0 && padding <= kMaxPadding) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("Nombre de chiffres de la série invalide (",
                                                 padding, ") : indiquez une valeur de 0 à ",
                                                 kMaxPadding, "."));
}

// For messages: the formatted number when the series can format it, else the bare value.
std::string Display(const NumberingSeries& series, int64_t value) {
  absl::StatusOr<std::string> number = FormatNumber(series, value);
  return number.ok() ? *number : std::to_string(value);
}

// values[i] > expected: values expected .. values[i] - 1 are missing.
absl::Status GapError(std::span<const int64_t> values, size_t i, int64_t expected) {
  const int64_t value = values[i];
  const std::string where =
      i == 0 ? absl::StrCat("la série commence à ", expected, " mais le premier numéro est ")
             : absl::StrCat("après le numéro ", values[i - 1], " vient le numéro ");
  const std::string missing =
      value - 1 == expected ? absl::StrCat("numéro ", expected, " manquant")
                            : absl::StrCat("numéros ", expected, " à ", value - 1, " manquants");
  return absl::DataLossError(
      absl::StrCat("Rupture de la numérotation : ", where, value, " (", missing,
                   "). Une numérotation doit être continue : signalez cette anomalie au support."));
}

// values[i] < the value expected at i: a duplicate, or input that is not what the audit expects.
absl::Status BackwardStepError(std::span<const int64_t> values, size_t i, int64_t start) {
  const int64_t value = values[i];
  if (i == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("Le premier numéro contrôlé (", value, ") précède le début indiqué (", start,
                     ") : corrigez le numéro de départ du contrôle."));
  }
  if (value == values[i - 1]) {
    return absl::DataLossError(absl::StrCat(
        "Numérotation en double : le numéro ", value,
        " est attribué à plusieurs factures. Un numéro doit être unique : signalez cette "
        "anomalie au support."));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("Liste de numéros non triée : ", value, " apparaît après ", values[i - 1],
                   ". Triez les numéros par ordre croissant avant le contrôle."));
}

}  // namespace

absl::Status ValidateInvoiceNumber(std::string_view number) {
  if (number.empty()) {
    return absl::InvalidArgumentError(
        "Le numéro de facture est vide : un numéro est obligatoire (règle BR-FR-01).");
  }
  if (number.size() > kMaxInvoiceNumberLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Le numéro de facture ", Quoted(number), " fait ", number.size(),
        " caractères ; 35 au maximum sont autorisés (règle BR-FR-01). Raccourcissez le préfixe "
        "de la série de numérotation ou réduisez son nombre de chiffres."));
  }
  return CheckAllowedChars(number, absl::StrCat("Le numéro de facture ", Quoted(number)));
}

absl::Status ValidateSeries(const NumberingSeries& series) {
  if (series.code.empty()) {
    return absl::InvalidArgumentError(
        "Le code de la série de numérotation est vide : indiquez un code (par exemple « FA »).");
  }
  const std::string subject =
      absl::StrCat("Le préfixe ", Quoted(series.prefix), " de la série ", series.code);
  if (absl::Status s = CheckAllowedChars(series.prefix, subject); !s.ok()) return s;
  if (absl::Status s = CheckPadding(series.padding); !s.ok()) return s;
  if (series.next_value < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("Le prochain numéro de la série ", series.code,
                     " doit être au moins 1 (reçu : ", series.next_value, ")."));
  }
  const size_t shortest = series.prefix.size() + static_cast<size_t>(series.padding);
  if (shortest > kMaxInvoiceNumberLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        subject, " suivi de ", series.padding, " chiffres donne des numéros de ", shortest,
        " caractères ; 35 au maximum sont autorisés (règle BR-FR-01). Raccourcissez le préfixe "
        "ou réduisez le nombre de chiffres."));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FormatNumber(const NumberingSeries& series, int64_t value) {
  if (value < 1) {
    return absl::InvalidArgumentError(absl::StrCat("Valeur de numérotation invalide (", value,
                                                   ") pour la série ", series.code,
                                                   " : les numéros commencent à 1."));
  }
  if (absl::Status s = CheckPadding(series.padding); !s.ok()) return s;
  std::string number = absl::StrCat(series.prefix, ZeroFilled(value, series.padding));
  if (absl::Status s = ValidateInvoiceNumber(number); !s.ok()) return s;
  return number;
}

NumberBlock AllocateBlock(const NumberingSeries& series, int64_t count) {
  assert(count >= 1);
  assert(series.next_value >= 1);
  assert(count <= std::numeric_limits<int64_t>::max() - series.next_value);
  return NumberBlock{.first_value = series.next_value,
                     .last_value = series.next_value + count - 1,
                     .next_value_after = series.next_value + count};
}

absl::Status CheckContiguous(std::span<const int64_t> values_sorted, int64_t start) {
  for (size_t i = 0; i < values_sorted.size(); ++i) {
    const int64_t expected = start + static_cast<int64_t>(i);
    if (values_sorted[i] == expected) continue;
    return values_sorted[i] > expected ? GapError(values_sorted, i, expected)
                                       : BackwardStepError(values_sorted, i, start);
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> RewindTo(const NumberingSeries& series, int64_t block_first,
                                 int64_t block_last) {
  if (block_first < 1 || block_first > block_last || block_last >= series.next_value) {
    return absl::InvalidArgumentError(
        absl::StrCat("Bloc de numéros invalide (", block_first, " à ", block_last,
                     ") pour la série ", series.code, " dont le prochain numéro est ",
                     series.next_value, " : ce bloc n'a pas été attribué par cette série."));
  }
  if (block_last != series.next_value - 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Impossible d'annuler ce lot (factures ", Display(series, block_first), " à ",
        Display(series, block_last),
        ") : une facture a été créée après ce lot dans la chaîne de numérotation de la série ",
        series.code, " (dernier numéro attribué : ", Display(series, series.next_value - 1),
        "). Pour que la numérotation reste continue, annulez d'abord les lots plus récents ; une "
        "facture créée manuellement ne s'annule que par un avoir."));
  }
  return block_first;
}

}  // namespace factflow::invoicing::domain
