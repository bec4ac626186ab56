// factflowctl job fnac: the demo's main job, run by `./factflow run`. One FNAC export from the
// file to archived, sent invoices, every step printed in French for the operator watching it:
// tenant → upload → generate → prepare → send → archive → invoice table → summary.

#include <fmt/core.h>

#include <functional>

#include "absl/strings/str_cat.h"
#include "commands/commands.h"
#include "commands/imports.h"
#include "commands/invoices.h"
#include "commands/operations.h"
#include "commands/tenant.h"
#include "demo_tenant.h"
#include "format.h"
#include "parse.h"
#include "progress.h"

namespace factflow::cli {
namespace {

using importer::v1::Batch;
using invoicing::v1::Invoice;
using invoicing::v1::ListInvoicesResponse;

constexpr char kFnacFormat[] = "fnac-orders-xlsx";
constexpr absl::Duration kArchivePoll = absl::Milliseconds(500);
// Invoices listed in the job's table; the rest are counted (factflowctl invoices lists all).
constexpr int kTableRows = 20;

struct JobOptions {
  std::string file;
  // Empty: the series of the saved preferences (FA when none is saved).
  std::string series;
  bool allow_duplicate = false;
};

// What the steps learn and the later ones use.
struct JobState {
  invoicing::v1::Tenant tenant;
  bool tenant_existed = false;  // kept from an earlier job: its numbering goes on
  Batch batch;
  int64_t sent = 0;
  invoicing::v1::SelectionSummary summary;
};

invoicing::v1::SelectionCriteria BatchSelection(const Batch& batch) {
  invoicing::v1::SelectionCriteria criteria;
  criteria.set_batch_id(batch.batch_id());
  return criteria;
}

// The batch's invoices, whatever their state.
invoicing::v1::SelectionCriteria AllOfBatch(const Batch& batch) {
  invoicing::v1::SelectionCriteria criteria = BatchSelection(batch);
  for (auto state : AllSendStates()) criteria.add_states(state);
  return criteria;
}

// "3,4 s" (tenths, no floating point).
std::string Seconds(absl::Duration elapsed) {
  int64_t tenths = absl::ToInt64Milliseconds(elapsed) / 100;
  return absl::StrCat(tenths / 10, ",", tenths % 10, " s");
}

absl::Status EnsureTenant(Client& client, JobState& state) {
  absl::StatusOr<invoicing::v1::Tenant> tenant = GetTenant(client);
  if (tenant.ok()) {
    fmt::print("Dossier existant : « {} » ({}).\n", tenant->company().name(), tenant->tenant_id());
    state.tenant_existed = true;
  } else if (absl::IsNotFound(tenant.status())) {
    tenant = CreateTenant(client, DemoTenant(CurrentYear()));
    if (!tenant.ok()) return tenant.status();
    fmt::print("Dossier créé : « {} » ({}), SIREN {}, TVA {}.\n", tenant->company().name(),
               tenant->tenant_id(), tenant->company().siren(), tenant->company().vat_number());
  } else {
    return tenant.status();
  }
  bool activated = false;
  absl::StatusOr<invoicing::v1::Tenant> updated =
      EnsureFormatActivated(client, *tenant, kFnacFormat, &activated);
  if (!updated.ok()) return updated.status();
  if (activated) fmt::print("Format d'import « {} » activé.\n", kFnacFormat);
  state.tenant = *std::move(updated);
  return absl::OkStatus();
}

absl::Status Upload(Client& client, const JobOptions& options, JobState& state) {
  UploadOptions upload{options.file, kFnacFormat, options.series, options.allow_duplicate};
  absl::StatusOr<Batch> batch = UploadFile(client, upload);
  if (!batch.ok()) return batch.status();
  absl::StatusOr<std::vector<importer::v1::Issue>> issues = CollectIssues(client, *batch);
  if (!issues.ok()) return issues.status();
  fmt::print("{}", DescribeUpload(*batch, *issues));
  if (batch->valid_document_count() == 0) {
    return absl::FailedPreconditionError(
        "aucune commande valide dans le fichier : rien à facturer");
  }
  state.batch = *std::move(batch);
  return absl::OkStatus();
}

absl::Status Generate(Client& client, JobState& state) {
  const std::string& batch_id = state.batch.batch_id();
  if (state.batch.checked_document_count() == 0) {
    absl::StatusOr<importer::v1::SetDocumentsCheckedResponse> checked =
        SetChecked(client, batch_id, {}, true);
    if (!checked.ok()) return checked.status();
    fmt::print("Aucune commande cochée : toutes les commandes du lot sont cochées.\n");
  }
  absl::StatusOr<importer::v1::GenerateInvoicesResponse> request =
      RequestGeneration(client, batch_id, /*dry_run=*/false);
  if (!request.ok()) return request.status();
  fmt::print("{} à numéroter (total TTC {}) ; attente des numéros...\n",
             Count(request->document_count(), "commande", "commandes"),
             FormatAmount(request->total_incl_vat()));
  absl::StatusOr<Batch> generated = WaitForGeneration(client, batch_id, *request);
  if (!generated.ok()) return generated.status();
  fmt::print("{}\n", DescribeGenerated(*generated));
  state.batch = *std::move(generated);
  return absl::OkStatus();
}

absl::Status Prepare(Client& client, JobState& state) {
  absl::StatusOr<invoicing::v1::Operation> prepared =
      ApplyActionAndWait(client, invoicing::v1::INVOICE_ACTION_PREPARE, BatchSelection(state.batch),
                         /*confirm_final=*/false);
  if (!prepared.ok()) return prepared.status();
  fmt::print("{}", DescribeActionOutcome(*prepared));
  return absl::OkStatus();
}

absl::Status Send(Client& client, JobState& state) {
  // Running the job is the operator's explicit confirmation; it is said before acting.
  fmt::print(
      "L'envoi au destinataire est définitif : les factures envoyées ne pourront plus être "
      "modifiées. Lancer ce job vaut confirmation.\n");
  absl::StatusOr<invoicing::v1::Operation> sent =
      ApplyActionAndWait(client, invoicing::v1::INVOICE_ACTION_SEND, BatchSelection(state.batch),
                         /*confirm_final=*/true);
  if (!sent.ok()) return sent.status();
  fmt::print("{}", DescribeActionOutcome(*sent));
  if (sent->done() == 0) {
    return absl::FailedPreconditionError("aucune facture n'a été envoyée (aucune à l'état Prêt)");
  }
  state.sent = sent->done();
  return absl::OkStatus();
}

absl::Status Summarize(Client& client, JobState& state) {
  absl::StatusOr<invoicing::v1::SelectionSummary> summary =
      SummarizeSelection(client, AllOfBatch(state.batch));
  if (!summary.ok()) return summary.status();
  state.summary = *std::move(summary);
  return absl::OkStatus();
}

absl::Status WaitArchived(Client& client, JobState& state) {
  if (!state.tenant.archiving_enabled()) {
    fmt::print("Archivage désactivé pour ce dossier : rien à attendre.\n");
    return Summarize(client, state);
  }
  absl::Time start = absl::Now();
  WaitOptions options{"PDF archivés",
                      absl::StrCat("factflowctl invoices --batch ", state.batch.batch_number()),
                      kArchivePoll, client.stall_timeout(), StdoutIsTerminal()};
  absl::Status status = WaitForProgress(
      [&]() -> absl::StatusOr<Progress> {
        if (absl::Status s = Summarize(client, state); !s.ok()) return s;
        const auto& summary = state.summary;
        return Progress{summary.archived(), summary.envoye(), "",
                        summary.envoye() > 0 && summary.archived() >= summary.envoye()};
      },
      options);
  if (!status.ok()) return status;
  fmt::print("Tous les PDF sont archivés ({}).\n", Seconds(absl::Now() - start));
  return absl::OkStatus();
}

absl::Status PrintInvoices(Client& client, const JobState& state) {
  invoicing::v1::ListInvoicesRequest request;
  *request.mutable_criteria() = AllOfBatch(state.batch);
  request.mutable_page()->set_page_size(kTableRows);
  ListInvoicesResponse first;
  absl::Status status =
      client.Call(&invoicing::v1::InvoiceService::Stub::ListInvoices, request, &first);
  if (!status.ok()) return status;
  Table table({{"Numéro"},
               {"Client"},
               {"Total TTC", Table::Align::kRight},
               {"SHA-256 du PDF archivé"},
               {"Fichier e-facture"}});
  for (const Invoice& invoice : first.invoices()) {
    table.AddRow({invoice.number(), Truncate(invoice.buyer().name(), 30),
                  FormatAmount(invoice.total_with_vat()), invoice.pdf_sha256(),
                  invoice.einvoice_path()});
  }
  fmt::print("{}", table.Render());
  int64_t others = state.summary.total() - first.invoices_size();
  if (others > 0) {
    fmt::print("… et {} (factflowctl invoices --batch {})\n",
               Count(others, "autre facture", "autres factures"), state.batch.batch_number());
  }
  return absl::OkStatus();
}

absl::Status PrintSummary(const JobState& state) {
  const Batch& batch = state.batch;
  const invoicing::v1::SelectionSummary& summary = state.summary;
  fmt::print("{}",
             FormatFields({
                 {"Dossier", state.tenant_existed
                                 ? "existant, conservé avec sa numérotation (la série continue "
                                   "après les numéros déjà émis)"
                                 : "créé par ce job (numérotation à partir du premier numéro)"},
                 {"Lignes lues", absl::StrCat(batch.rows_read())},
                 {"Commandes importées", fmt::format("{} ({} valides)", batch.document_count(),
                                                     batch.valid_document_count())},
                 {"Factures générées", fmt::format("{} ({})", batch.invoice_count(),
                                                   FormatNumberRange(batch.first_invoice_number(),
                                                                     batch.last_invoice_number()))},
                 {"Factures envoyées", absl::StrCat(summary.envoye())},
                 {"PDF archivés", absl::StrCat(summary.archived())},
                 {"Fichiers e-facture CII écrits", absl::StrCat(summary.with_einvoice())},
                 {"Total TTC", FormatAmount(summary.total_with_vat())},
             }));
  return absl::OkStatus();
}

struct Step {
  std::string title;
  std::function<absl::Status()> run;
};

absl::Status RunFnacJob(Client& client, const JobOptions& options) {
  JobState state;
  const std::vector<Step> steps = {
      {"Dossier", [&] { return EnsureTenant(client, state); }},
      {"Import du fichier", [&] { return Upload(client, options, state); }},
      {"Génération des factures", [&] { return Generate(client, state); }},
      {"Préparation de l'envoi", [&] { return Prepare(client, state); }},
      {"Envoi", [&] { return Send(client, state); }},
      {"Archivage des PDF", [&] { return WaitArchived(client, state); }},
      {"Factures", [&] { return PrintInvoices(client, state); }},
      {"Bilan", [&] { return PrintSummary(state); }},
  };
  fmt::print("Job FNAC : {}\n", options.file);
  for (size_t i = 0; i < steps.size(); ++i) {
    int number = static_cast<int>(i) + 1;
    fmt::print("\n== Étape {}/{} — {} ==\n", number, steps.size(), steps[i].title);
    absl::Status status = steps[i].run();
    if (!status.ok()) return AtStep(number, steps[i].title, status);
  }
  fmt::print("\nJob terminé.\n");
  return absl::OkStatus();
}

}  // namespace

void AddJobCommands(CLI::App& app, Session& session) {
  CLI::App* job = app.add_subcommand("job", "Traitements de bout en bout");
  job->require_subcommand(1);
  auto o = std::make_shared<JobOptions>();
  CLI::App* fnac = job->add_subcommand(
      "fnac",
      "Export FNAC → factures envoyées et archivées (dossier, import, génération, "
      "préparation, envoi définitif, archivage, bilan)");
  fnac->add_option("--file", o->file, "Export FNAC (commandes-terminees-jj-mm-aaaa.xlsx)")
      ->required()
      ->check(CLI::ExistingFile);
  fnac->add_option("--series", o->series,
                   "Série de numérotation (par défaut : celle des préférences du format, FA "
                   "sinon)");
  fnac->add_flag("--allow-duplicate", o->allow_duplicate,
                 "Accepte un fichier déjà intégré (nouveau lot)");
  session.OnRun(fnac, [&session, o] { return RunFnacJob(session.client(), *o); });
}

}  // namespace factflow::cli
