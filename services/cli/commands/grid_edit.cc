// factflowctl edit BATCH ORDER: edits one order of a batch's control grid before generation
// (UpdateDocument): date, buyer, payment mode, series, shipping. The service re-validates the
// order and answers with it; the command shows its validity, total and remaining problems.

#include <fmt/core.h>

#include <optional>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/imports.h"
#include "format.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using importer::v1::GridDocument;
using importer::v1::ImporterService;

struct EditOptions {
  std::string batch;
  std::string order;
  std::optional<std::string> date, last_name, first_name, company, email, payment_mode, series,
      shipping;
  bool json = false;
};

// The order `ref` (FNAC order number or document id) of the batch, as the grid holds it.
absl::StatusOr<GridDocument> FindDocument(Client& client, const std::string& batch_id,
                                          const std::string& ref) {
  importer::v1::ListGridDocumentsRequest request;
  request.set_batch_id(batch_id);
  // An order number narrows the grid on the server; a document id is not searchable text.
  if (!LooksLikeUuid(ref)) request.mutable_filter()->set_text(ref);
  importer::v1::ListGridDocumentsResponse grid;
  absl::Status status =
      client.CallAllPages(&ImporterService::Stub::ListGridDocuments, request, &grid);
  if (!status.ok()) return status;
  for (const GridDocument& document : grid.documents()) {
    if (document.external_id() == ref || document.document_id() == ref) return document;
  }
  return absl::NotFoundError(
      absl::StrCat("aucune commande « ", ref, " » dans ce lot (n° de commande ou identifiant)"));
}

absl::Status RunEdit(Client& client, const EditOptions& options) {
  if (!(options.date || options.last_name || options.first_name || options.company ||
        options.email || options.payment_mode || options.series || options.shipping)) {
    ThrowUsageError("edit",
                    "rien à modifier : indiquez au moins une option (--date, --nom, "
                    "--prenom, --societe, --email, --payment-mode, --series, --shipping)");
  }
  if (options.shipping.has_value() && *options.shipping != "oui" && *options.shipping != "non") {
    ThrowUsageError("--shipping", "--shipping attend oui ou non");
  }
  absl::StatusOr<importer::v1::Batch> batch = ResolveBatch(client, options.batch);
  if (!batch.ok()) return batch.status();
  absl::StatusOr<GridDocument> found = FindDocument(client, batch->batch_id(), options.order);
  if (!found.ok()) return found.status();
  importer::v1::UpdateDocumentRequest request;
  GridDocument& edit = *request.mutable_document() = *std::move(found);
  auto set = [](const std::optional<std::string>& value, auto&& apply) {
    if (value.has_value()) apply(*value);
  };
  set(options.date, [&](const std::string& v) { edit.set_document_date(v); });
  set(options.last_name, [&](const std::string& v) { edit.mutable_buyer()->set_last_name(v); });
  set(options.first_name, [&](const std::string& v) { edit.mutable_buyer()->set_first_name(v); });
  set(options.company, [&](const std::string& v) { edit.mutable_buyer()->set_company(v); });
  set(options.email, [&](const std::string& v) { edit.mutable_buyer()->set_email(v); });
  set(options.payment_mode, [&](const std::string& v) { edit.set_payment_mode(v); });
  set(options.series, [&](const std::string& v) { edit.set_series_code(v); });
  if (options.shipping.has_value()) edit.set_invoice_shipping(*options.shipping == "oui");
  GridDocument saved;
  absl::Status status = client.Call(&ImporterService::Stub::UpdateDocument, request, &saved);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(saved);
    return absl::OkStatus();
  }
  fmt::print("Commande {} du lot n° {} modifiée : {}, total TTC {}, acheteur {}.\n",
             saved.external_id(), batch->batch_number(), saved.valid() ? "valide" : "invalide",
             FormatAmount(saved.total_incl_vat()), FormatBuyer(saved.buyer()));
  for (const importer::v1::Issue& issue : saved.issues()) {
    fmt::print("  {}\n", FormatIssue(issue));
  }
  return absl::OkStatus();
}

}  // namespace

void AddGridDocumentEditCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<EditOptions>();
  CLI::App* edit = app.add_subcommand(
      "edit",
      "Modifie une commande de la grille avant génération (revalidée par le service) ; ex. "
      "factflowctl edit 12 2611200001 --payment-mode virement");
  edit->add_option("BATCH", o->batch, "Numéro ou identifiant du lot")->required();
  edit->add_option("COMMANDE", o->order, "N° de commande FNAC ou identifiant du document")
      ->required();
  edit->add_option("--date", o->date, "Date de la commande (AAAA-MM-JJ ou JJ/MM/AAAA)");
  edit->add_option("--nom", o->last_name, "Nom de l'acheteur");
  edit->add_option("--prenom", o->first_name, "Prénom de l'acheteur");
  edit->add_option("--societe", o->company, "Société de l'acheteur");
  edit->add_option("--email", o->email, "Courriel de l'acheteur");
  edit->add_option("--payment-mode", o->payment_mode, "Mode de paiement (ex. virement, carte)");
  edit->add_option("--series", o->series, "Série de numérotation de la facture");
  edit->add_option("--shipping", o->shipping, "Facturer le port : oui ou non");
  AddJsonFlag(edit, &o->json);
  session.OnRun(edit, [&session, o] { return RunEdit(session.client(), *o); });
}

}  // namespace factflow::cli
