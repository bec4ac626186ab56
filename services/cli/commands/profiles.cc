// factflowctl profiles list | show | set | delete (tenant import profiles, issue 7) and
// factflowctl tenant deactivate-format.

#include <fmt/core.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "commands/commands.h"
#include "commands/tenant.h"
#include "format.h"
#include "output.h"

namespace factflow::cli {
namespace {

using importer::v1::ImporterService;
using importer::v1::ImportProfile;

constexpr std::string_view kProfilePrefix = "profil:";

struct SetOptions {
  std::string name;
  std::string file;
  std::string kind;
  std::vector<std::string> columns;
  std::string group_by;
  std::string date_order;
  std::string decimal_mark;
  std::vector<std::string> defaults;
  std::string separator;
  bool json = false;
};

// "FIELD=HEADER" or "FIELD=HEADER|ALIAS|ALIAS" (a header may hold commas, rarely '|').
absl::StatusOr<importer::v1::ProfileColumn> ParseColumn(const std::string& spec) {
  size_t equal = spec.find('=');
  if (equal == std::string::npos || equal == 0 || equal + 1 == spec.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--column : « ", spec, " » attendu CHAMP=EN-TÊTE[|ALIAS…], par exemple "
        "order_id=amazon-order-id"));
  }
  importer::v1::ProfileColumn column;
  column.set_field(spec.substr(0, equal));
  std::vector<std::string> headers = absl::StrSplit(spec.substr(equal + 1), '|');
  column.set_header(headers.front());
  for (size_t i = 1; i < headers.size(); ++i) column.add_aliases(headers[i]);
  return column;
}

absl::StatusOr<ImportProfile> ProfileFromOptions(const SetOptions& o) {
  ImportProfile profile;
  if (!o.file.empty()) {
    std::ifstream in(o.file);
    if (!in) {
      return absl::NotFoundError(absl::StrCat("--file : impossible de lire « ", o.file, " »"));
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = google::protobuf::util::JsonStringToMessage(text.str(), &profile);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--file : « ", o.file, " » n'est pas un profil JSON valide (", parsed.ToString(), ")"));
    }
  }
  profile.set_name(o.name);
  if (!o.kind.empty()) profile.set_kind(o.kind);
  if (!o.group_by.empty()) profile.set_group_by(o.group_by);
  if (!o.date_order.empty()) profile.set_date_order(o.date_order);
  if (!o.decimal_mark.empty()) profile.set_decimal_mark(o.decimal_mark);
  if (!o.separator.empty()) profile.set_separator(o.separator);
  for (const std::string& spec : o.columns) {
    absl::StatusOr<importer::v1::ProfileColumn> column = ParseColumn(spec);
    if (!column.ok()) return column.status();
    *profile.add_columns() = *std::move(column);
  }
  for (const std::string& spec : o.defaults) {
    size_t equal = spec.find('=');
    if (equal == std::string::npos || equal == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--default : « ", spec, " » attendu CHAMP=VALEUR, par exemple delivery_country=France"));
    }
    (*profile.mutable_defaults())[spec.substr(0, equal)] = spec.substr(equal + 1);
  }
  return profile;
}

std::string Describe(const ImportProfile& p) {
  std::string out = FormatFields({
      {"Profil", p.name()},
      {"Format à activer", p.format()},
      {"Type de fichier", p.kind()},
      {"Regroupement (en-tête)", p.group_by()},
      {"Dates", p.date_order()},
      {"Décimales", p.decimal_mark()},
      {"Séparateur", p.separator().empty() ? "détecté" : p.separator()},
      {"Modifié le", FormatTimestamp(p.updated_at(), absl::LocalTimeZone())},
      {"Par", p.updated_by()},
  });
  if (p.columns_size() > 0) {
    Table table({{"Champ"}, {"En-tête"}, {"Alias"}});
    for (const auto& column : p.columns()) {
      table.AddRow({column.field(), column.header(), absl::StrJoin(column.aliases(), " | ")});
    }
    absl::StrAppend(&out, "\nColonnes (les autres champs gardent leur en-tête français) :\n",
                    table.Render());
  }
  if (p.defaults_size() > 0) {
    Table table({{"Champ"}, {"Valeur par défaut"}});
    std::map<std::string, std::string> sorted(p.defaults().begin(), p.defaults().end());
    for (const auto& [field, value] : sorted) table.AddRow({field, value});
    absl::StrAppend(&out, "\n", table.Render());
  }
  return out;
}

