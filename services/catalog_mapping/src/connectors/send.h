#pragma once

// The send of an E-connector (domain.md section 3, "Paramètres d'envoi"): the articles of its
// send setting (available for export, a saved filter, or none) with the tariff category, unit
// and depot, and its customers (all, a saved filter, or none), with their contacts when asked.
// CSV mode: ExportArticles-<time>.csv and ExportTiers-<time>.csv in the connector's export
// folder, each streamed into a temporary file of that folder and renamed into place only when
// complete (the third party never sees half a file). Webservice mode: JSON POSTs of at most
// kSendChunk items to <url>/articles and <url>/tiers (connectors/http_client.h: timeouts,
// retries with back-off). Articles and customers are read in keyset chunks of kSendChunk, so
// memory does not grow with the catalogue. A synchronisation report (kind ENVOI: one entry per
// file or POST, "Synchronisé" or "En erreur") is kept in the connector's history.
//
// Thread safety: thread-safe (one call works on its own files and transactions).
//
// Errors: NotFound for a saved filter the settings name and that no longer exists (nothing is
// sent); FailedPrecondition when nothing is to be sent; the folders' errors; the pool's. A failed
// write or POST is not an error of the call: it is reported ("En erreur") in the report.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "connectors/folders.h"
#include "db/pool.h"
#include "domain/connector.h"
#include "storage/connector_repository.h"

namespace factflow::catalog_mapping::connectors {

inline constexpr int kSendChunk = 1000;

// stage: "Articles" or "Clients"; called after each chunk.
using SendProgressFn = std::function<void(const std::string& stage, int64_t done, int64_t total)>;

class Sender {
 public:
  // Both must outlive the sender.
  Sender(db::Pool& pool, const ConnectorFolders& folders) : pool_(pool), folders_(folders) {}

  // `key`: the connector's webservice key (webservice mode). Returns the stored report.
  absl::StatusOr<storage::SyncReportRecord> Send(const std::string& tenant_id,
                                                 const domain::Connector& connector,
                                                 const std::string& key,
                                                 const SendProgressFn& progress);

 private:
  db::Pool& pool_;
  const ConnectorFolders& folders_;
};

}  // namespace factflow::catalog_mapping::connectors
