#pragma once

// The quarantine of received documents: a document whose lines name an external code without a
// correspondence waits (status QUARANTINE) and is integrated, exactly once, in the transaction
// that creates its last missing correspondence (CatalogRepository::SetCorrespondences calls
// ReleaseQuarantine). One set-based UPDATE per connector; the status change from QUARANTINE is
// the once-only guard. Receptions and releases of a connector serialise on a transaction-level
// advisory lock (LockConnector), so a document quarantined by a concurrent reception is never
// missed.
//
// Thread safety: free functions over the caller's transaction.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/pool.h"

namespace factflow::catalog_mapping::storage {

// The Kafka topic of the catalog's events (see catalog_repository.h).
inline constexpr std::string_view kReceptionTopic = "factflow.catalog.v1";
// Documents per DocumentsReceived event.
inline constexpr size_t kDocumentsPerEvent = 1000;

// Serialises receptions and releases of one connector until the end of `tx`.
void LockConnector(pqxx::work& tx, const std::string& tenant_id, const std::string& connector);

// Appends DocumentsReceived events (chunks of kDocumentsPerEvent) for `document_ids`.
void AppendDocumentsReceived(pqxx::work& tx, const std::string& tenant_id,
                             const std::string& producer, const std::string& connector,
                             const std::string& kind, const std::vector<std::string>& document_ids,
                             bool released);

// Integrates the quarantined documents of `connectors` that no longer miss a correspondence:
// status INTEGRATED, a DocumentsReceived event (released) and a synchronisation report
// "Libéré" listing them. Returns how many were released.
int64_t ReleaseQuarantine(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& producer, const std::vector<std::string>& connectors);

}  // namespace factflow::catalog_mapping::storage