absl::Status RunList(Client& client, bool json) {
  importer::v1::ListImportProfilesResponse all;
  absl::Status status = client.Call(&ImporterService::Stub::ListImportProfiles,
                                    importer::v1::ListImportProfilesRequest(), &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  const bool wide = CurrentOutputFormat() == OutputFormat::kWide;
  std::vector<Table::Column> columns = {{"Profil"}, {"Format"}, {"Type"}, {"Colonnes"}};
  if (wide) columns.insert(columns.end(), {{"Dates"}, {"Décimales"}, {"Modifié le"}, {"Par"}});
  Table table(columns);
  for (const ImportProfile& p : all.profiles()) {
    std::vector<std::string> row = {p.name(), p.format(), p.kind(),
                                    absl::StrCat(p.columns_size())};
    if (wide) {
      row.insert(row.end(), {p.date_order(), p.decimal_mark(),
                             FormatTimestamp(p.updated_at(), absl::LocalTimeZone()),
                             p.updated_by()});
    }
    table.AddRow(std::move(row));
  }
  fmt::print("{}{}\n", table.Render(),
             Count(all.profiles_size(), "profil d'import", "profils d'import"));
  return absl::OkStatus();
}

absl::Status RunShow(Client& client, const std::string& name, bool json) {
  importer::v1::GetImportProfileRequest request;
  request.set_name(name);
  ImportProfile profile;
  absl::Status status = client.Call(&ImporterService::Stub::GetImportProfile, request, &profile);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(profile);
  } else {
    fmt::print("{}", Describe(profile));
  }
  return absl::OkStatus();
}

absl::Status RunSet(Client& client, const SetOptions& options) {
  absl::StatusOr<ImportProfile> request = ProfileFromOptions(options);
  if (!request.ok()) return request.status();
  ImportProfile saved;
  absl::Status status = client.Call(&ImporterService::Stub::SaveImportProfile, *request, &saved);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(saved);
    return absl::OkStatus();
  }
  fmt::print("Profil d'import « {} » enregistré ; activez-le avec factflowctl tenant "
             "activate-format {}\n{}",
             saved.name(), saved.format(), Describe(saved));
  return absl::OkStatus();
}

absl::Status RunDelete(Client& client, const std::string& name) {
  importer::v1::DeleteImportProfileRequest request;
  request.set_name(name);
  importer::v1::DeleteImportProfileResponse response;
  absl::Status status =
      client.Call(&ImporterService::Stub::DeleteImportProfile, request, &response);
  if (!status.ok()) return status;
  fmt::print("Profil d'import « {} » supprimé.\n", name);
  return absl::OkStatus();
}

