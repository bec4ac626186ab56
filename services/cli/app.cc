// Assembly of factflowctl's command groups and the mapping of outcomes to exit codes.

#include "app.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands/commands.h"
#include "commands/outbox.h"
#include "commands/manual_documents.h"

#include "completion.h"
#include "french_parser.h"
#include "grammar.h"
#include "logging/logging.h"
#include "output.h"
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
    "Sortie : -o table|wide|json|yaml sur les commandes qui affichent des enregistrements.\n"
    "Codes de sortie : 0 succès, 1 refus ou échec (« erreur : message (CODE) »), 2 erreur\n"
    "d'utilisation. Complétion : source <(factflowctl completion bash).";

}  // namespace

void BuildCommandLine(CLI::App& app, Session& session) {
  app.set_help_flag("-h,--help", "Affiche l'aide");
  app.set_version_flag("--version", std::string("factflowctl ") + FACTFLOW_VERSION,
                       "Affiche la version");
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
  AddTenantDematerialisationCommand(*app.get_subcommand("tenant"), session);
  AddTenantReformCommand(app, session);
  AddCatalogCommands(app, session);
  AddConnectorCommands(app, session);
  AddConnectorExchangeCommands(app, session);
  AddImportCommands(app, session);
  AddGridEditCommands(app, session);
  AddProfileCommands(app, session);
  AddGridVerbCommands(app, session);
  AddInvoiceCommands(app, session);
  AddInvoiceCheckCommand(app, session);
  AddEReportingCommands(app, session);
  AddArchiveCommands(app, session);
  AddChorusCommands(app, session);
  AddJobCommands(app, session);
  AddOperationCommands(app, session);
  AddOutboxCommands(app, session);
  AddManualDocumentCommands(app, session);
  AddReferenceCommands(app, session);
  AddCompletionCommand(app);

  ApplyNounVerbGrammar(app);
  AddNightlySendCommand(*app.get_subcommand("invoices"), session);
  AddPrintCommands(*app.get_subcommand("invoices"), session);
  FrenchiseTree(app);
}

namespace {

// The French report of a parse error: the unknown command or option with the nearest known one,
// else CLI11's message translated; then where to find help.
std::string DescribeUsageError(const CLI::App& app, const std::vector<std::string>& args,
                               const CLI::ParseError& error) {
  const CLI::App* command = DeepestCommand(app, args);
  std::string path;
  for (const CLI::App* at = command; at != nullptr; at = at->get_parent()) {
    path = path.empty() ? at->get_name() : at->get_name() + " " + path;
  }
  std::optional<std::string> unknown = DiagnoseUnknown(app, args);
  std::string message;
  if (unknown) {
    message = *unknown;
  } else if (std::string(error.what()) == "A subcommand is required") {
    message = absl::StrCat("une commande est attendue après « ", path,
                           " » : ", absl::StrJoin(SubcommandNames(*command), ", "));
  } else {
    message = TranslateParseError(error.what());
  }
  return absl::StrCat("erreur : ", message, "\nAide : ", path, " --help\n");
}

}  // namespace

int RunFactflowctl(int argc, const char* const* argv) {
  SetOutputFormat(OutputFormat::kTable);  // one run, one format (tests run several in a process)
  Session session;
  CLI::App app("factflowctl — ligne de commande des opérateurs factflow", "factflowctl");
  BuildCommandLine(app, session);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args.front() == kCompleteCommand) {
    std::cout << CompletionCandidates(app, {args.begin() + 1, args.end()});
    return kExitOk;
  }
  args = RewriteOldSpellings(std::move(args));

  // One correlation id for every call of this run, so the services' logs can be joined.
  logging::ScopedContext log_context({"", logging::NewUuid(), ""});
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(e);  // --help, --version
      return kExitOk;
    }
    std::cout.flush();
    std::cerr << DescribeUsageError(app, args, e);
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "erreur : " << e.what() << " (INTERNAL)\n";
    return kExitFailure;
  }
  return session.exit_code();
}

}  // namespace factflow::cli
