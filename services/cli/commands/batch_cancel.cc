// factflowctl batches cancel ID…: "Suppr. Import" (domain.md §2.5). Shows what will be
// cancelled, asks for a typed « oui » (or --yes), then calls the importer's CancelBatches. A
// refusal is the service's French message, naming the blocking documents and the credit notes
// to make instead.

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/imports.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "format.h"

namespace factflow::cli {
namespace {

using importer::v1::Batch;
using importer::v1::ImporterService;

struct CancelOptions {
  std::vector<std::string> batches;
  bool yes = false;
};

constexpr char kCancelWarning[] =
    "Attention : l'annulation supprime les factures de ces lots et rend leurs numéros à la série "
    "(les lots s'annulent du plus récent au plus ancien). Elle est refusée si une facture ou un "
    "avoir a été créé après eux, ou si l'une de leurs factures a été imprimée, envoyée ou "
    "archivée.";

// Asks for « oui » on the terminal; refuses without one unless --yes.
absl::StatusOr<bool> Confirm(bool assume_yes) {
  fmt::print("{}\n", kCancelWarning);
  if (assume_yes) {
    fmt::print("Confirmé par --yes.\n");
    return true;
  }
  if (isatty(STDIN_FILENO) == 0) {
    return absl::FailedPreconditionError(
        "confirmation impossible sans terminal : relancez avec --yes pour confirmer l'annulation");
  }
  fmt::print("Tapez « oui » pour confirmer : ");
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(answer)) == "oui";
}

absl::Status RunCancel(Client& client, const CancelOptions& options) {
  importer::v1::CancelBatchesRequest request;
  fmt::print("Lots à annuler :\n");
  for (const std::string& ref : options.batches) {
    absl::StatusOr<Batch> batch = ResolveBatch(client, ref);
    if (!batch.ok()) return batch.status();
    std::string numbers =
        batch->invoice_count() > 0
            ? absl::StrCat(", ", batch->invoice_count(), " factures ", batch->first_invoice_number(),
                           " → ", batch->last_invoice_number())
            : "";
    fmt::print("  lot n° {} : {} ({}{})\n", batch->batch_number(), batch->file_name(),
               FrenchBatchStatus(batch->status()), numbers);
    request.add_batch_ids(batch->batch_id());
  }
  absl::StatusOr<bool> confirmed = Confirm(options.yes);
  if (!confirmed.ok()) return confirmed.status();
  if (!*confirmed) return absl::CancelledError("annulation abandonnée : rien n'a changé");
  importer::v1::CancelBatchesResponse response;
  absl::Status status = client.Call(&ImporterService::Stub::CancelBatches, request, &response);
  if (!status.ok()) return status;
  for (const auto& range : response.ranges()) {
    fmt::print("Lot n° {} : {} factures supprimées ({} → {}), numéros rendus à la série {}\n",
               range.batch_number(), range.invoice_count(), range.first_number(),
               range.last_number(), range.series_code());
  }
  fmt::print("{} annulé{}. Le fichier peut être importé à nouveau.\n",
             response.cancelled_batch_ids_size() == 1
                 ? std::string("1 lot")
                 : absl::StrCat(response.cancelled_batch_ids_size(), " lots"),
             response.cancelled_batch_ids_size() == 1 ? "" : "s");
  return absl::OkStatus();
}

}  // namespace

void AddBatchCancelCommand(CLI::App& batches, Session& session) {
  auto o = std::make_shared<CancelOptions>();
  CLI::App* cmd = batches.add_subcommand(
      "cancel", "Annule un ou plusieurs lots successifs, du plus récent au plus ancien");
  cmd->add_option("BATCH", o->batches, "Numéros ou identifiants des lots")->required();
  cmd->add_flag("-y,--yes", o->yes, "Confirme l'annulation sans question");
  session.OnRun(cmd, [&session, o] { return RunCancel(session.client(), *o); });
}

}  // namespace factflow::cli
