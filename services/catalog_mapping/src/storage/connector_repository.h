#pragma once

// PostgreSQL storage of E-connectors and of their synchronisation reports, every statement
// scoped by tenant.
//
// Thread safety: thread-safe (each call runs in its own transaction from the pool).
//
// Errors: NotFound in French naming the connector; the pool's Unavailable / Aborted / Internal
// (see db/pool.h).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/pool.h"
#include "domain/connector.h"

namespace factflow::catalog_mapping::storage {

// A connector as stored, with what the connector list shows about it.
struct StoredConnector {
  domain::Connector connector;  // webservice_key left empty: it is never read back out
  bool webservice_key_set = false;
  std::string last_sync_state;  // state of the newest report, "" when none
  int64_t last_sync_at = 0;     // its time (Unix seconds), 0 when none
  bool received_once = false;   // a reception report exists
};

struct SyncEntry {
  std::string file_name;
  std::string type;        // "Document", "Tiers", "Article", "Fichier"
  std::string identifier;
  std::string state;       // "Synchronisé", "En quarantaine", "Libéré", "En erreur", ...
  std::string message;
};

struct SyncReportRecord {
  int64_t id = 0;
  std::string connector_code;
  std::string kind;   // "RECEPTION" or "ENVOI"
  std::string state;
  int64_t at = 0;     // Unix seconds
  std::vector<SyncEntry> entries;
};

class ConnectorRepository {
 public:
  // `pool` must outlive the repository.
  explicit ConnectorRepository(db::Pool& pool);

  // The pool, for the connector features stored beside (saved filters, received documents).
  db::Pool& pool() const { return pool_; }

  // Creates or replaces the connector with this code (an empty webservice key keeps the stored
  // one); returns it as stored.
  absl::StatusOr<StoredConnector> Upsert(const std::string& tenant_id,
                                         const domain::Connector& connector);
  // NotFound naming the code when the tenant has no such connector.
  absl::StatusOr<StoredConnector> Get(const std::string& tenant_id, const std::string& code);
  // The stored webservice key (for the connection test and the webservice calls only).
  absl::StatusOr<std::string> WebserviceKey(const std::string& tenant_id, const std::string& code);
  // Every connector of the tenant, by code (a tenant has a handful).
  absl::StatusOr<std::vector<StoredConnector>> List(const std::string& tenant_id);

  // Stores one report with its entries (one multi-row statement); returns its id.
  static int64_t AppendReport(pqxx::work& tx, const std::string& tenant_id,
                              const SyncReportRecord& report);
  // The newest `limit` reports of a connector, newest first, with their entries.
  // NotFound when the connector does not exist.
  absl::StatusOr<std::vector<SyncReportRecord>> ListReports(const std::string& tenant_id,
                                                            const std::string& code, int limit);

 private:
  db::Pool& pool_;
};

}  // namespace factflow::catalog_mapping::storage
