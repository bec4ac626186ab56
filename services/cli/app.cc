// Assembly of factflowctl's command groups and the mapping of outcomes to exit codes.

#include "app.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "commands/commands.h"
#include "commands/manual_documents.h"
#include "logging/logging.h"
#include "session.h"

namespace factflow::cli {
namespace {

constexpr char kFooter[] =
    "Environnement : FACTFLOW_IMPORTER_ADDRESS, FACTFLOW_CATALOG_MAPPING_ADDRESS,\n"
    "FACTFLOW_INVOICING_STATE_ADDRESS, FACTFLOW_CHORUS_DISPATCH_ADDRESS (host:port), écrits par\n"
    "./factflow dans .factflow/<pile>/env (./factflow ctl ... les charge).\n"
    "Authentification : FACTFLOW_TOKEN s'il est défini (en production, jeton du fournisseur\n"
    "d'identité) ; sinon un jeton d'une heure signé avec FACTFLOW_AUTH_SECRET pour --tenant et\n"
    "--operator, rôles admin et operator (piles locales uniquement).\n"
    "Codes de sortie : 0 succès, 1 échec (« erreur : message (CODE) »), 2 erreur d'utilisation.";

}  // namespace

int RunFactflowctl(int argc, const char* const* argv) {
  Session session;
  CLI::App app("factflowctl — ligne de commande des opérateurs factflow", "factflowctl");
  app.set_help_flag("-h,--help", "Affiche l'aide");
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string(e.what()) + "\nAide : factflowctl [COMMANDE...] --help\n";
  });
  app.footer(kFooter);
  app.require_subcommand(1);
  // --tenant/--operator may also follow the subcommand (factflowctl token --tenant acme).
  app.fallthrough();
  app.add_option("--tenant", session.settings().tenant_id,
                 "Dossier du jeton fabriqué (FACTFLOW_TENANT, défaut demo)")
      ->capture_default_str();
  app.add_option("--operator", session.settings().operator_id,
                 "Opérateur du jeton fabriqué (FACTFLOW_OPERATOR, défaut $USER)")
      ->capture_default_str();
  app.add_option("--stall-timeout", session.settings().stall_timeout_seconds,
                 "Secondes sans progrès avant d'abandonner l'attente d'un traitement long "
                 "(FACTFLOW_STALL_TIMEOUT, défaut 60)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  AddTokenCommand(app, session);
  AddHealthCommand(app, session);
  AddTenantCommands(app, session);
  AddCatalogCommands(app, session);
  AddConnectorCommands(app, session);
  AddImportCommands(app, session);
  AddGridEditCommands(app, session);
  AddInvoiceCommands(app, session);
  AddInvoiceCheckCommand(app, session);
  AddArchiveCommands(app, session);
  AddJobCommands(app, session);
  AddOperationCommands(app, session);
  AddManualDocumentCommands(app, session);

  // One correlation id for every call of this run, so the services' logs can be joined.
  logging::ScopedContext log_context({"", logging::NewUuid(), ""});
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "erreur : " << e.what() << " (INTERNAL)\n";
    return kExitFailure;
  }
  return session.exit_code();
}

}  // namespace factflow::cli
