// factflowctl tenant create | show | activate-format (settings: tenant_settings.cc).

#include "commands/tenant.h"

#include <fmt/core.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "demo_tenant.h"
#include "format.h"
#include "parse.h"

namespace factflow::cli {
namespace {

using invoicing::v1::Tenant;
using invoicing::v1::TenantService;

struct CreateOptions {
  bool demo = false;
  std::string name;
  std::string legal_form;
  std::string share_capital;
  std::string registration;
  std::string siren;
  std::string siret;
  std::string vat;
  std::string address_line;
  std::string postal_code;
  std::string city;
  std::string country;
  std::string email;
  std::string iban;
  std::string bic;
  std::vector<std::string> series;
  std::vector<std::string> activate;
  bool json = false;
};

void SetIfGiven(const std::string& value, std::string* field) {
  if (!value.empty()) *field = value;
}

void AddFormat(Tenant& tenant, const std::string& format) {
  const auto& formats = tenant.activated_import_formats();
  if (std::find(formats.begin(), formats.end(), format) == formats.end()) {
    tenant.add_activated_import_formats(format);
  }
}

// The demo company (or an empty one), then every option given on the command line over it.
Tenant TenantFromOptions(const CreateOptions& options) {
  Tenant tenant = options.demo ? DemoTenant(CurrentYear()) : Tenant();
  invoicing::v1::CompanyIdentity& company = *tenant.mutable_company();
  SetIfGiven(options.name, company.mutable_name());
  SetIfGiven(options.legal_form, company.mutable_legal_form());
  SetIfGiven(options.share_capital, company.mutable_share_capital());
  SetIfGiven(options.registration, company.mutable_registration());
  SetIfGiven(options.siren, company.mutable_siren());
  SetIfGiven(options.siret, company.mutable_siret());
  SetIfGiven(options.vat, company.mutable_vat_number());
  SetIfGiven(options.email, company.mutable_email());
  SetIfGiven(options.iban, company.mutable_iban());
  SetIfGiven(options.bic, company.mutable_bic());
  common::v1::PostalAddress& address = *company.mutable_address();
  SetIfGiven(options.address_line, address.mutable_line1());
  SetIfGiven(options.postal_code, address.mutable_postal_code());
  SetIfGiven(options.city, address.mutable_city());
  SetIfGiven(options.country, address.mutable_country_code());
  if (address.country_code().empty()) address.set_country_code("FR");

  if (!options.series.empty()) {
    tenant.clear_series();
    for (const std::string& spec : options.series) {
      absl::StatusOr<invoicing::v1::NumberingSeries> series = ParseSeriesSpec(spec);
      if (!series.ok()) ThrowUsageError("--series", std::string(series.status().message()));
      *tenant.add_series() = *std::move(series);
    }
  } else if (tenant.series().empty()) {
    for (auto& series : DefaultSeries(CurrentYear())) *tenant.add_series() = std::move(series);
  }
  for (const std::string& format : options.activate) AddFormat(tenant, format);
  return tenant;
}

absl::Status RunCreate(Session& session, const CreateOptions& options) {
  if (!options.demo && options.name.empty()) {
    ThrowUsageError("--name", "la raison sociale est obligatoire (ou --demo)");
  }
  Tenant tenant = TenantFromOptions(options);
  absl::StatusOr<Tenant> created = CreateTenant(session.client(), tenant);
  if (!created.ok()) return created.status();
  if (options.json) {
    PrintJson(*created);
  } else {
    fmt::print("Dossier « {} » créé (identifiant : {}).\n\n{}", created->company().name(),
               created->tenant_id(), DescribeTenant(*created));
  }
  return absl::OkStatus();
}

absl::Status RunShow(Client& client, bool json) {
  absl::StatusOr<Tenant> tenant = GetTenant(client);
  if (!tenant.ok()) return tenant.status();
  if (json) {
    PrintJson(*tenant);
  } else {
    fmt::print("{}", DescribeTenant(*tenant));
  }
  return absl::OkStatus();
}

absl::Status RunActivateFormat(Client& client, const std::string& format) {
  if (absl::Status profile = CheckProfileFormatExists(client, format); !profile.ok()) {
    return profile;
  }
  absl::StatusOr<Tenant> tenant = GetTenant(client);
  if (!tenant.ok()) return tenant.status();
  bool changed = false;
  absl::StatusOr<Tenant> updated = EnsureFormatActivated(client, *tenant, format, &changed);
  if (!updated.ok()) return updated.status();
  fmt::print("Format d'import « {} » {} pour le dossier « {} ».\n", format,
             changed ? "activé" : "déjà activé", updated->company().name());
  return absl::OkStatus();
}

std::string SeriesTable(const Tenant& tenant) {
  Table table(
      {{"Série"}, {"Type"}, {"Préfixe"}, {"Chiffres", Table::Align::kRight}, {"Prochain numéro"}});
  for (const auto& series : tenant.series()) {
    std::string next = absl::StrCat(series.prefix(), fmt::format("{:0>{}}", series.next_value(),
                                                                 std::max(series.padding(), 1)));
    table.AddRow({series.code(), series.document_kind() == "CREDIT_NOTE" ? "avoirs" : "factures",
                  series.prefix(), absl::StrCat(series.padding()), next});
  }
  return table.Render();
}

void AddCreateCommand(CLI::App& tenant_cmd, Session& session) {
  auto o = std::make_shared<CreateOptions>();
  CLI::App* cmd = tenant_cmd.add_subcommand(
      "create",
      "Crée le dossier du jeton (rôle admin) ; --demo remplit une société de démonstration");
  cmd->add_flag("--demo", o->demo,
                "Société de démonstration (Librairie du Marais, SAS, Paris 4e) ; les autres "
                "options la modifient");
  cmd->add_option("--name", o->name, "Raison sociale");
  cmd->add_option("--legal-form", o->legal_form, "Forme juridique (SAS, SARL, EI...)");
  cmd->add_option("--share-capital", o->share_capital, "Capital social (« 10 000 € »)");
  cmd->add_option("--registration", o->registration,
                  "Immatriculation (« RCS Paris 812 345 676 », « RM ... » ou « dispensé "
                  "d'immatriculation »)");
  cmd->add_option("--siren", o->siren, "SIREN (9 chiffres)");
  cmd->add_option("--siret", o->siret, "SIRET du siège (14 chiffres)");
  cmd->add_option("--vat", o->vat, "Numéro de TVA intracommunautaire (FR..)");
  cmd->add_option("--address-line", o->address_line, "Adresse (numéro et voie)");
  cmd->add_option("--postal-code", o->postal_code, "Code postal");
  cmd->add_option("--city", o->city, "Ville");
  cmd->add_option("--country", o->country, "Code pays ISO 3166 (défaut : FR)");
  cmd->add_option("--email", o->email, "E-mail de facturation");
  cmd->add_option("--iban", o->iban, "IBAN du compte de règlement");
  cmd->add_option("--bic", o->bic, "BIC");
  cmd->add_option("--series", o->series,
                  "Série de numérotation CODE:PRÉFIXE:CHIFFRES[:INVOICE|CREDIT_NOTE], répétable "
                  "(défaut : FA:FA<année>-:6 et AV:AV<année>-:6:CREDIT_NOTE)");
  cmd->add_option("--activate", o->activate, "Format d'import à activer, répétable");
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o] { return RunCreate(session, *o); });
}

}  // namespace

