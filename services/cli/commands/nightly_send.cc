// factflowctl invoices nightly-send: the month-end send the chart's CronJob runs every evening
// (Europe/Paris). invoicing-state says which invoices are due (NightlySendDryRun: none except on
// the tenant's send day); they are then sent as one ApplyAction SEND over their ids, which is
// final and needs --yes when unattended.

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "commands/operations.h"
#include "format.h"

namespace factflow::cli {
namespace {

struct NightlyOptions {
  std::string date;
  bool dry_run = false;
  bool yes = false;
  bool json = false;
};

absl::Status RunNightlySend(Client& client, const NightlyOptions& options) {
  invoicing::v1::NightlySendDryRunRequest request;
  request.set_date(options.date);
  invoicing::v1::ListInvoicesResponse due;
  absl::Status status =
      client.Call(&invoicing::v1::InvoiceService::Stub::NightlySendDryRun, request, &due);
  if (!status.ok()) return status;
  if (options.dry_run && options.json) {
    PrintJson(due);
    return absl::OkStatus();
  }
  if (due.invoices().empty()) {
    fmt::print("Aucune facture à envoyer.\n");
    return absl::OkStatus();
  }
  fmt::print("{} à envoyer, total TTC {}\n", Count(due.invoices_size(), "facture", "factures"),
             FormatAmount(TotalWithVat(due)));
  if (options.dry_run) {
    Table table({{"Numéro"}, {"Date"}, {"Client"}, {"Total TTC", Table::Align::kRight}});
    for (const auto& invoice : due.invoices()) {
      table.AddRow({invoice.number(), FormatIsoDate(invoice.issue_date()),
                    Truncate(invoice.buyer().name(), 32), FormatAmount(invoice.total_with_vat())});
    }
    fmt::print("{}Simulation : rien n'a été envoyé.\n", table.Render());
    return absl::OkStatus();
  }
  if (!options.yes) {
    return absl::FailedPreconditionError(
        "l'envoi est définitif : relancez avec --yes pour confirmer (ou --dry-run pour voir)");
  }
  invoicing::v1::SelectionCriteria criteria;
  for (const auto& invoice : due.invoices()) criteria.add_invoice_ids(invoice.invoice_id());
  absl::StatusOr<invoicing::v1::Operation> done =
      ApplyActionAndWait(client, invoicing::v1::INVOICE_ACTION_SEND, criteria, true);
  if (!done.ok()) return done.status();
  fmt::print("{}", DescribeActionOutcome(*done));
  return absl::OkStatus();
}

}  // namespace

void AddNightlySendCommand(CLI::App& invoices, Session& session) {
  auto o = std::make_shared<NightlyOptions>();
  CLI::App* cmd = invoices.add_subcommand(
      "nightly-send",
      "Envoi de fin de mois des factures prêtes (tâche planifiée) ; ex. factflowctl invoices "
      "nightly-send --dry-run");
  cmd->add_option("--date", o->date, "Date du soir d'envoi AAAA-MM-JJ (défaut : aujourd'hui)");
  cmd->add_flag("--dry-run", o->dry_run, "Affiche ce qui serait envoyé, sans rien envoyer");
  cmd->add_flag("-y,--yes", o->yes, "Confirme l'envoi définitif (tâche planifiée)");
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o] { return RunNightlySend(session.client(), *o); });
}

}  // namespace factflow::cli
