// factflowctl upload, batches, batch show, grid, check, generate: the marketplace import, from
// the file to the "GÉNÉRER LES FACTURES" button.

#include "commands/imports.h"

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "commands/commands.h"
#include "commands/operations.h"
#include "format.h"
#include "parse.h"
#include "progress.h"

namespace factflow::cli {
namespace {

using importer::v1::Batch;
using importer::v1::GridDocument;
using importer::v1::ImporterService;
using importer::v1::Issue;

constexpr absl::Duration kUploadTimeout = absl::Seconds(120);
constexpr absl::Duration kGenerationPoll = absl::Milliseconds(200);
constexpr size_t kIssuesShown = 20;
constexpr size_t kFileNameWidth = 40;
constexpr size_t kLabelWidth = 40;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("impossible de lire le fichier ", path));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("lecture interrompue : ", path));
  return content.str();
}

absl::Status ListGrid(Client& client, const std::string& batch_id, bool only_invalid,
                      importer::v1::ListGridDocumentsResponse* grid) {
  importer::v1::ListGridDocumentsRequest request;
  request.set_batch_id(batch_id);
  request.set_only_invalid(only_invalid);
  return client.CallAllPages(&ImporterService::Stub::ListGridDocuments, request, grid);
}

std::string IssueKey(const Issue& issue) {
  return absl::StrCat(issue.file_name(), "\x1f", issue.row(), "\x1f", issue.column(), "\x1f",
                      issue.field(), "\x1f", issue.message());
}

std::string BatchRange(const Batch& batch) {
  return FormatNumberRange(batch.first_invoice_number(), batch.last_invoice_number());
}

std::string DescribeBatch(const Batch& batch) {
  std::string out = FormatFields({
      {"Lot n°", absl::StrCat(batch.batch_number())},
      {"Identifiant", batch.batch_id()},
      {"Fichier", batch.file_name()},
      {"Format", batch.format()},
      {"SHA-256 du fichier", batch.file_sha256()},
      {"Statut", FrenchBatchStatus(batch.status())},
      {"Message", batch.status_message()},
      {"Lignes lues", absl::StrCat(batch.rows_read())},
      {"Commandes", absl::StrCat(batch.document_count())},
      {"Valides", absl::StrCat(batch.valid_document_count())},
      {"Cochées", absl::StrCat(batch.checked_document_count())},
      {"Problèmes", absl::StrCat(batch.issue_count())},
      {"Factures", batch.invoice_count() > 0 ? absl::StrCat(batch.invoice_count()) : ""},
      {"Numéros", BatchRange(batch)},
      {"Total TTC (valides)", FormatAmount(batch.total_incl_vat())},
      {"Créé par", batch.created_by()},
      {"Créé le", FormatTimestamp(batch.created_at(), absl::LocalTimeZone())},
  });
  if (batch.file_issues_size() > 0) {
    out += "Problèmes du fichier :\n";
    for (const Issue& issue : batch.file_issues()) out += "  " + FormatIssue(issue) + "\n";
  }
  return out;
}

// ---- upload ----------------------------------------------------------------------------------

absl::Status RunUpload(Client& client, const UploadOptions& options) {
  absl::StatusOr<Batch> batch = UploadFile(client, options);
  if (!batch.ok()) {
    // The service names its API field; the operator types the flag.
    std::string message(batch.status().message());
    if (absl::StrContains(message, "(allow_duplicate)")) {
      return absl::Status(
          batch.status().code(),
          absl::StrReplaceAll(message, {{"(allow_duplicate)", "(--allow-duplicate)"}}));
    }
    return batch.status();
  }
  absl::StatusOr<std::vector<Issue>> issues = CollectIssues(client, *batch);
  if (!issues.ok()) return issues.status();
  fmt::print("{}", DescribeUpload(*batch, *issues));
  fmt::print("\nContrôlez puis générez : factflowctl grid {0} ; factflowctl generate {0} --wait\n",
             batch->batch_number());
  return absl::OkStatus();
}

void AddUploadCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<UploadOptions>();
  CLI::App* cmd =
      app.add_subcommand("upload", "Importe un fichier (export FNAC...) dans un nouveau lot");
  cmd->add_option("FILE", o->file, "Fichier à importer")->required()->check(CLI::ExistingFile);
  cmd->add_option("--format", o->format, "Format d'import")->capture_default_str();
  cmd->add_option("--series", o->series,
                  "Série de numérotation des factures (par défaut : celle des préférences)");
  AddPreferenceOptions(cmd, *o);
  cmd->add_flag("--save-preferences", o->save_preferences,
                "Enregistre ces options comme préférences du format");
  cmd->add_flag("--allow-duplicate", o->allow_duplicate,
                "Accepte un fichier déjà intégré (même contenu)");
  session.OnRun(cmd, [&session, o] { return RunUpload(session.client(), *o); });
}

// ---- batches / batch show --------------------------------------------------------------------

absl::Status RunBatches(Client& client, bool json) {
  importer::v1::ListBatchesResponse all;
  absl::Status status = client.CallAllPages(&ImporterService::Stub::ListBatches,
                                            importer::v1::ListBatchesRequest(), &all);
  if (!status.ok()) return status;
  if (json) {
    PrintJson(all);
    return absl::OkStatus();
  }
  Table table({{"N°", Table::Align::kRight},
               {"Fichier"},
               {"Statut"},
               {"Commandes", Table::Align::kRight},
               {"Valides", Table::Align::kRight},
               {"Factures", Table::Align::kRight},
               {"Numéros"},
               {"Créé le"}});
  for (const Batch& batch : all.batches()) {
    table.AddRow({absl::StrCat(batch.batch_number()), Truncate(batch.file_name(), kFileNameWidth),
                  FrenchBatchStatus(batch.status()), absl::StrCat(batch.document_count()),
                  absl::StrCat(batch.valid_document_count()), absl::StrCat(batch.invoice_count()),
                  BatchRange(batch), FormatTimestamp(batch.created_at(), absl::LocalTimeZone())});
  }
  if (table.empty()) {
    fmt::print("Aucun lot d'intégration. Importez un fichier : factflowctl upload FICHIER\n");
  } else {
    fmt::print("{}{}\n", table.Render(), Count(all.batches_size(), "lot", "lots"));
  }
  return absl::OkStatus();
}

absl::Status RunBatchShow(Client& client, const std::string& ref, bool json) {
  absl::StatusOr<Batch> batch = ResolveBatch(client, ref);
  if (!batch.ok()) return batch.status();
  if (json) {
    PrintJson(*batch);
  } else {
    fmt::print("{}", DescribeBatch(*batch));
  }
  return absl::OkStatus();
}

void AddBatchCommands(CLI::App& app, Session& session) {
  auto batches_json = std::make_shared<bool>(false);
  CLI::App* batches = app.add_subcommand("batches", "Liste les lots d'intégration");
  AddJsonFlag(batches, batches_json.get());
  // "batches cancel" keeps its own outcome: the list runs only without a subcommand.
  session.OnRunWithExitCode(batches, [&session, batches, batches_json] {
    if (!batches->get_subcommands().empty()) return session.exit_code();
    return ReportError(RunBatches(session.client(), *batches_json));
  });
  AddBatchCancelCommand(*batches, session);

  struct ShowOptions {
    std::string ref;
    bool json = false;
  };
  auto o = std::make_shared<ShowOptions>();
  CLI::App* batch = app.add_subcommand("batch", "Un lot d'intégration");
  batch->require_subcommand(1);
  CLI::App* show = batch->add_subcommand("show", "Détail d'un lot");
  show->add_option("BATCH", o->ref, "Numéro ou identifiant du lot")->required();
  AddJsonFlag(show, &o->json);
  session.OnRun(show, [&session, o] { return RunBatchShow(session.client(), o->ref, o->json); });
}

// ---- grid ------------------------------------------------------------------------------------

struct GridOptions {
  std::string batch;
  bool only_invalid = false;
  bool json = false;
};

