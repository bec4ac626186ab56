// factflowctl tenant set-reform: the tenant's settings of the 2026-2027 reform and the OSS
// (TenantService.UpdateTenant): the category of its operations, the option for VAT on debits,
// and whether its distance sales to EU consumers passed the EU threshold.

#include <fmt/core.h>

#include <memory>
#include <optional>

#include "commands/commands.h"
#include "commands/tenant.h"

namespace factflow::cli {
namespace {

using invoicing::v1::Tenant;
using invoicing::v1::TenantService;

struct ReformOptions {
  std::string operation_category;
  std::optional<bool> vat_on_debits;
  std::optional<bool> oss_above_threshold;
};

absl::Status RunSetReform(Client& client, const ReformOptions& options) {
  absl::StatusOr<Tenant> tenant = GetTenant(client);
  if (!tenant.ok()) return tenant.status();
  auto& mentions = *tenant->mutable_legal_mentions();
  if (!options.operation_category.empty()) {
    mentions.set_operation_category(options.operation_category);
  }
  if (options.vat_on_debits) mentions.set_vat_on_debits(*options.vat_on_debits);
  if (options.oss_above_threshold) mentions.set_oss_above_threshold(*options.oss_above_threshold);
  Tenant updated;
  absl::Status status = client.Call(&TenantService::Stub::UpdateTenant, *tenant, &updated);
  if (!status.ok()) return status;
  fmt::print("{}", DescribeTenant(updated));
  return absl::OkStatus();
}

}  // namespace

void AddTenantReformCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<ReformOptions>();
  CLI::App* cmd = app.get_subcommand("tenant")->add_subcommand(
      "set-reform", "Paramètres de la réforme : catégorie d'opérations, TVA sur les débits, OSS");
  cmd->add_option("--operation-category", o->operation_category,
                  "Catégorie des opérations : BIENS, SERVICES ou MIXTE")
      ->check(CLI::IsMember({"BIENS", "SERVICES", "MIXTE"}));
  cmd->add_option("--vat-on-debits", o->vat_on_debits,
                  "Paiement de la TVA d'après les débits (1 pour oui, 0 pour non)");
  cmd->add_option("--oss-above-threshold", o->oss_above_threshold,
                  "Ventes à distance aux particuliers de l'UE au-delà du seuil de 10 000 € : TVA "
                  "du pays de destination, guichet unique OSS (1 pour oui, 0 pour non)");
  session.OnRun(cmd, [&session, o] { return RunSetReform(session.client(), *o); });
}

}  // namespace factflow::cli
