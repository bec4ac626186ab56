// factflowctl archive failures | retry: sent invoices that chorus-dispatch could not render,
// sign or archive (ListRenderFailures), and an immediate retry (RetryRenderFailures) instead of
// waiting for the automatic one.

#include <fmt/core.h>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "format.h"
#include "output.h"

namespace factflow::cli {
namespace {

using dispatch::v1::DispatchService;
using dispatch::v1::RenderFailure;

absl::Status RunFailures(Client& client, bool include_resolved, bool json) {
  dispatch::v1::ListRenderFailuresRequest request;
  request.set_include_resolved(include_resolved);
  request.set_page_size(1000);
  dispatch::v1::ListRenderFailuresResponse all;
  // Keyset pages, merged: the last page's pending count is the current one.
  for (;;) {
    dispatch::v1::ListRenderFailuresResponse page;
    absl::Status status = client.Call(&DispatchService::Stub::ListRenderFailures, request, &page);
    if (!status.ok()) return status;
    std::string next = page.next_page_token();
    all.MergeFrom(page);
    all.set_pending_count(page.pending_count());
    if (next.empty()) break;
    request.set_page_token(next);
  }
  all.clear_next_page_token();
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  if (all.failures().empty()) {
    fmt::print("Aucun échec de rendu{}.\n", include_resolved ? "" : " en attente");
    return absl::OkStatus();
  }
  const bool wide = CurrentOutputFormat() == OutputFormat::kWide;
  std::vector<Table::Column> columns = {{"Facture"},
                                        {"Essais", Table::Align::kRight},
                                        {"Premier échec"},
                                        {"Dernier essai"},
                                        {"Motif"}};
  if (wide) columns.insert(columns.end(), {{"Résolu le"}, {"Identifiant"}});
  Table table(columns);
  const absl::TimeZone zone = absl::LocalTimeZone();
  for (const RenderFailure& failure : all.failures()) {
    std::vector<std::string> row = {
        failure.invoice_number(), std::to_string(failure.attempts()),
        FormatTimestamp(failure.first_failed_at(), zone),
        FormatTimestamp(failure.last_failed_at(), zone),
        wide ? failure.last_error() : Truncate(failure.last_error(), 60)};
    if (wide) {
      row.push_back(failure.has_resolved_at() ? FormatTimestamp(failure.resolved_at(), zone) : "—");
      row.push_back(failure.invoice_id());
    }
    table.AddRow(row);
  }
  fmt::print("{}{} ; nouvel essai automatique, ou maintenant : factflowctl archive retry\n",
             table.Render(), Count(all.pending_count(), "échec en attente", "échecs en attente"));
  return absl::OkStatus();
}

absl::Status RunRetry(Client& client, const std::vector<std::string>& refs, bool json) {
  dispatch::v1::RetryRenderFailuresRequest request;
  for (const std::string& ref : refs) {
    absl::StatusOr<std::string> id = ResolveInvoiceId(client, ref);
    if (!id.ok()) return id.status();
    request.add_invoice_ids(*id);
  }
  dispatch::v1::RetryRenderFailuresResponse response;
  // Rendering and signing up to 200 invoices: longer than a read.
  absl::Status status = client.Call(&DispatchService::Stub::RetryRenderFailures, request, &response,
                                    absl::Minutes(5));
  if (!status.ok()) return status;
  if (json) {
    PrintJson(response);
    return absl::OkStatus();
  }
  if (response.tried() == 0) {
    fmt::print("Aucun échec de rendu en attente{}.\n", refs.empty() ? "" : " pour ces factures");
    return absl::OkStatus();
  }
  fmt::print("{} : {} archivée(s), {} toujours en échec ; {}.\n",
             Count(response.tried(), "facture réessayée", "factures réessayées"),
             response.archived(), response.tried() - response.archived(),
             Count(response.pending_count(), "échec en attente", "échecs en attente"));
  if (response.tried() > response.archived()) {
    fmt::print("Motifs : factflowctl archive failures\n");
    return absl::FailedPreconditionError(
        absl::StrCat(response.tried() - response.archived(),
                     " facture(s) toujours impossibles à rendre ou archiver"));
  }
  return absl::OkStatus();
}

}  // namespace

void AddArchiveFailureCommands(CLI::App& archive, Session& session) {
  struct FailuresOptions {
    bool all = false;
    bool json = false;
  };
  auto failures_options = std::make_shared<FailuresOptions>();
  CLI::App* failures = archive.add_subcommand(
      "failures",
      "Factures envoyées dont le rendu, la signature ou l'archivage a échoué (réessayées "
      "automatiquement) ; ex. factflowctl archive failures -o wide");
  failures->add_flag("--all", failures_options->all, "Inclut les échecs déjà résolus");
  AddJsonFlag(failures, &failures_options->json);
  session.OnRun(failures, [&session, failures_options] {
    return RunFailures(session.client(), failures_options->all, failures_options->json);
  });

  struct RetryOptions {
    std::vector<std::string> invoices;
    bool json = false;
  };
  auto retry_options = std::make_shared<RetryOptions>();
  CLI::App* retry = archive.add_subcommand(
      "retry",
      "Réessaie maintenant le rendu et l'archivage des échecs en attente (200 au plus par "
      "appel) ; ex. factflowctl archive retry FA2026-000042");
  retry->add_option("FACTURE", retry_options->invoices,
                    "Numéros ou identifiants des factures (défaut : les échecs en attente les "
                    "plus anciens)");
  AddJsonFlag(retry, &retry_options->json);
  session.OnRun(retry, [&session, retry_options] {
    return RunRetry(session.client(), retry_options->invoices, retry_options->json);
  });
}

}  // namespace factflow::cli