void AddGridRows(const GridDocument& doc, Table& table) {
  std::vector<std::string> head = {doc.checked() ? "[x]" : "[ ]",
                                   absl::StrCat(doc.position()),
                                   doc.external_id(),
                                   FormatIsoDate(doc.document_date()),
                                   Truncate(FormatBuyer(doc.buyer()), 28),
                                   FormatAmount(doc.total_incl_vat()),
                                   doc.valid() ? "oui" : "NON"};
  if (doc.rows().empty()) {
    head.insert(head.end(), {"", "", "", ""});
    table.AddRow(std::move(head));
    return;
  }
  bool first = true;
  for (const auto& row : doc.rows()) {
    std::vector<std::string> cells =
        first ? head : std::vector<std::string>(head.size(), std::string());
    std::string mapping = FrenchMappingStatus(row.mapping_status());
    if (!row.article_code().empty()) mapping += " (" + row.article_code() + ")";
    if (row.default_vat_rate_applied()) mapping += ", taux par défaut appliqué";
    cells.insert(cells.end(), {absl::StrCat(row.source_row()), Truncate(row.label(), kLabelWidth),
                               FormatDecimal(row.quantity()), mapping});
    table.AddRow(std::move(cells));
    first = false;
  }
}

std::string GridIssues(const importer::v1::ListGridDocumentsResponse& grid) {
  std::string out;
  for (const GridDocument& doc : grid.documents()) {
    auto add = [&](const Issue& issue) {
      out += fmt::format("  commande {} : {}\n", doc.external_id(), FormatIssue(issue));
    };
    for (const Issue& issue : doc.issues()) add(issue);
    for (const auto& row : doc.rows()) {
      for (const Issue& issue : row.issues()) add(issue);
    }
  }
  return out;
}

absl::Status RunGrid(Client& client, const GridOptions& options) {
  absl::StatusOr<Batch> batch = ResolveBatch(client, options.batch);
  if (!batch.ok()) return batch.status();
  importer::v1::ListGridDocumentsResponse grid;
  absl::Status status = ListGrid(client, batch->batch_id(), options.only_invalid, &grid);
  if (!status.ok()) return status;
  if (options.json) {
    PrintJson(grid);
    return absl::OkStatus();
  }
  fmt::print("Lot n° {} — {} ({})\n\n", batch->batch_number(), batch->file_name(),
             FrenchBatchStatus(batch->status()));
  Table table({{"Coché"},
               {"N°", Table::Align::kRight},
               {"Commande"},
               {"Date"},
               {"Acheteur"},
               {"Total TTC", Table::Align::kRight},
               {"Valide"},
               {"Ligne", Table::Align::kRight},
               {"Article"},
               {"Qté", Table::Align::kRight},
               {"Correspondance"}});
  int checked = 0;
  for (const GridDocument& doc : grid.documents()) {
    AddGridRows(doc, table);
    checked += doc.checked() ? 1 : 0;
  }
  fmt::print("{}{}, {} cochée{}\n", table.Render(),
             Count(grid.documents_size(), "commande", "commandes"), checked,
             checked > 1 ? "s" : "");
  std::string issues = GridIssues(grid);
  if (!issues.empty()) fmt::print("\nProblèmes :\n{}", issues);
  return absl::OkStatus();
}

void AddGridCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<GridOptions>();
  CLI::App* cmd = app.add_subcommand("grid", "Grille de contrôle d'un lot");
  cmd->add_option("BATCH", o->batch, "Numéro ou identifiant du lot")->required();
  cmd->add_flag("--invalid", o->only_invalid, "Seulement les commandes invalides");
  AddJsonFlag(cmd, &o->json);
  session.OnRun(cmd, [&session, o] { return RunGrid(session.client(), *o); });
}

// ---- check -----------------------------------------------------------------------------------

struct CheckOptions {
  std::string batch;
  bool all = false;
  std::vector<std::string> documents;
  bool uncheck = false;
};

// Document ids from ids or FNAC order numbers, as the operator reads them in the grid.
absl::StatusOr<std::vector<std::string>> ResolveDocuments(Client& client,
                                                          const std::string& batch_id,
                                                          const std::vector<std::string>& refs) {
  importer::v1::ListGridDocumentsResponse grid;
  absl::Status status = ListGrid(client, batch_id, false, &grid);
  if (!status.ok()) return status;
  std::vector<std::string> ids;
  for (const std::string& ref : refs) {
    auto it = std::find_if(grid.documents().begin(), grid.documents().end(),
                           [&](const GridDocument& doc) {
                             return doc.document_id() == ref || doc.external_id() == ref;
                           });
    if (it == grid.documents().end()) {
      return absl::NotFoundError(
          absl::StrCat("aucun document « ", ref, " » dans ce lot (identifiant ou n° de commande)"));
    }
    ids.push_back(it->document_id());
  }
  return ids;
}

