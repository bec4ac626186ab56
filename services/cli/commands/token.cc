// factflowctl token: a bearer token for curl/grpcurl or another factflowctl (FACTFLOW_TOKEN).

#include <fmt/core.h>

#include "commands/commands.h"
#include "parse.h"

namespace factflow::cli {
namespace {

struct TokenOptions {
  std::string roles = "admin,operator";
  std::string ttl = "12h";
};

absl::Status RunToken(const Settings& settings, const TokenOptions& options) {
  absl::StatusOr<absl::Duration> ttl = ParseDuration(options.ttl);
  if (!ttl.ok()) ThrowUsageError("--ttl", std::string(ttl.status().message()));
  std::vector<std::string> roles = SplitList(options.roles);
  if (roles.empty()) ThrowUsageError("--roles", "au moins un rôle (admin, operator, service)");
  absl::StatusOr<std::string> token =
      MintToken(settings.auth_secret, {settings.tenant_id, settings.operator_id, roles}, *ttl);
  if (!token.ok()) return token.status();
  fmt::print("{}\n", *token);
  return absl::OkStatus();
}

}  // namespace

void AddTokenCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<TokenOptions>();
  CLI::App* cmd = app.add_subcommand(
      "token",
      "Affiche un jeton d'accès signé avec FACTFLOW_AUTH_SECRET pour --tenant et --operator "
      "(piles locales ; en production les jetons viennent du fournisseur d'identité)");
  cmd->add_option("--roles", options->roles, "Rôles, séparés par des virgules")
      ->capture_default_str();
  cmd->add_option("--ttl", options->ttl, "Durée de validité (12h, 30m, 2d...)")
      ->capture_default_str();
  session.OnRun(cmd, [&session, options] { return RunToken(session.settings(), *options); });
}

}  // namespace factflow::cli
