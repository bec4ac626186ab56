#include "chorus/chorus_exporter.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chorus/zip_writer.h"
#include "files/confined_path.h"
#include "hash/sha256.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"
#include "storage/chorus_export_repository.h"

namespace factflow::dispatch::chorus {
namespace {

struct PendingLot {
  ZipWriter zip;
  std::vector<storage::LotFile> files;
  std::set<std::string> names;
};

std::vector<std::string> Folder(const std::string& tenant_id, const std::string& export_id,
                                std::string file) {
  return {files::SafeFileName(tenant_id), files::SafeFileName(export_id), std::move(file)};
}

// CSV field for the report (';' separated, quoted when needed, as French spreadsheets read it).
std::string Csv(std::string_view text) {
  if (text.find_first_of(";\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c == '\n' ? ' ' : c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

ChorusExporter::~ChorusExporter() {
  std::lock_guard lock(mu_);
  for (auto& thread : threads_) thread.request_stop();
  threads_.clear();  // joins
}

void ChorusExporter::Launch(std::string tenant_id, std::string export_id) {
  std::lock_guard lock(mu_);
  threads_.emplace_back([this, tenant_id, export_id](std::stop_token stop) {
    (void)RunAndRecord(tenant_id, export_id, stop);
  });
}

absl::Status ChorusExporter::ResumeRunning() {
  std::vector<std::pair<std::string, std::string>> running;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    running = storage::RunningExports(tx);
    return absl::OkStatus();
  }));
  for (auto& [tenant_id, export_id] : running) {
    spdlog::info("resuming chorus export {}", export_id);
    Launch(tenant_id, export_id);
  }
  return absl::OkStatus();
}

absl::Status ChorusExporter::Run(const std::string& tenant_id, const std::string& export_id) {
  return RunAndRecord(tenant_id, export_id, {});
}

absl::Status ChorusExporter::RunAndRecord(const std::string& tenant_id,
                                          const std::string& export_id, std::stop_token stop) {
  absl::Status status = RunSteps(tenant_id, export_id, stop);
  // Stopping mid-run leaves it RUNNING: ResumeRunning continues it at the next start.
  if (status.ok() || stop.stop_requested()) return status;
  spdlog::error("chorus export {} failed: {}", export_id, status.ToString());
  // Operators read French: the cause (libzip, disk, SQL text) stays in the log.
  (void)pool_.InTransaction([&](pqxx::work& tx) {
    storage::FinishExport(tx, export_id,
                          absl::StrCat("l'export a échoué ; le détail est dans le journal du "
                                       "service (export ",
                                       export_id, ")"));
    return absl::OkStatus();
  });
  return status;
}

absl::Status ChorusExporter::RunSteps(const std::string& tenant_id, const std::string& export_id,
                                      std::stop_token stop) {
  if (options_.export_dir.empty()) {
    return absl::FailedPreconditionError(
        "aucun dossier d'export Chorus n'est configuré (FACTFLOW_CHORUS_EXPORT_DIR)");
  }
  std::string syntax_code;
  int lot_number = 0;
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<v1::ChorusExport> current = storage::LoadExport(tx, tenant_id, export_id);
    if (!current.ok()) return current.status();
    syntax_code = current->syntax();
    lot_number = storage::NextLotNumber(tx, export_id);
    return absl::OkStatus();
  }));
  FACTFLOW_ASSIGN_OR_RETURN(domain::ChorusSyntax syntax, domain::ParseChorusSyntax(syntax_code));
  const std::string kind = syntax == domain::ChorusSyntax::kCii ? "einvoice-cii" : "invoice-pdf";

  domain::LotCutter cutter(options_.limits);
  PendingLot lot;
  auto flush = [&]() -> absl::Status {
    if (lot.files.empty()) return absl::OkStatus();
    v1::ChorusExportLot record;
    record.set_lot(lot_number);
    record.set_file_name(absl::StrFormat("lot-%03d.zip", lot_number));
    record.set_documents(static_cast<int32_t>(lot.files.size()));
    FACTFLOW_ASSIGN_OR_RETURN(std::string bytes, lot.zip.Finish());
    record.set_sha256(hash::Sha256Hex(bytes));
    record.set_size(static_cast<int64_t>(bytes.size()));
    FACTFLOW_RETURN_IF_ERROR(
        files::WriteConfinedFile(options_.export_dir,
                                 Folder(tenant_id, export_id, record.file_name()), bytes)
            .status());
    FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
      storage::RecordLot(tx, tenant_id, export_id, record, lot.files);
      return absl::OkStatus();
    }));
    ++lot_number;
    lot = PendingLot();
    return absl::OkStatus();
  };

  std::string after;
  while (!stop.stop_requested()) {
    std::vector<storage::ExportFile> chunk;
    FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
      chunk = storage::NextFiles(tx, export_id, kind, after, options_.chunk);
      return absl::OkStatus();
    }));
    if (chunk.empty()) break;
    std::vector<std::pair<std::string, std::string>> left_out;  // number, reason
    for (storage::ExportFile& file : chunk) {
      after = file.invoice_number;
      if (!file.archived) {
        left_out.emplace_back(file.invoice_number,
                              "pas de fichier archivé dans ce format : la facture n'est pas "
                              "encore archivée (voir factflowctl archive list)");
        continue;
      }
      absl::StatusOr<std::string> name = domain::ChorusFileName(file.invoice_number, syntax);
      if (!name.ok()) {
        left_out.emplace_back(file.invoice_number, std::string(name.status().message()));
        continue;
      }
      int64_t size = static_cast<int64_t>(file.content.size());
      if (cutter.TooLarge(size)) {
        left_out.emplace_back(file.invoice_number,
                              absl::StrCat("fichier de ", size,
                                           " octets : Chorus Pro accepte au plus 10 Mo par "
                                           "facture"));
        continue;
      }
      if (cutter.Add(size)) FACTFLOW_RETURN_IF_ERROR(flush());
      if (!lot.names.insert(*name).second) {
        left_out.emplace_back(file.invoice_number,
                              absl::StrCat("nom de fichier ", *name,
                                           " déjà pris dans ce lot par un autre numéro ; "
                                           "exportez-la dans un autre export"));
        continue;
      }
      lot.files.push_back(
          {file.invoice_id, file.invoice_number, *name, hash::Sha256Hex(file.content), size});
      lot.zip.Add(*name, std::move(file.content));
    }
    if (!left_out.empty()) {
      FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
        for (const auto& [number, reason] : left_out) {
          storage::LeaveOut(tx, export_id, number, reason);
        }
        return absl::OkStatus();
      }));
    }
  }
  if (stop.stop_requested()) return absl::CancelledError("service stopping");
  FACTFLOW_RETURN_IF_ERROR(flush());
  FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
    storage::SetStep(tx, export_id, "rapport");
    return absl::OkStatus();
  }));
  FACTFLOW_RETURN_IF_ERROR(WriteReport(tenant_id, export_id));
  return pool_.InTransaction([&](pqxx::work& tx) {
    storage::FinishExport(tx, export_id, "");
    return absl::OkStatus();
  });
}

