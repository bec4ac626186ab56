// factflowctl invoices nightly-send: the month-end send the chart's CronJob runs every evening
// (Europe/Paris). --dry-run shows what tonight's run would send (NightlySendDryRun) and the
// invoices it holds on purpose, with why; otherwise invoicing-state's NightlySend freezes the
// due invoices into one SEND operation (idempotent per night: a second run shows the first's
// operation), which is followed to its end. Sending is final: --yes when unattended.

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

absl::Status RunDryRun(Client& client, const NightlyOptions& options) {
  invoicing::v1::NightlySendDryRunRequest request;
  request.set_date(options.date);
  invoicing::v1::ListInvoicesResponse due;
  absl::Status status =
      client.Call(&invoicing::v1::InvoiceService::Stub::NightlySendDryRun, request, &due);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(due);
    return absl::OkStatus();
  }
  if (!due.nightly_note().empty()) {
    fmt::print("Aucun envoi : {}.\n", due.nightly_note());
    return absl::OkStatus();
  }
  fmt::print("{} à envoyer, total TTC des {} listées {}\n",
             Count(due.total_count(), "facture", "factures"), due.invoices_size(),
             FormatAmount(TotalWithVat(due)));
  Table table({{"Numéro"}, {"Date"}, {"Client"}, {"Total TTC", Table::Align::kRight}});
  for (const auto& invoice : due.invoices()) {
    table.AddRow({invoice.number(), FormatIsoDate(invoice.issue_date()),
                  Truncate(invoice.buyer().name(), 32), FormatAmount(invoice.total_with_vat())});
  }
  fmt::print("{}", table.Render());
  if (due.total_count() > due.invoices_size()) {
    fmt::print("… et {} autres.\n", due.total_count() - due.invoices_size());
  }
  if (due.held_count() > 0) {
    fmt::print("Retenues volontairement : {}\n", Count(due.held_count(), "facture", "factures"));
    Table held({{"Numéro"}, {"Raison"}});
    for (const auto& entry : due.held()) held.AddRow({entry.number(), entry.reason()});
    fmt::print("{}", held.Render());
    if (due.held_count() > due.held_size()) {
      fmt::print("… et {} autres.\n", due.held_count() - due.held_size());
    }
  }
  fmt::print("Simulation : rien n'a été envoyé.\n");
  return absl::OkStatus();
}

absl::Status RunNightlySend(Client& client, const NightlyOptions& options) {
  if (options.dry_run) return RunDryRun(client, options);
  if (!options.yes) {
    return absl::FailedPreconditionError(
        "l'envoi est définitif : relancez avec --yes pour confirmer (ou --dry-run pour voir)");
  }
  invoicing::v1::NightlySendRequest request;
  request.set_date(options.date);
  request.set_confirm_final(true);
  invoicing::v1::NightlySendResponse response;
  absl::Status status =
      client.Call(&invoicing::v1::InvoiceService::Stub::NightlySend, request, &response);
  if (!status.ok()) return status;
  if (!response.runs()) {
    if (options.json) PrintJson(response);
    else fmt::print("Aucun envoi : {}.\n", response.reason());
    return absl::OkStatus();
  }
  if (response.already_run()) {
    if (options.json) PrintJson(response);
    else
      fmt::print("L'envoi du {} a déjà été lancé : rien n'est envoyé une seconde fois.\n{}",
                 FormatIsoDate(response.date()), DescribeActionOutcome(response.operation()));
    return absl::OkStatus();
  }
  absl::StatusOr<invoicing::v1::Operation> done =
      WaitForOperation(client, response.operation(), "Envoi de fin de mois");
  if (!done.ok()) return done.status();
  if (options.json) {
    *response.mutable_operation() = *done;
    PrintJson(response);
  } else {
    fmt::print("{}", DescribeActionOutcome(*done));
  }
  return absl::OkStatus();
}

}  // namespace

void AddNightlySendCommand(CLI::App& invoices, Session& session) {
  auto o = std::make_shared<NightlyOptions>();
  CLI::App* cmd = invoices.add_subcommand(
      "nightly-send",
      "Envoi de fin de mois des factures prêtes (tâche planifiée) ; ex. factflowctl invoices "
      "nightly-send --dry-run");
  cmd->add_option("--date", o->date,
                  "Soir d'envoi AAAA-MM-JJ (défaut : aujourd'hui à Paris ; un soir passé "
                  "rattrape un envoi manqué)");
  cmd->add_flag("--dry-run", o->dry_run,
                "Affiche ce qui serait envoyé et les factures retenues, sans rien envoyer");
  cmd->add_flag("-y,--yes", o->yes, "Confirme l'envoi définitif (tâche planifiée)");
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o] { return RunNightlySend(session.client(), *o); });
}

}  // namespace factflow::cli
