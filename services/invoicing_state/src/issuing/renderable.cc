#include "issuing/renderable.h"

#include "absl/strings/str_cat.h"
#include "domain/invoice_document.h"
#include "rendering/invoice_mapping.h"
#include "spdlog/spdlog.h"
#include "strings/absl_bridge.h"
#include "validation/fields.h"

namespace factflow::invoicing {

absl::Status CheckRenderable(const v1::Invoice& invoice) {
  auto document = dispatch::ToDocument(invoice);
  absl::Status status =
      document.ok() ? dispatch::domain::CheckConsistency(*document) : document.status();
  if (status.ok()) return absl::OkStatus();
  spdlog::warn("invoice {} refused: cannot be rendered: {}", invoice.number(), status.ToString());
  return absl::FailedPreconditionError(absl::StrCat(
      "facture ", validation::Echo(invoice.number()),
      " : montants hors limites ou incohérents, elle ne pourrait être ni rendue ni archivée ; "
      "corrigez le lot d'origine (annulation et nouvel import). Détail : ",
      validation::Echo(AsStd(status.message()))));
}

}  // namespace factflow::invoicing