absl::StatusOr<Tenant> GetTenant(Client& client) {
  Tenant tenant;
  absl::Status status =
      client.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(), &tenant);
  if (!status.ok()) return status;
  return tenant;
}

absl::StatusOr<Tenant> CreateTenant(Client& client, Tenant tenant) {
  if (tenant.tenant_id().empty()) tenant.set_tenant_id(client.MintedTenant());
  Tenant created;
  absl::Status status = client.Call(&TenantService::Stub::CreateTenant, tenant, &created);
  if (!status.ok()) return status;
  return created;
}

absl::StatusOr<Tenant> EnsureFormatActivated(Client& client, Tenant tenant,
                                             const std::string& format, bool* changed) {
  int before = tenant.activated_import_formats_size();
  AddFormat(tenant, format);
  *changed = tenant.activated_import_formats_size() != before;
  if (!*changed) return tenant;
  Tenant updated;
  absl::Status status = client.Call(&TenantService::Stub::UpdateTenant, tenant, &updated);
  if (!status.ok()) return status;
  return updated;
}

int CurrentYear() { return absl::ToCivilYear(absl::Now(), absl::LocalTimeZone()).year(); }

namespace {
std::string ZeroAmountLabel(invoicing::v1::ZeroAmountPolicy policy) {
  switch (policy) {
    case invoicing::v1::ZERO_AMOUNT_POLICY_REFUSE:
      return "refusées";
    case invoicing::v1::ZERO_AMOUNT_POLICY_KEEP_INTERNAL:
      return "conservées en interne";
    default:
      return "acceptées";
  }
}
}  // namespace

