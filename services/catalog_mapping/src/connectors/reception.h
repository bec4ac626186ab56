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

#include "absl/status/statusor.h"
#include "connectors/folders.h"
#include "db/pool.h"
#include "domain/connector.h"
#include "storage/connector_repository.h"

namespace factflow::catalog_mapping::connectors {

// Largest ETA file accepted (bigger ones are refused and reported, never cut).
inline constexpr size_t kMaxReceptionFileBytes = 512u << 20;

class Reception {
 public:
  // Every argument must outlive the object; `producer` names the service in event envelopes.
  Reception(db::Pool& pool, const ConnectorFolders& folders, std::string producer);

  // Receives every pending file. Returns the combined report of the files (its entries; state
  // "Synchronisé", "Partiel" when documents wait in quarantine, "En erreur" when a file was
  // refused, "Aucune donnée" when nothing was waiting). FailedPrecondition for a webservice
  // connector; the pool's errors.
  absl::StatusOr<storage::SyncReportRecord> Receive(const std::string& tenant_id,
                                                    const domain::Connector& connector);

 private:
  db::Pool& pool_;
  const ConnectorFolders& folders_;
  std::string producer_;
};

}  // namespace factflow::catalog_mapping::connectors