absl::Status RunCheck(Client& client, const CheckOptions& options) {
  if (options.all == !options.documents.empty()) {
    ThrowUsageError("--all/--doc", "indiquez soit --all, soit un ou plusieurs --doc");
  }
  absl::StatusOr<Batch> batch = ResolveBatch(client, options.batch);
  if (!batch.ok()) return batch.status();
  std::vector<std::string> ids;
  if (!options.all) {
    absl::StatusOr<std::vector<std::string>> resolved =
        ResolveDocuments(client, batch->batch_id(), options.documents);
    if (!resolved.ok()) return resolved.status();
    ids = *std::move(resolved);
  }
  absl::StatusOr<importer::v1::SetDocumentsCheckedResponse> response =
      SetChecked(client, batch->batch_id(), ids, !options.uncheck);
  if (!response.ok()) return response.status();
  fmt::print("{} ; {} dans le lot n° {}.\n",
             Count(response->changed(), options.uncheck ? "document décoché" : "document coché",
                   options.uncheck ? "documents décochés" : "documents cochés"),
             Count(response->checked_document_count(), "document coché", "documents cochés"),
             batch->batch_number());
  return absl::OkStatus();
}

void AddCheckCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Coche ou décoche des documents d'un lot");
  cmd->add_option("BATCH", o->batch, "Numéro ou identifiant du lot")->required();
  CLI::Option* all = cmd->add_flag("--all", o->all, "Tous les documents du lot");
  CLI::Option* doc = cmd->add_option("--doc", o->documents,
                                     "Identifiant du document ou n° de commande, répétable");
  all->excludes(doc);
  cmd->add_flag("--uncheck", o->uncheck, "Décoche au lieu de cocher");
  session.OnRun(cmd, [&session, o] { return RunCheck(session.client(), *o); });
}

// ---- generate --------------------------------------------------------------------------------

struct GenerateOptions {
  std::string batch;
  bool dry_run = false;
  bool wait = false;
};

absl::Status RunGenerate(Client& client, const GenerateOptions& options) {
  absl::StatusOr<Batch> batch = ResolveBatch(client, options.batch);
  if (!batch.ok()) return batch.status();
  absl::StatusOr<importer::v1::GenerateInvoicesResponse> response =
      RequestGeneration(client, batch->batch_id(), options.dry_run);
  if (!response.ok()) return response.status();
  std::string skipped =
      response->skipped_invalid() > 0
          ? " ; " + Count(response->skipped_invalid(), "document coché écarté car invalide",
                          "documents cochés écartés car invalides")
          : "";
  if (options.dry_run) {
    fmt::print(
        "Simulation : {}{}, total TTC {}. Rien n'a été numéroté.\n",
        Count(response->document_count(), "facture serait générée", "factures seraient générées"),
        skipped, FormatAmount(response->total_incl_vat()));
    if (!response->first_number().empty()) {
      fmt::print("Numéros qui seraient pris (série {}) : {}, si rien n'est numéroté avant.\n",
                 response->series_code(),
                 FormatNumberRange(response->first_number(), response->last_number()));
    }
    return absl::OkStatus();
  }
  fmt::print("Génération demandée pour le lot n° {} : {}{}, total TTC {}.\n", batch->batch_number(),
             Count(response->document_count(), "document", "documents"), skipped,
             FormatAmount(response->total_incl_vat()));
  if (!options.wait) {
    fmt::print("Suivi : factflowctl batch show {}\n", batch->batch_number());
    return absl::OkStatus();
  }
  absl::StatusOr<Batch> generated = WaitForGeneration(client, batch->batch_id(), *response);
  if (!generated.ok()) return generated.status();
  fmt::print("{}\n", DescribeGenerated(*generated));
  return absl::OkStatus();
}

void AddGenerateCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<GenerateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "generate", "GÉNÉRER LES FACTURES : numérote les documents cochés et valides d'un lot");
  cmd->add_option("BATCH", o->batch, "Numéro ou identifiant du lot")->required();
  cmd->add_flag("--dry-run", o->dry_run, "Montre ce qui serait généré, sans rien numéroter");
  cmd->add_flag("--wait", o->wait, "Attend les numéros (60 s au plus)");
  session.OnRun(cmd, [&session, o] { return RunGenerate(session.client(), *o); });
}

}  // namespace

