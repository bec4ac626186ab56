// factflowctl tenant dematerialisation --mode off|portal|chorus|both: the tenant's
// dematerialisation modes (domain.md §4): portal (sign, e-mail the customer the portal link,
// mark) and Chorus (sign, mark, queue for the Chorus Pro export).

#include <fmt/core.h>

#include "commands/commands.h"
#include "commands/tenant.h"
#include "format.h"

namespace factflow::cli {
namespace {

using invoicing::v1::Tenant;
using invoicing::v1::TenantService;

struct Options {
  std::string mode;
  std::string portal_url;
};

absl::Status Run(Client& client, const Options& o) {
  bool portal = o.mode == "portal" || o.mode == "both";
  bool chorus = o.mode == "chorus" || o.mode == "both";
  if (!portal && !chorus && o.mode != "off") {
    ThrowUsageError("--mode", "choisissez off, portal, chorus ou both");
  }
  absl::StatusOr<Tenant> tenant = GetTenant(client);
  if (!tenant.ok()) return tenant.status();
  tenant->set_dematerialisation_enabled(portal);
  tenant->set_chorus_dematerialisation_enabled(chorus);
  if (!o.portal_url.empty()) tenant->set_portal_url(o.portal_url);
  Tenant updated;
  absl::Status status = client.Call(&TenantService::Stub::UpdateTenant, *tenant, &updated);
  if (!status.ok()) return status;
  fmt::print("Dématérialisation du dossier « {} » : portail {}, Chorus Pro {}.\n",
             updated.company().name(), YesNo(updated.dematerialisation_enabled()),
             YesNo(updated.chorus_dematerialisation_enabled()));
  if (updated.dematerialisation_enabled() && updated.portal_url().empty()) {
    fmt::print("Attention : aucune adresse de portail (--portal-url) ; les e-mails ne peuvent "
               "pas être composés.\n");
  }
  return absl::OkStatus();
}

}  // namespace

void AddTenantDematerialisationCommand(CLI::App& tenant, Session& session) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = tenant.add_subcommand(
      "dematerialisation",
      "Modes de dématérialisation à l'envoi : portail (e-mail du lien), Chorus Pro, les deux");
  cmd->add_option("--mode", o->mode,
                  "off, portal (e-mail avec le lien du portail), chorus (file d'export Chorus "
                  "Pro) ou both")
      ->required();
  cmd->add_option("--portal-url", o->portal_url, "Adresse du portail client (mode portal)");
  session.OnRun(cmd, [&session, o] { return Run(session.client(), *o); });
}

}  // namespace factflow::cli
