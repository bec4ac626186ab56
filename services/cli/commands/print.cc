// factflowctl invoices print | preview | bills | print-download: "Imprimer les factures",
// "Aperçu des factures" and "Imprimer les traites" (seed 002). The selection (commands/criteria.h; by default the seed's filter:
// without print date, without dematerialisation, unless invoices are named) becomes a PRINT or
// PREVIEW operation of invoicing-state, followed with its progress; its ZIP (one PDF per
// invoice, named by its number) is then streamed to a file piece by piece. A print records the
// first print date and operator; a reprint carries "DUPLICATA"; a preview records nothing.

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/criteria.h"
#include "commands/invoices.h"
#include "commands/operations.h"
#include "format.h"

namespace factflow::cli {
namespace {

using invoicing::v1::InvoiceService;

// A print of tens of thousands of invoices is hundreds of MiB: the stream gets an hour.
constexpr absl::Duration kDownloadTimeout = absl::Hours(1);

struct PrintOptions {
  CriteriaOptions criteria;
  bool include_printed = false;
  bool include_dematerialised = false;
  std::string out;
  bool no_wait = false;
  bool json = false;
};

// The file name the service proposes, used in the current directory only when it is a plain
// name ("impression-<operation>.zip"); anything else (a path, a dot file) gives a fixed name.
std::string LocalName(const std::string& proposed) {
  const bool plain = !proposed.empty() && proposed[0] != '.' &&
                     proposed.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
                         std::string::npos;
  return plain ? proposed : "impression.zip";
}

// Streams the operation's ZIP into `out` (default: the name the service gives, in the current
// directory), through a temporary file renamed at the end: a broken download never leaves a
// file that looks complete.
absl::StatusOr<std::string> Download(Client& client, const std::string& operation_id,
                                     const std::string& out, bool quiet) {
  invoicing::v1::DownloadPrintRequest request;
  request.set_operation_id(operation_id);
  std::string path = out;
  std::string partial;
  std::ofstream file;
  int64_t bytes = 0;
  int64_t files = 0;
  absl::Status status = client.ReadStream(
      &InvoiceService::Stub::DownloadPrint, request,
      std::function<absl::Status(const invoicing::v1::DownloadPrintChunk&)>(
          [&](const invoicing::v1::DownloadPrintChunk& chunk) -> absl::Status {
            if (!file.is_open()) {
              if (path.empty()) path = LocalName(chunk.file_name());
              files = chunk.file_count();
              partial = path + ".partiel";
              file.open(partial, std::ios::binary | std::ios::trunc);
              if (!file) {
                return absl::PermissionDeniedError(
                    absl::StrCat("impossible d'écrire ", partial));
              }
            }
            file.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
            if (!file) {
              return absl::DataLossError(
                  absl::StrCat("écriture de ", partial, " impossible (disque plein ?)"));
            }
            bytes += static_cast<int64_t>(chunk.data().size());
            return absl::OkStatus();
          }),
      kDownloadTimeout);
  if (file.is_open()) file.close();
  if (status.ok() && partial.empty()) {
    status = absl::DataLossError("le service n'a envoyé aucune donnée");
  }
  if (!status.ok()) {
    if (!partial.empty()) std::remove(partial.c_str());
    return status;
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) return absl::PermissionDeniedError(absl::StrCat("impossible d'écrire ", path));
  if (!quiet) {
    fmt::print("Archive écrite : {} ({}, {})\n", path, Count(files, "PDF", "PDF"),
               FormatBytes(bytes));
  }
  return path;
}

absl::Status RunPrint(Client& client, invoicing::v1::InvoiceAction action,
                      const PrintOptions& options) {
  absl::StatusOr<invoicing::v1::SelectionCriteria> criteria =
      BuildCriteria(client, options.criteria);
  if (!criteria.ok()) return criteria.status();
  // The seed's default filter, unless the operator named invoices (a reprint) or lifted it.
  if (criteria->invoice_ids().empty()) {
    if (!options.include_printed) criteria->set_only_without_print_date(true);
    if (!options.include_dematerialised) criteria->set_only_without_dematerialisation(true);
  }
  absl::StatusOr<invoicing::v1::ApplyActionResponse> response =
      ApplyAction(client, action, *criteria, false);
  if (!response.ok()) return response.status();
  const std::string& id = response->operation().operation_id();
  const std::string what = FrenchAction(action);
  if (options.no_wait) {
    fmt::print("{} : {} ; suivi : {} ; puis factflowctl invoices print-download {}\n", what,
               Count(response->operation().total(), "facture sélectionnée",
                     "factures sélectionnées"),
               LookAgain(id), id);
    return absl::OkStatus();
  }
  absl::StatusOr<invoicing::v1::Operation> done =
      WaitForOperation(client, response->operation(), what);
  if (!done.ok()) return done.status();
  if (!options.json) fmt::print("{}", DescribeActionOutcome(*done));
  if (done->done() == 0) {
    if (options.json) PrintJson(*done);
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> path = Download(client, id, options.out, options.json);
  if (!path.ok()) return path.status();
  if (options.json) PrintJson(*done);
  return absl::OkStatus();
}

void AddPrintCommand(CLI::App& invoices, Session& session, const std::string& name,
                     invoicing::v1::InvoiceAction action, const std::string& description) {
  auto o = std::make_shared<PrintOptions>();
  CLI::App* cmd = invoices.add_subcommand(name, description);
  AddCriteriaOptions(cmd, &o->criteria);
  cmd->add_flag("--include-printed", o->include_printed,
                "Inclut les factures déjà imprimées (réimpression : mention DUPLICATA)");
  cmd->add_flag("--include-dematerialised", o->include_dematerialised,
                "Inclut les factures dématérialisées");
  cmd->add_option("--out", o->out, "Fichier ZIP produit (défaut : nom donné par le service)");
  cmd->add_flag("--no-wait", o->no_wait,
                "Rend la main dès le lancement (téléchargement : invoices print-download ID)");
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o, action] { return RunPrint(session.client(), action, *o); });
}

}  // namespace

