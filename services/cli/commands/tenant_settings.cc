// factflowctl tenant settings: the tenant's processing settings (seed 002 "Paramètres"), each a
// flag; only the flags given change (GetTenant, then UpdateTenant with the rest kept).
//
//   --archiving oui|non         archive the PDF of sent invoices
//   --nightly-send oui|non      the month-end nightly send
//   --days-before-send N        NB_JOURS_AVANT_ENVOI_FACTURES
//   --zero-amount accepter|refuser|conserver   what CreateInvoice does with a 0,00 € invoice
//
// The dematerialisation modes (portal, Chorus) have their own command on the chorus branch
// (`tenant dematerialisation --mode`), so they are not repeated here.

#include <fmt/core.h>

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/tenant.h"

namespace factflow::cli {
namespace {

using invoicing::v1::Tenant;
using invoicing::v1::TenantService;

struct SettingsOptions {
  std::string archiving;
  std::string nightly;
  std::optional<int> days_before;
  std::string zero_amount;
  bool json = false;
};

// "oui"/"non" (also yes/no, true/false, 1/0) -> the flag; unset stays unset.
void YesNoOption(const std::string& option, const std::string& value, bool* field) {
  if (value.empty()) return;
  std::string v = absl::AsciiStrToLower(value);
  if (v == "oui" || v == "yes" || v == "true" || v == "1") {
    *field = true;
  } else if (v == "non" || v == "no" || v == "false" || v == "0") {
    *field = false;
  } else {
    ThrowUsageError(option, absl::StrCat("« ", value, " » : attendu oui ou non"));
  }
}

invoicing::v1::ZeroAmountPolicy ParseZeroAmount(const std::string& value) {
  std::string v = absl::AsciiStrToLower(value);
  if (v == "accepter") return invoicing::v1::ZERO_AMOUNT_POLICY_ALLOW;
  if (v == "refuser") return invoicing::v1::ZERO_AMOUNT_POLICY_REFUSE;
  if (v == "conserver") return invoicing::v1::ZERO_AMOUNT_POLICY_KEEP_INTERNAL;
  ThrowUsageError("--zero-amount",
                  absl::StrCat("« ", value, " » : attendu accepter, refuser ou conserver"));
}

absl::Status RunSettings(Client& client, const SettingsOptions& o) {
  absl::StatusOr<Tenant> current = GetTenant(client);
  if (!current.ok()) return current.status();
  Tenant tenant = *std::move(current);
  absl::Status status;
  bool value = false;
  auto apply = [&](const char* option, const std::string& given, auto setter) {
    if (given.empty()) return;
    YesNoOption(option, given, &value);
    (tenant.*setter)(value);
  };
  apply("--archiving", o.archiving, &Tenant::set_archiving_enabled);
  apply("--nightly-send", o.nightly, &Tenant::set_nightly_send_enabled);
  if (o.days_before.has_value()) {
    if (*o.days_before < 0 || *o.days_before > 365) {
      ThrowUsageError("--days-before-send", "nombre de jours entre 0 et 365 attendu");
    }
    tenant.set_days_before_nightly_send(*o.days_before);
  }
  if (!o.zero_amount.empty()) tenant.set_zero_amount_policy(ParseZeroAmount(o.zero_amount));
  Tenant updated;
  status = client.Call(&TenantService::Stub::UpdateTenant, tenant, &updated);
  if (!status.ok()) return status;
  if (o.json) {
    PrintJson(updated);
  } else {
    fmt::print("Paramètres enregistrés.\n{}", DescribeTenant(updated));
  }
  return absl::OkStatus();
}

}  // namespace

void AddTenantSettingsCommand(CLI::App& tenant, Session& session) {
  auto o = std::make_shared<SettingsOptions>();
  CLI::App* cmd = tenant.add_subcommand(
      "settings", "Paramètres de traitement du dossier ; seuls ceux donnés changent ; ex. "
                  "factflowctl tenant settings --nightly-send oui --days-before-send 5");
  cmd->add_option("--archiving", o->archiving, "Archivage des factures envoyées (oui/non)");
  cmd->add_option("--nightly-send", o->nightly, "Envoi automatique de fin de mois (oui/non)");
  cmd->add_option("--days-before-send", o->days_before,
                  "NB_JOURS_AVANT_ENVOI_FACTURES : ancienneté minimale des factures envoyées");
  cmd->add_option("--zero-amount", o->zero_amount,
                  "Factures à montant nul : accepter, refuser ou conserver (en interne)");
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o] { return RunSettings(session.client(), *o); });
}

}  // namespace factflow::cli
