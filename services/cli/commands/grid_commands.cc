// factflowctl grid edit (UpdateDocument: one order of the control grid), grid check --filter
// (SetDocumentsChecked by filter) and grid map (MapUnmappedArticle), issue 7.

#include <fmt/core.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/imports.h"
#include "format.h"

namespace factflow::cli {
namespace {

using importer::v1::GridDocument;
using importer::v1::GridFilter;
using importer::v1::ImporterService;

struct FilterOptions {
  std::string batch;
  std::string validity;  // valides | invalides
  std::string mapping;   // associes | non-associes
  std::string date_from;
  std::string date_to;
  std::string text;
  std::string checked;  // cochees | non-cochees
  bool uncheck = false;
};

struct EditOptions {
  std::string batch;
  std::string document;
  std::string date;
  std::string payment_mode;
  std::string series;
  std::string shipping;
  std::string last_name;
  std::string first_name;
  std::string company;
  std::string email;
  std::vector<std::string> rows;  // SOURCE_ROW:champ=valeur
  bool json = false;
};

absl::StatusOr<GridFilter> FilterFromOptions(const FilterOptions& o) {
  GridFilter filter;
  const std::string validity = absl::AsciiStrToLower(o.validity);
  if (validity == "valides") {
    filter.set_validity(GridFilter::VALIDITY_VALID);
  } else if (validity == "invalides") {
    filter.set_validity(GridFilter::VALIDITY_INVALID);
  } else if (!validity.empty()) {
    return absl::InvalidArgumentError("--validity : valides ou invalides");
  }
  const std::string mapping = absl::AsciiStrToLower(o.mapping);
  if (mapping == "associes") {
    filter.set_mapping_status(importer::v1::MAPPING_STATUS_MAPPED);
  } else if (mapping == "non-associes") {
    filter.set_mapping_status(importer::v1::MAPPING_STATUS_UNMAPPED);
  } else if (!mapping.empty()) {
    return absl::InvalidArgumentError("--mapping : associes ou non-associes");
  }
  const std::string checked = absl::AsciiStrToLower(o.checked);
  if (checked == "cochees") {
    filter.set_checked(GridFilter::CHECKED_ONLY);
  } else if (checked == "non-cochees") {
    filter.set_checked(GridFilter::UNCHECKED_ONLY);
  } else if (!checked.empty()) {
    return absl::InvalidArgumentError("--checked : cochees ou non-cochees");
  }
  filter.set_date_from(o.date_from);
  filter.set_date_to(o.date_to);
  filter.set_text(o.text);
  return filter;
}

absl::Status RunCheckByFilter(Client& client, const FilterOptions& options) {
  absl::StatusOr<GridFilter> filter = FilterFromOptions(options);
  if (!filter.ok()) return filter.status();
  absl::StatusOr<importer::v1::Batch> batch = ResolveBatch(client, options.batch);
  if (!batch.ok()) return batch.status();
  importer::v1::SetDocumentsCheckedRequest request;
  request.set_batch_id(batch->batch_id());
  request.set_by_filter(true);
  *request.mutable_filter() = *filter;
  request.set_checked(!options.uncheck);
  importer::v1::SetDocumentsCheckedResponse response;
  absl::Status status = client.Call(&ImporterService::Stub::SetDocumentsChecked, request, &response);
  if (!status.ok()) return status;
  fmt::print("{} ; {} dans le lot n° {}.\n",
             Count(response.changed(), options.uncheck ? "commande décochée" : "commande cochée",
                   options.uncheck ? "commandes décochées" : "commandes cochées"),
             Count(response.checked_document_count(), "commande cochée", "commandes cochées"),
             batch->batch_number());
  return absl::OkStatus();
}

// The order `ref` (document id or order number) of the batch, found through the grid's text
// search rather than by reading every page.
absl::StatusOr<GridDocument> FindDocument(Client& client, const std::string& batch_id,
                                          const std::string& ref) {
  importer::v1::ListGridDocumentsRequest request;
  request.set_batch_id(batch_id);
  request.mutable_filter()->set_text(ref);
  importer::v1::ListGridDocumentsResponse found;
  absl::Status status = client.CallAllPages(&ImporterService::Stub::ListGridDocuments, request,
                                            &found);
  if (!status.ok()) return status;
  for (const GridDocument& document : found.documents()) {
    if (document.external_id() == ref || document.document_id() == ref) return document;
  }
  // A document id is not part of the text search: read the batch once.
  request.clear_filter();
  found.Clear();
  status = client.CallAllPages(&ImporterService::Stub::ListGridDocuments, request, &found);
  if (!status.ok()) return status;
  for (const GridDocument& document : found.documents()) {
    if (document.document_id() == ref) return document;
  }
  return absl::NotFoundError(
      absl::StrCat("aucune commande « ", ref, " » dans ce lot (n° de commande ou identifiant)"));
}

// "SOURCE_ROW:champ=valeur" on the row of that file line.
absl::Status ApplyRowEdit(GridDocument& document, const std::string& spec) {
  size_t colon = spec.find(':');
  size_t equal = spec.find('=', colon == std::string::npos ? 0 : colon);
  int source_row = 0;
  if (colon == std::string::npos || equal == std::string::npos ||
      !absl::SimpleAtoi(spec.substr(0, colon), &source_row)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--row : « ", spec, " » attendu LIGNE:champ=valeur, par exemple 12:quantity=2"));
  }
  const std::string field = spec.substr(colon + 1, equal - colon - 1);
  const std::string value = spec.substr(equal + 1);
  for (auto& row : *document.mutable_rows()) {
    if (row.source_row() != source_row) continue;
    if (field == "label") {
      row.set_label(value);
    } else if (field == "quantity") {
      row.mutable_quantity()->set_value(value);
    } else if (field == "unit_price_incl_vat") {
      row.mutable_unit_price_incl_vat()->set_value(value);
    } else if (field == "shipping_incl_vat") {
      row.mutable_shipping_incl_vat()->set_value(value);
    } else if (field == "vat_rate") {
      row.mutable_vat_rate()->set_value(value);
    } else if (field == "seller_sku") {
      row.set_seller_sku(value);
    } else if (field == "ean") {
      row.set_ean(value);
    } else if (field == "article_code") {
      row.set_article_code(value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--row : champ « ", field, " » inconnu (label, quantity, unit_price_incl_vat, "
          "shipping_incl_vat, vat_rate, seller_sku, ean, article_code)"));
    }
    return absl::OkStatus();
  }
  return absl::NotFoundError(
      absl::StrCat("--row : la commande n'a pas de ligne ", source_row, " du fichier"));
}

absl::Status RunEdit(Client& client, const EditOptions& o) {
  absl::StatusOr<importer::v1::Batch> batch = ResolveBatch(client, o.batch);
  if (!batch.ok()) return batch.status();
  absl::StatusOr<GridDocument> document = FindDocument(client, batch->batch_id(), o.document);
  if (!document.ok()) return document.status();
  GridDocument edit = *document;
  if (!o.date.empty()) edit.set_document_date(o.date);
  if (!o.payment_mode.empty()) edit.set_payment_mode(o.payment_mode);
  if (!o.series.empty()) edit.set_series_code(o.series);
  if (!o.shipping.empty()) {
    const std::string shipping = absl::AsciiStrToLower(o.shipping);
    if (shipping != "oui" && shipping != "non") {
      return absl::InvalidArgumentError("--shipping : oui ou non");
    }
    edit.set_invoice_shipping(shipping == "oui");
  }
  if (!o.last_name.empty()) edit.mutable_buyer()->set_last_name(o.last_name);
  if (!o.first_name.empty()) edit.mutable_buyer()->set_first_name(o.first_name);
  if (!o.company.empty()) edit.mutable_buyer()->set_company(o.company);
  if (!o.email.empty()) edit.mutable_buyer()->set_email(o.email);
  for (const std::string& spec : o.rows) {
    if (absl::Status status = ApplyRowEdit(edit, spec); !status.ok()) return status;
  }
  importer::v1::UpdateDocumentRequest request;
  *request.mutable_document() = edit;
  GridDocument updated;
  absl::Status status = client.Call(&ImporterService::Stub::UpdateDocument, request, &updated);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(updated);
    return absl::OkStatus();
  }
  fmt::print("Commande {} enregistrée : {}{}, total TTC {}.\n", updated.external_id(),
             updated.valid() ? "valide" : "toujours invalide",
             updated.checked() ? ", cochée" : "", FormatAmount(updated.total_incl_vat()));
  auto print = [](const importer::v1::Issue& issue) {
    fmt::print("  {}\n", FormatIssue(issue));
  };
  for (const auto& issue : updated.issues()) print(issue);
  for (const auto& row : updated.rows()) {
    for (const auto& issue : row.issues()) print(issue);
  }
  return absl::OkStatus();
}

struct MapOptions {
  std::string batch;
  std::string external_code;
  std::string article;
  bool json = false;
};

absl::Status RunMap(Client& client, const MapOptions& o) {
  absl::StatusOr<importer::v1::Batch> batch = ResolveBatch(client, o.batch);
  if (!batch.ok()) return batch.status();
  importer::v1::MapUnmappedArticleRequest request;
  request.set_batch_id(batch->batch_id());
  request.set_external_code(o.external_code);
  request.set_article_code(o.article);
  importer::v1::MapUnmappedArticleResponse response;
  absl::Status status = client.Call(&ImporterService::Stub::MapUnmappedArticle, request, &response);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  fmt::print("« {} » associé à l'article {} (TVA {}){} : {} dans {}.\n", o.external_code,
             response.article_code(), FormatRate(response.vat_rate()),
             response.correspondence_changed() ? ", correspondance enregistrée" : "",
             Count(response.changed_rows(), "ligne", "lignes"),
             Count(response.changed_documents(), "commande", "commandes"));
  return absl::OkStatus();
}

}  // namespace

