#include "domain/series_kind.h"

#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

std::string_view KindLabel(std::string_view kind) {
  if (kind == kInvoiceSeriesKind) return "factures";
  if (kind == kCreditNoteSeriesKind) return "avoirs";
  return kind;
}

}  // namespace

absl::Status CheckSeriesKind(std::string_view code, std::string_view series_kind,
                             std::string_view expected) {
  if (series_kind == expected) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "La série de numérotation « ", AsAbsl(code), " » est une série d'",
      AsAbsl(KindLabel(series_kind)), " : elle ne peut pas numéroter des ",
      AsAbsl(KindLabel(expected)),
      ". Choisissez une série de ", AsAbsl(KindLabel(expected)),
      " (préférences d'import, option --series) et relancez la génération."));
}

}  // namespace factflow::invoicing::domain
