#pragma once

// Reception of a CSV connector's ETA files (domain.md sections 3 and 7): every ImportTiers*.csv
// (parties, first) and ImportDocuments*.csv of its import folder, one database transaction per
// file. In that transaction: the file is recorded by content hash (the same file is never
// received twice), parties are created or updated with the connector's families, documents are
// stored as orders or delivery notes (per the setting; never invoices) - integrated when every
// article code has a correspondence, else in QUARANTINE (storage/quarantine.h releases them) -,
// DocumentsReceived / PartiesChanged events go to the outbox, and a synchronisation report is
// written. Only after the commit is the file moved to the import folder's "recus" sub-folder: a
// crash in between leaves a file that the next reception recognises by its hash and only moves.
// A malformed file is refused whole (nothing of it is written; it stays where it is) and
// reported with its file, line, column and value.
//
// Thread safety: thread-safe (receptions of one connector serialise on its advisory lock).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "connectors/folders.h"
#include "db/pool.h"
#include "domain/connector.h"
#include "domain/eta_files.h"
#include "storage/connector_repository.h"

namespace factflow::catalog_mapping::connectors {

// Largest ETA file accepted (bigger ones are refused and reported, never cut).
inline constexpr size_t kMaxReceptionFileBytes = 512u << 20;

// What a pending file holds (ListPendingReceptions), read without writing anything.
struct PendingFile {
  struct Document {
    std::string id, customer, total_incl_vat, payment_mode;  // total: canonical decimal text
    bool already_received = false;
  };
  struct Article {
    std::string external_code, article_code, article_label;  // article empty: no correspondence
  };
  struct Party {
    std::string code, name;
    bool exists = false;
  };
  std::string file_name;
  bool documents_file = true;
  std::string error;  // French; the file would be refused
  std::vector<Document> documents;
  std::vector<Article> articles;  // distinct codes, sorted
  std::vector<Party> parties;
};

class Reception {
 public:
  // Every argument must outlive the object; `producer` names the service in event envelopes.
  Reception(db::Pool& pool, const ConnectorFolders& folders, std::string producer);

  // Receives every pending file (CSV mode) or every batch the webservice answers (webservice
  // mode, connectors/webservice_reception.cc). Returns the combined report (its entries; state
  // "Synchronisé", "Partiel" when documents wait in quarantine, "En erreur" when a file or an
  // answer was refused, "Aucune donnée" when nothing was waiting). The pool's errors.
  absl::StatusOr<storage::SyncReportRecord> Receive(const std::string& tenant_id,
                                                    const domain::Connector& connector);
  // The pending files and their content (CSV mode only: FailedPrecondition for a webservice) (articles with their correspondence, documents new or
  // already received, parties new or updated), in reception order. Nothing is written.
  absl::StatusOr<std::vector<PendingFile>> Preview(const std::string& tenant_id,
                                                   const domain::Connector& connector);

 private:
  // One file or webservice batch in one transaction: recorded by content hash (a second time:
  // "Déjà reçu", nothing stored), its documents or parties stored, its report appended. A
  // refused `parsed` stores nothing but the report.
  absl::StatusOr<storage::SyncReportRecord> StoreOne(
      const std::string& tenant_id, const domain::Connector& connector, const std::string& name,
      const std::string& sha, domain::EtaFileKind kind, const absl::Status& parsed,
      const std::vector<domain::EtaDocument>& documents,
      const std::vector<domain::EtaParty>& parties);
  absl::StatusOr<storage::SyncReportRecord> ReceiveFromWebservice(
      const std::string& tenant_id, const domain::Connector& connector);
  static void Combine(storage::SyncReportRecord& report, storage::SyncReportRecord& combined,
                      bool& errors, bool& quarantine);
  static std::string CombinedState(bool empty, bool errors, bool quarantine);

  db::Pool& pool_;
  const ConnectorFolders& folders_;
  std::string producer_;
};

}  // namespace factflow::catalog_mapping::connectors