std::string DescribeTenant(const Tenant& tenant) {
  const auto& company = tenant.company();
  const auto& mentions = tenant.legal_mentions();
  std::string payment = mentions.payment_days() > 0
                            ? absl::StrCat(mentions.payment_days(), " jours",
                                           mentions.payment_end_of_month() ? " fin de mois" : "")
                            : "";
  std::string nightly = tenant.nightly_send_enabled()
                            ? absl::StrCat("oui (factures prêtes depuis ",
                                           tenant.days_before_nightly_send(), " jours)")
                            : "non";
  std::string out = FormatFields({
      {"Dossier", tenant.tenant_id()},
      {"Raison sociale", company.name()},
      {"Forme juridique", company.legal_form()},
      {"Capital social", company.share_capital()},
      {"Immatriculation", company.registration()},
      {"SIREN", company.siren()},
      {"SIRET", company.siret()},
      {"N° TVA", company.vat_number()},
      {"Adresse", FormatAddress(company.address())},
      {"E-mail", company.email()},
      {"Téléphone", company.phone()},
      {"IBAN", company.iban()},
      {"BIC", company.bic()},
      {"Formats d'import activés", absl::StrJoin(tenant.activated_import_formats(), ", ")},
      {"Archivage", YesNo(tenant.archiving_enabled())},
      {"Dématérialisation (portail)", YesNo(tenant.dematerialisation_enabled())},
      {"Dématérialisation (Chorus Pro)", YesNo(tenant.chorus_dematerialisation_enabled())},
      {"Envoi nocturne", nightly},
      {"Portail client", tenant.portal_url()},
      {"Pénalités de retard", mentions.late_penalty_rate()},
      {"Délai de paiement", payment},
      {"TVA non applicable (293 B)", mentions.vat_exempt_293b() ? "oui" : ""},
      {"Catégorie des opérations", mentions.operation_category()},
      {"TVA sur les débits", mentions.vat_on_debits() ? "oui" : ""},
      {"Ventes à distance UE au-delà du seuil (OSS)", mentions.oss_above_threshold() ? "oui" : ""},
      {"Mentions", mentions.extra_mentions()},
      {"Factures à montant nul", ZeroAmountLabel(tenant.zero_amount_policy())},
      {"Créé le", FormatTimestamp(tenant.created_at(), absl::LocalTimeZone())},
  });
  if (tenant.series_size() > 0) out += "\nSéries de numérotation :\n" + SeriesTable(tenant);
  return out;
}

void AddTenantCommands(CLI::App& app, Session& session) {
  CLI::App* tenant = app.add_subcommand("tenant", "Dossier (société) du jeton");
  tenant->require_subcommand(1);
  AddCreateCommand(*tenant, session);

  auto show_json = std::make_shared<bool>(false);
  CLI::App* show = tenant->add_subcommand("show", "Affiche les paramètres du dossier");
  AddJsonFlag(show, show_json.get());
  session.OnRun(show, [&session, show_json] { return RunShow(session.client(), *show_json); });

  auto format = std::make_shared<std::string>();
  CLI::App* activate = tenant->add_subcommand(
      "activate-format", "Active un format d'import (Paramètres / Format d'import)");
  activate->add_option("FORMAT", *format, "fnac-orders-xlsx ou un profil d'import du dossier, profil:<nom>")->required();
  session.OnRun(activate,
                [&session, format] { return RunActivateFormat(session.client(), *format); });
  AddTenantSettingsCommand(*tenant, session);
}

}  // namespace factflow::cli
