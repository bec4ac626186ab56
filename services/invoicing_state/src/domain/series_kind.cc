#include "domain/series_kind.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

std::string_view KindLabel(std::string_view kind) {
  if (kind == kInvoiceSeriesKind) return "factures";
  if (kind == kCreditNoteSeriesKind) return "avoirs";
  return kind;
}

// "de factures", "d'avoirs".
std::string OfKind(std::string_view kind) {
  std::string_view label = KindLabel(kind);
  const bool vowel = !label.empty() && (label[0] == 'a' || label[0] == 'e' || label[0] == 'i' ||
                                        label[0] == 'o' || label[0] == 'u');
  return absl::StrCat(vowel ? "d'" : "de ", AsAbsl(label));
}

}  // namespace

absl::Status CheckSeriesKind(std::string_view code, std::string_view series_kind,
                             std::string_view expected) {
  if (series_kind == expected) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "La série de numérotation « ", AsAbsl(code), " » est une série ", OfKind(series_kind),
      " : elle ne peut pas numéroter des ", AsAbsl(KindLabel(expected)),
      ". Choisissez une série ", OfKind(expected),
      " (préférences d'import, option --series) et relancez la génération."));
}

}  // namespace factflow::invoicing::domain