absl::StatusOr<Batch> UploadFile(Client& client, const UploadOptions& options) {
  absl::StatusOr<std::string> content = ReadFile(options.file);
  if (!content.ok()) return content.status();
  importer::v1::UploadFileChunk header;
  importer::v1::UploadFileRequest& request = *header.mutable_header();
  request.set_format(options.format);
  request.set_file_name(std::filesystem::path(options.file).filename().string());
  absl::StatusOr<importer::v1::ImportPreferences> preferences = PreferencesFromOptions(options);
  if (!preferences.ok()) return preferences.status();
  *request.mutable_preferences() = *std::move(preferences);
  request.set_save_preferences(options.save_preferences);
  request.set_allow_duplicate(options.allow_duplicate);
  // Client streaming (UploadFileStream): the header, then the file in 1 MiB chunks.
  constexpr size_t kChunkBytes = size_t{1} << 20;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.Channel(Service::kImporter);
  if (!channel.ok()) return channel.status();
  absl::StatusOr<std::string> token = client.Token();
  if (!token.ok()) return token.status();
  ImporterService::Stub stub(*channel);
  std::unique_ptr<grpc::ClientContext> context =
      grpcutil::OutgoingContext(*token, kUploadTimeout);
  importer::v1::UploadFileResponse response;
  std::unique_ptr<grpc::ClientWriter<importer::v1::UploadFileChunk>> writer =
      stub.UploadFileStream(context.get(), &response);
  // Write fails once the server ended the call (a refusal): its status says why.
  if (writer->Write(header)) {
    importer::v1::UploadFileChunk chunk;
    for (size_t at = 0; at < content->size(); at += kChunkBytes) {
      chunk.set_data(content->substr(at, kChunkBytes));
      if (!writer->Write(chunk)) break;
    }
  }
  writer->WritesDone();
  absl::Status status = status::FromGrpc(writer->Finish());
  if (!status.ok()) return status;
  return response.batch();
}

absl::StatusOr<Batch> ResolveBatch(Client& client, const std::string& ref) {
  if (!IsDigits(ref)) {
    importer::v1::GetBatchRequest request;
    request.set_batch_id(ref);
    Batch batch;
    absl::Status status = client.Call(&ImporterService::Stub::GetBatch, request, &batch);
    if (!status.ok()) return status;
    return batch;
  }
  int64_t number = 0;
  if (!absl::SimpleAtoi(ref, &number)) {
    return absl::InvalidArgumentError(absl::StrCat("numéro de lot invalide : ", ref));
  }
  importer::v1::ListBatchesResponse all;
  absl::Status status = client.CallAllPages(&ImporterService::Stub::ListBatches,
                                            importer::v1::ListBatchesRequest(), &all);
  if (!status.ok()) return status;
  for (const Batch& batch : all.batches()) {
    if (batch.batch_number() == number) return batch;
  }
  return absl::NotFoundError(
      absl::StrCat("lot n° ", number, " introuvable (voir factflowctl batches)"));
}

absl::StatusOr<std::vector<Issue>> CollectIssues(Client& client, const Batch& batch) {
  std::vector<Issue> issues;
  std::set<std::string> seen;
  auto add = [&](const Issue& issue) {
    if (seen.insert(IssueKey(issue)).second) issues.push_back(issue);
  };
  for (const Issue& issue : batch.file_issues()) add(issue);
  if (batch.issue_count() <= batch.file_issues_size()) return issues;
  importer::v1::ListGridDocumentsResponse grid;
  absl::Status status = ListGrid(client, batch.batch_id(), false, &grid);
  if (!status.ok()) return status;
  for (const GridDocument& doc : grid.documents()) {
    for (const Issue& issue : doc.issues()) add(issue);
    for (const auto& row : doc.rows()) {
      for (const Issue& issue : row.issues()) add(issue);
    }
  }
  return issues;
}