absl::Status ChorusExporter::WriteReport(const std::string& tenant_id,
                                         const std::string& export_id) {
  // One line per candidate (about 200 bytes: 2 MB for 10,000 documents).
  std::string report =
      "numero;type;date;client;montant_ttc;statut;lot;fichier;sha256;taille;motif\n";
  std::string after;
  for (;;) {
    std::vector<v1::ChorusCandidate> page;
    FACTFLOW_RETURN_IF_ERROR(pool_.InTransaction([&](pqxx::work& tx) {
      page = storage::ListItems(tx, export_id, after, 1000, false, false);
      return absl::OkStatus();
    }));
    if (page.empty()) break;
    for (const v1::ChorusCandidate& item : page) {
      after = item.invoice_number();
      bool exported = item.lot() > 0;
      absl::StrAppend(
          &report, Csv(item.invoice_number()), ";", item.type_code() == "381" ? "avoir" : "facture",
          ";", item.issue_date(), ";", Csv(item.customer_code()), ";", item.total_with_vat(), ";",
          exported ? "exportée" : "écartée", ";",
          exported ? absl::StrFormat("lot-%03d.zip", item.lot()) : "", ";", Csv(item.file_name()),
          ";", item.sha256(), ";", exported ? std::to_string(item.size()) : "", ";",
          Csv(item.left_out_reason()), "\n");
    }
  }
  return files::WriteConfinedFile(options_.export_dir, Folder(tenant_id, export_id, "rapport.csv"),
                                  report)
      .status();
}

}  // namespace factflow::dispatch::chorus