void AddPrintCommands(CLI::App& invoices, Session& session) {
  AddPrintCommand(invoices, session, "print", invoicing::v1::INVOICE_ACTION_PRINT,
                  "Imprime la sélection : un PDF par facture dans un ZIP ; la première impression "
                  "enregistre la date et l'opérateur, une réimpression porte « DUPLICATA » ; ex. "
                  "factflowctl invoices print --batch 12");
  AddPrintCommand(invoices, session, "preview", invoicing::v1::INVOICE_ACTION_PREVIEW,
                  "Aperçu de la sélection : les mêmes PDF, sans rien enregistrer sur les factures");
  AddPrintCommand(invoices, session, "bills", invoicing::v1::INVOICE_ACTION_PRINT_BILLS_OF_EXCHANGE,
                  "Imprime les traites (LCR, billet à ordre) des factures payables ainsi, et le "
                  "fichier de remise LCR au format CFONB (remise-LCR.txt) dans le ZIP");
  struct DownloadOptions {
    std::string operation_id;
    std::string out;
  };
  auto o = std::make_shared<DownloadOptions>();
  CLI::App* cmd = invoices.add_subcommand(
      "print-download", "Télécharge le ZIP d'une impression, d'un aperçu ou de traites terminés");
  cmd->add_option("OPERATION", o->operation_id, "Identifiant de l'opération")->required();
  cmd->add_option("--out", o->out, "Fichier ZIP produit (défaut : nom donné par le service)");
  session.OnRun(cmd, [&session, o]() -> absl::Status {
    absl::StatusOr<std::string> path = Download(session.client(), o->operation_id, o->out, false);
    return path.status();
  });
}

}  // namespace factflow::cli