std::string DescribeUpload(const Batch& batch, const std::vector<Issue>& issues) {
  int invalid = batch.document_count() - batch.valid_document_count();
  std::string out =
      fmt::format("Lot n° {} : {} ({}, {})\n", batch.batch_number(), batch.file_name(),
                  batch.format(), FrenchBatchStatus(batch.status()));
  out += FormatFields({
      {"Lignes lues", absl::StrCat(batch.rows_read())},
      {"Commandes", fmt::format("{} (valides : {}, invalides : {})", batch.document_count(),
                                batch.valid_document_count(), invalid)},
      {"Total TTC", FormatAmount(batch.total_incl_vat())},
      {"Problèmes", absl::StrCat(std::max<int64_t>(batch.issue_count(), issues.size()))},
  });
  std::vector<IssueLine> lines = GroupIssues(issues);
  int64_t not_shown = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i < kIssuesShown) {
      out += "  " + lines[i].text + "\n";
    } else {
      not_shown += lines[i].count;
    }
  }
  if (not_shown > 0) {
    out +=
        fmt::format("  … et {} (factflowctl grid {} --invalid)\n",
                    Count(not_shown, "autre problème", "autres problèmes"), batch.batch_number());
  }
  return out;
}

absl::StatusOr<importer::v1::SetDocumentsCheckedResponse> SetChecked(
    Client& client, const std::string& batch_id, const std::vector<std::string>& document_ids,
    bool checked) {
  importer::v1::SetDocumentsCheckedRequest request;
  request.set_batch_id(batch_id);
  request.set_all(document_ids.empty());
  request.mutable_document_ids()->Assign(document_ids.begin(), document_ids.end());
  request.set_checked(checked);
  importer::v1::SetDocumentsCheckedResponse response;
  absl::Status status =
      client.Call(&ImporterService::Stub::SetDocumentsChecked, request, &response);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<importer::v1::GenerateInvoicesResponse> RequestGeneration(
    Client& client, const std::string& batch_id, bool dry_run) {
  importer::v1::GenerateInvoicesRequest request;
  request.set_batch_id(batch_id);
  request.set_dry_run(dry_run);
  importer::v1::GenerateInvoicesResponse response;
  absl::Status status = client.Call(&ImporterService::Stub::GenerateInvoices, request, &response);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<Batch> WaitForGeneration(Client& client, const std::string& batch_id,
                                        const importer::v1::GenerateInvoicesResponse& requested) {
  Batch batch;
  importer::v1::GetBatchRequest request;
  request.set_batch_id(batch_id);
  const std::string& generation_id = requested.generation_id();
  WaitOptions options{
      "Génération des factures",
      absl::StrCat(LookAgain(generation_id), " (ou factflowctl batch show ", batch_id, ")"),
      kGenerationPoll, client.stall_timeout(), StdoutIsTerminal()};
  absl::Status status = WaitForProgress(
      [&]() -> absl::StatusOr<Progress> {
        absl::Status call = client.Call(&ImporterService::Stub::GetBatch, request, &batch);
        if (!call.ok()) return call;
        switch (batch.status()) {
          case importer::v1::BATCH_STATUS_GENERATED:
            return Progress{batch.invoice_count(), batch.invoice_count(), "", true};
          case importer::v1::BATCH_STATUS_REJECTED:
          case importer::v1::BATCH_STATUS_CANCELLED:
            return absl::FailedPreconditionError(
                absl::StrCat("génération refusée pour le lot n° ", batch.batch_number(), " (",
                             FrenchBatchStatus(batch.status()), ") : ", batch.status_message()));
          default:
            break;
        }
        // Progress comes from invoicing-state's operation; until the event reached it, there is
        // none yet.
        Progress progress{0, requested.document_count(), "en attente de invoicing-state", false};
        absl::StatusOr<invoicing::v1::Operation> op = GetOperation(client, generation_id);
        if (op.ok()) {
          progress.done = op->done();
          progress.step = op->state() == invoicing::v1::OPERATION_STATE_RUNNING
                              ? op->step()
                              : "numérotées ; mise à jour du lot";
        } else if (!absl::IsNotFound(op.status())) {
          return op.status();
        }
        return progress;
      },
      options);
  if (!status.ok()) return status;
  return batch;
}

std::string DescribeGenerated(const Batch& batch) {
  std::string range = BatchRange(batch);
  return absl::StrCat(Count(batch.invoice_count(), "facture générée", "factures générées"),
                      range.empty() ? "" : " (" + range + ")");
}

void AddImportCommands(CLI::App& app, Session& session) {
  AddUploadCommand(app, session);
  AddBatchCommands(app, session);
  AddGridCommand(app, session);
  AddCheckCommand(app, session);
  AddGenerateCommand(app, session);
}

}  // namespace factflow::cli