absl::Status RunDeactivateFormat(Client& client, const std::string& format) {
  absl::StatusOr<invoicing::v1::Tenant> tenant = GetTenant(client);
  if (!tenant.ok()) return tenant.status();
  auto* formats = tenant->mutable_activated_import_formats();
  auto it = std::find(formats->begin(), formats->end(), format);
  if (it == formats->end()) {
    fmt::print("Format d'import « {} » déjà inactif pour le dossier « {} ».\n", format,
               tenant->company().name());
    return absl::OkStatus();
  }
  formats->erase(it);
  invoicing::v1::Tenant updated;
  absl::Status status =
      client.Call(&invoicing::v1::TenantService::Stub::UpdateTenant, *tenant, &updated);
  if (!status.ok()) return status;
  fmt::print("Format d'import « {} » désactivé pour le dossier « {} ».\n", format,
             updated.company().name());
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckProfileFormatExists(Client& client, const std::string& format) {
  if (format.substr(0, kProfilePrefix.size()) != kProfilePrefix) return absl::OkStatus();
  importer::v1::GetImportProfileRequest request;
  request.set_name(format.substr(kProfilePrefix.size()));
  ImportProfile profile;
  absl::Status status = client.Call(&ImporterService::Stub::GetImportProfile, request, &profile);
  if (status.code() == absl::StatusCode::kNotFound) {
    return absl::FailedPreconditionError(absl::StrCat(
        "le profil d'import « ", request.name(), " » n'existe pas : créez-le d'abord "
        "(factflowctl profiles set ", request.name(), " --column …)"));
  }
  return status;
}

void AddProfileCommands(CLI::App& app, Session& session) {
  CLI::App* profiles = app.add_subcommand(
      "profiles",
      "Profils d'import du dossier (CSV ou xlsx d'autres places de marché) ; ex. factflowctl "
      "profiles set amazon --column order_id=amazon-order-id");
  profiles->alias("profile");
  profiles->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = profiles->add_subcommand("list", "Liste les profils d'import du dossier");
  AddJsonFlag(list, list_json.get());
  session.OnRun(list, [&session, list_json] { return RunList(session.client(), *list_json); });

  auto show_name = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  CLI::App* show = profiles->add_subcommand("show", "Affiche un profil d'import");
  show->add_option("NAME", *show_name, "Nom du profil")->required();
  AddJsonFlag(show, show_json.get());
  session.OnRun(show, [&session, show_name, show_json] {
    return RunShow(session.client(), *show_name, *show_json);
  });

  auto o = std::make_shared<SetOptions>();
  CLI::App* set = profiles->add_subcommand(
      "set", "Crée ou remplace un profil d'import (le profil entier : les options non données "
             "prennent leur valeur par défaut)");
  set->add_option("NAME", o->name, "Nom du profil : a-z, 0-9 et '-' (ex. amazon)")->required();
  set->add_option("--file", o->file,
                  "Profil au format JSON (mêmes champs que factflowctl profiles show -o json) ; "
                  "les autres options le complètent");
  set->add_option("--kind", o->kind, "Type de fichier : csv (défaut) ou xlsx");
  set->add_option("--column", o->columns,
                  "CHAMP=EN-TÊTE[|ALIAS…], répétable (champs : order_id, order_date, seller_sku, "
                  "ean, label, quantity, unit_price_incl_vat, shipping_incl_vat, last_name, "
                  "company, email, billing_*, delivery_*, status…)");
  set->add_option("--group-by", o->group_by,
                  "En-tête de la colonne qui regroupe les lignes en une facture (la commande)");
  set->add_option("--date-order", o->date_order, "jj/mm/aaaa (défaut) ou mm/jj/aaaa");
  set->add_option("--decimal", o->decimal_mark, "Séparateur décimal : auto (défaut), virgule "
                                                "ou point");
  set->add_option("--default", o->defaults,
                  "CHAMP=VALEUR quand la colonne manque ou la cellule est vide, répétable");
  set->add_option("--separator", o->separator, "CSV : « ; », « , » ou tab (défaut : détecté)");
  AddJsonFlag(set, &o->json);
  session.OnRun(set, [&session, o] { return RunSet(session.client(), *o); });

  auto delete_name = std::make_shared<std::string>();
  CLI::App* remove = profiles->add_subcommand(
      "delete", "Supprime un profil d'import (désactivez d'abord son format)");
  remove->add_option("NAME", *delete_name, "Nom du profil")->required();
  session.OnRun(remove,
                [&session, delete_name] { return RunDelete(session.client(), *delete_name); });

  for (CLI::App* tenant : app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "tenant"; })) {
    auto format = std::make_shared<std::string>();
    CLI::App* deactivate = tenant->add_subcommand(
        "deactivate-format", "Désactive un format d'import (Paramètres / Format d'import)");
    deactivate->add_option("FORMAT", *format, "fnac-orders-xlsx ou profil:<nom>")->required();
    session.OnRun(deactivate,
                  [&session, format] { return RunDeactivateFormat(session.client(), *format); });
  }
}

}  // namespace factflow::cli