void AddGridVerbCommands(CLI::App& app, Session& session) {
  // Registered as grid-check and grid-edit; ApplyNounVerbGrammar (grammar.cc) makes them the
  // `check` and `edit` verbs of `grid`, beside `show` (the listing).
  CLI::App* grid = &app;
  auto f = std::make_shared<FilterOptions>();
  CLI::App* check = grid->add_subcommand(
      "grid-check", "Coche (ou décoche) les commandes qui répondent au filtre, commande par commande");
  check->add_option("BATCH", f->batch, "Numéro ou identifiant du lot")->required();
  check->add_option("--validity", f->validity, "valides ou invalides");
  check->add_option("--mapping", f->mapping, "associes ou non-associes (taux par défaut appliqué)");
  check->add_option("--from", f->date_from, "Date de commande minimale (jj/mm/aaaa)");
  check->add_option("--to", f->date_to, "Date de commande maximale (jj/mm/aaaa)");
  check->add_option("--text", f->text, "Texte cherché (commande, acheteur, article…)");
  check->add_option("--checked", f->checked, "cochees ou non-cochees");
  check->add_flag("--uncheck", f->uncheck, "Décoche au lieu de cocher");
  session.OnRun(check, [&session, f] { return RunCheckByFilter(session.client(), *f); });

  auto e = std::make_shared<EditOptions>();
  CLI::App* edit = grid->add_subcommand(
      "grid-edit", "Modifie une commande de la grille ; elle est revalidée (une commande corrigée "
              "devient cochable)");
  edit->add_option("BATCH", e->batch, "Numéro ou identifiant du lot")->required();
  edit->add_option("ORDER", e->document, "N° de commande ou identifiant du document")
      ->required();
  edit->add_option("--date", e->date, "Date de la facture (jj/mm/aaaa)");
  edit->add_option("--payment-mode", e->payment_mode, "Mode de paiement");
  edit->add_option("--series", e->series, "Série de numérotation");
  edit->add_option("--shipping", e->shipping, "Facturer les frais de port : oui ou non");
  edit->add_option("--last-name", e->last_name, "Nom de l'acheteur");
  edit->add_option("--first-name", e->first_name, "Prénom de l'acheteur");
  edit->add_option("--company", e->company, "Société de l'acheteur");
  edit->add_option("--email", e->email, "E-mail de l'acheteur");
  edit->add_option("--row", e->rows,
                   "LIGNE:champ=valeur sur la ligne du fichier LIGNE, répétable (label, quantity, "
                   "unit_price_incl_vat, shipping_incl_vat, vat_rate, seller_sku, ean, "
                   "article_code)");
  AddJsonFlag(edit, &e->json);
  session.OnRun(edit, [&session, e] { return RunEdit(session.client(), *e); });

  auto m = std::make_shared<MapOptions>();
  CLI::App* map = grid->add_subcommand(
      "grid-map", "Associe un code du fichier (SKU ou EAN) sans correspondance (taux par défaut "
                  "appliqué) à un article : correspondance enregistrée et lignes du lot mises à "
                  "jour");
  map->add_option("BATCH", m->batch, "Numéro ou identifiant du lot")->required();
  map->add_option("CODE", m->external_code, "SKU ou EAN tel qu'il figure dans le fichier")
      ->required();
  map->add_option("ARTICLE", m->article, "Code de l'article du catalogue")->required();
  AddJsonFlag(map, &m->json);
  session.OnRun(map, [&session, m] { return RunMap(session.client(), *m); });

}

}  // namespace factflow::cli
