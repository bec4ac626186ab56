// factflowctl preferences show | set (the tenant's import preferences per format) and apply (the
// control grid's calculator: one value on one column of every checked order).

#include <fmt/core.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/imports.h"
#include "format.h"
#include "money/decimal.h"

namespace factflow::cli {

using importer::v1::ImporterService;
using importer::v1::ImportPreferences;

absl::StatusOr<ImportPreferences> PreferencesFromOptions(const UploadOptions& options) {
  ImportPreferences preferences;
  preferences.set_format(options.format);
  preferences.set_series_code(options.series);
  preferences.set_invoice_template(options.invoice_template);
  preferences.set_payment_mode(options.payment_mode);
  preferences.set_initial_send_state(options.send_state);
  if (!options.vat_rate.empty()) {
    auto rate = money::Decimal::ParseLenient(options.vat_rate);
    if (!rate) {
      return absl::InvalidArgumentError(
          absl::StrCat("--vat-rate : « ", options.vat_rate, " » n'est pas un taux (ex. 20 ou 5,5)"));
    }
    preferences.mutable_default_vat_rate()->set_value(rate->ToString(2));
  }
  if (!options.shipping.empty()) {
    std::string shipping = absl::AsciiStrToLower(options.shipping);
    if (shipping != "oui" && shipping != "non") {
      return absl::InvalidArgumentError(
          absl::StrCat("--shipping : « ", options.shipping, " » attendu : oui ou non"));
    }
    preferences.set_invoice_shipping(shipping == "oui");
  }
  return preferences;
}

void AddPreferenceOptions(CLI::App* command, UploadOptions& options) {
  command->add_option("--template", options.invoice_template, "Modèle de facture");
  command->add_option("--vat-rate", options.vat_rate,
                      "Taux de TVA par défaut des articles sans correspondance (ex. 20, 5,5)");
  command->add_option("--payment-mode", options.payment_mode, "Mode de paiement");
  command->add_option("--send-state", options.send_state,
                      "État d'envoi initial des factures : EN_ATTENTE ou PRET");
  command->add_option("--shipping", options.shipping, "Facturer les frais de port : oui ou non");
}

namespace {

std::string YesNo(bool value) { return value ? "oui" : "non"; }

void PrintPreferences(const ImportPreferences& preferences) {
  Table table({{"Préférence"}, {"Valeur"}});
  table.AddRow({"Format", preferences.format()});
  table.AddRow({"Modèle de facture", preferences.invoice_template()});
  table.AddRow({"Série", preferences.series_code()});
  table.AddRow({"Taux de TVA par défaut", preferences.default_vat_rate().value()});
  table.AddRow({"Mode de paiement", preferences.payment_mode()});
  table.AddRow({"État d'envoi initial", preferences.initial_send_state()});
  table.AddRow({"Frais de port facturés", YesNo(!preferences.has_invoice_shipping() ||
                                                preferences.invoice_shipping())});
  fmt::print("{}", table.Render());
}

struct ShowOptions {
  std::string format = "fnac-orders-xlsx";
  bool json = false;
};

struct ApplyOptions {
  std::string batch;
  std::string column;
  std::string value;
  bool correspondence = false;
  bool json = false;
};

absl::Status RunApply(Client& client, const ApplyOptions& options) {
  absl::StatusOr<importer::v1::Batch> batch = ResolveBatch(client, options.batch);
  if (!batch.ok()) return batch.status();
  importer::v1::ApplyColumnValueRequest request;
  request.set_batch_id(batch->batch_id());
  request.set_column(options.column);
  request.set_value(options.value);
  request.set_create_correspondence(options.correspondence);
  importer::v1::ApplyColumnValueResponse response;
  absl::Status status = client.Call(&ImporterService::Stub::ApplyColumnValue, request, &response);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  fmt::print("Lot n° {} : « {} » = « {} » appliqué à {} commande(s), {} ligne(s)\n",
             batch->batch_number(), options.column, options.value, response.changed_documents(),
             response.changed_rows());
  if (response.correspondences_created() > 0) {
    fmt::print("{} correspondance(s) d'articles enregistrée(s)\n",
               response.correspondences_created());
  }
  if (response.refused_count() > 0) {
    fmt::print("{} commande(s) refusée(s) :\n", response.refused_count());
    for (const auto& refused : response.refused()) fmt::print("  {}\n", refused.reason());
    if (response.refused_size() < response.refused_count()) {
      fmt::print("  … et {} autre(s)\n", response.refused_count() - response.refused_size());
    }
  }
  return absl::OkStatus();
}

}  // namespace

void AddGridEditCommands(CLI::App& app, Session& session) {
  CLI::App* preferences =
      app.add_subcommand("preferences", "Préférences d'import du dossier, par format");
  preferences->require_subcommand(1);

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = preferences->add_subcommand("show", "Affiche les préférences d'un format");
  show->add_option("--format", show_options->format, "Format d'import")->capture_default_str();
  AddJsonFlag(show, &show_options->json);
  session.OnRun(show, [&session, show_options]() -> absl::Status {
    importer::v1::GetPreferencesRequest request;
    request.set_format(show_options->format);
    ImportPreferences response;
    absl::Status status =
        session.client().Call(&ImporterService::Stub::GetPreferences, request, &response);
    if (!status.ok()) return status;
    if (show_options->json) {
      PrintJson(response);
    } else {
      PrintPreferences(response);
    }
    return absl::OkStatus();
  });

  auto set_options = std::make_shared<UploadOptions>();
  CLI::App* set = preferences->add_subcommand(
      "set", "Enregistre des préférences (les options non données restent inchangées)");
  set->add_option("--format", set_options->format, "Format d'import")->capture_default_str();
  set->add_option("--series", set_options->series, "Série de numérotation des factures");
  AddPreferenceOptions(set, *set_options);
  session.OnRun(set, [&session, set_options]() -> absl::Status {
    absl::StatusOr<ImportPreferences> request = PreferencesFromOptions(*set_options);
    if (!request.ok()) return request.status();
    ImportPreferences response;
    absl::Status status =
        session.client().Call(&ImporterService::Stub::SavePreferences, *request, &response);
    if (!status.ok()) return status;
    fmt::print("Préférences enregistrées :\n");
    PrintPreferences(response);
    return absl::OkStatus();
  });

  auto apply_options = std::make_shared<ApplyOptions>();
  CLI::App* apply = app.add_subcommand(
      "apply", "Calculatrice de la grille : une valeur dans une colonne de toutes les commandes "
               "cochées");
  apply->add_option("BATCH", apply_options->batch, "Numéro ou identifiant du lot")->required();
  apply->add_option("COLUMN", apply_options->column,
                    "vat_rate, payment_mode, article_code, document_date, label, series_code ou "
                    "invoice_shipping")
      ->required();
  apply->add_option("VALUE", apply_options->value, "La valeur")->required();
  apply->add_flag("--correspondence", apply_options->correspondence,
                  "Avec article_code : enregistre aussi la correspondance des articles non "
                  "reconnus");
  AddJsonFlag(apply, &apply_options->json);
  session.OnRun(apply,
                [&session, apply_options] { return RunApply(session.client(), *apply_options); });
  AddGridDocumentEditCommand(app, session);
}

}  // namespace factflow::cli
