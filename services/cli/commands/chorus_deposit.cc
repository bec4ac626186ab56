// factflowctl chorus deposit | status | retry: the deposits of a Chorus export's lots on Chorus
// Pro through PISTE, their reports and the invoices' statuses (chorus-dispatch's depositor does
// the calls in the background, retrying with back-off); chorus zip: the signed PDFs of a
// selection for a manual deposit.

#include <fmt/core.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/invoices.h"
#include "format.h"
#include "progress.h"

namespace factflow::cli {
namespace {

using dispatch::v1::DispatchService;
using dispatch::v1::ListChorusDepositsResponse;

std::string FrenchDepositStatus(const std::string& status) {
  if (status == "PENDING") return "en attente d'envoi";
  if (status == "SENDING") return "envoi en cours";
  if (status == "DEPOSITED") return "déposé, compte rendu attendu";
  if (status == "INTEGRATED") return "intégré par Chorus Pro";
  if (status == "REJECTED") return "rejeté par Chorus Pro";
  if (status == "FAILED") return "échec (à relancer)";
  if (status == "UNCERTAIN") return "incertain (vérifier, puis relancer)";
  return status;
}

bool Settled(const ListChorusDepositsResponse& r) {
  for (const auto& d : r.deposits()) {
    if (d.status() == "PENDING" || d.status() == "SENDING" || d.status() == "DEPOSITED") {
      return false;
    }
  }
  return true;
}

void PrintDeposits(const ListChorusDepositsResponse& r) {
  Table table({{"Lot", Table::Align::kRight},
               {"Fichier"},
               {"État"},
               {"Flux Chorus Pro"},
               {"Essais", Table::Align::kRight},
               {"Dépôt"},
               {"Identifiant"}});
  for (const auto& d : r.deposits()) {
    table.AddRow({absl::StrCat(d.lot()), d.file_name(), FrenchDepositStatus(d.status()),
                  d.flux_number(), absl::StrCat(d.attempts()),
                  d.has_deposited_at() ? FormatTimestamp(d.deposited_at(), absl::LocalTimeZone())
                                       : "",
                  d.deposit_id()});
  }
  fmt::print("{}", table.Render());
  for (const auto& d : r.deposits()) {
    if (!d.last_error().empty()) fmt::print("  lot {} : {}\n", d.lot(), d.last_error());
  }
  if (!r.invoice_statuses().empty()) {
    fmt::print("Factures par statut Chorus Pro :\n");
    for (const auto& s : r.invoice_statuses()) {
      fmt::print("  {} : {}\n", s.status(), GroupThousands(s.count()));
    }
  }
}

absl::StatusOr<ListChorusDepositsResponse> List(Client& client, const std::string& export_id) {
  dispatch::v1::ListChorusDepositsRequest request;
  request.set_export_id(export_id);
  ListChorusDepositsResponse response;
  absl::Status status = client.Call(&DispatchService::Stub::ListChorusDeposits, request, &response);
  if (!status.ok()) return status;
  return response;
}

// Waits until no deposit is pending or waiting for its report (progress: settled lots).
absl::Status WaitSettled(Client& client, const std::string& export_id,
                         ListChorusDepositsResponse& current) {
  WaitOptions options{"Dépôt sur Chorus Pro", absl::StrCat("factflowctl chorus status ", export_id),
                      absl::Milliseconds(500), client.stall_timeout(), StdoutIsTerminal()};
  return WaitForProgress(
      [&]() -> absl::StatusOr<Progress> {
        absl::StatusOr<ListChorusDepositsResponse> polled = List(client, export_id);
        if (!polled.ok()) return polled.status();
        current = *std::move(polled);
        int64_t settled = 0;
        std::string step;
        for (const auto& d : current.deposits()) {
          bool open = d.status() == "PENDING" || d.status() == "SENDING" ||
                      d.status() == "DEPOSITED";
          if (!open) ++settled;
          if (open && step.empty()) step = absl::StrCat("lot ", d.lot(), " : ",
                                                        FrenchDepositStatus(d.status()));
        }
        return Progress{settled, current.deposits_size(), step, Settled(current)};
      },
      options);
}

}  // namespace

void AddChorusDepositCommands(CLI::App& chorus, Session& session) {
  struct Options {
    std::string id;
    bool wait = false;
    bool json = false;
  };
  auto d = std::make_shared<Options>();
  CLI::App* deposit = chorus.add_subcommand(
      "deposit", "Dépose sur Chorus Pro (API PISTE) les lots d'un export terminé");
  deposit->add_option("EXPORT", d->id, "Identifiant de l'export")->required();
  deposit->add_flag("--wait", d->wait, "Attendre le compte rendu de Chorus Pro");
  AddJsonFlag(deposit, &d->json);
  session.OnRun(deposit, [&session, d]() -> absl::Status {
    dispatch::v1::DepositChorusExportRequest request;
    request.set_export_id(d->id);
    ListChorusDepositsResponse response;
    absl::Status status =
        session.client().Call(&DispatchService::Stub::DepositChorusExport, request, &response);
    if (!status.ok()) return status;
    if (d->wait) {
      status = WaitSettled(session.client(), d->id, response);
      if (!status.ok()) return status;
    }
    if (d->json) {
      PrintJson(response);
    } else {
      PrintDeposits(response);
      if (!d->wait) fmt::print("Suivi : factflowctl chorus status {}\n", d->id);
    }
    return absl::OkStatus();
  });

  auto s = std::make_shared<Options>();
  CLI::App* status_cmd = chorus.add_subcommand(
      "status", "Dépôts d'un export, comptes rendus et statuts des factures sur Chorus Pro");
  status_cmd->add_option("EXPORT", s->id, "Identifiant de l'export")->required();
  AddJsonFlag(status_cmd, &s->json);
  session.OnRun(status_cmd, [&session, s]() -> absl::Status {
    absl::StatusOr<ListChorusDepositsResponse> response = List(session.client(), s->id);
    if (!response.ok()) return response.status();
    if (s->json) {
      PrintJson(*response);
    } else {
      PrintDeposits(*response);
      fmt::print("Motifs de rejet, facture par facture : factflowctl chorus items {}\n", s->id);
    }
    return absl::OkStatus();
  });

  struct ZipOptions {
    std::vector<std::string> documents;
    std::string out;
  };
  auto z = std::make_shared<ZipOptions>();
  CLI::App* zip = chorus.add_subcommand(
      "zip", "ZIP des PDF signés de factures envoyées, pour un dépôt manuel sur Chorus Pro");
  zip->add_option("DOCUMENT", z->documents, "Numéros ou identifiants des factures")->required();
  zip->add_option("--out", z->out, "Fichier ZIP à écrire")->required();
  session.OnRun(zip, [&session, z]() -> absl::Status {
    dispatch::v1::RetrieveChorusZipRequest request;
    for (const std::string& ref : z->documents) {
      absl::StatusOr<std::string> id = ResolveInvoiceId(session.client(), ref);
      if (!id.ok()) return id.status();
      request.add_invoice_ids(*id);
    }
    dispatch::v1::RetrieveChorusZipResponse response;
    absl::Status status =
        session.client().Call(&DispatchService::Stub::RetrieveChorusZip, request, &response);
    if (!status.ok()) return status;
    std::ofstream out(z->out, std::ios::binary | std::ios::trunc);
    out.write(response.zip().data(), static_cast<std::streamsize>(response.zip().size()));
    out.close();
    if (!out) return absl::PermissionDeniedError(absl::StrCat("impossible d'écrire ", z->out));
    fmt::print("{} dans {} ({}).\n",
               Count(request.invoice_ids_size(), "PDF signé", "PDF signés"), z->out,
               FormatBytes(static_cast<int64_t>(response.zip().size())));
    return absl::OkStatus();
  });

  auto r = std::make_shared<Options>();
  CLI::App* retry = chorus.add_subcommand(
      "retry", "Relance un dépôt en échec ou incertain (vérifiez d'abord sur Chorus Pro)");
  retry->add_option("DEPOSIT", r->id, "Identifiant du dépôt (factflowctl chorus status)")
      ->required();
  session.OnRun(retry, [&session, r]() -> absl::Status {
    dispatch::v1::RetryChorusDepositRequest request;
    request.set_deposit_id(r->id);
    dispatch::v1::ChorusDeposit deposit;
    absl::Status status =
        session.client().Call(&DispatchService::Stub::RetryChorusDeposit, request, &deposit);
    if (!status.ok()) return status;
    fmt::print("Dépôt du lot {} ({}) relancé : {}.\n", deposit.lot(), deposit.file_name(),
               FrenchDepositStatus(deposit.status()));
    return absl::OkStatus();
  });
}

}  // namespace factflow::cli
