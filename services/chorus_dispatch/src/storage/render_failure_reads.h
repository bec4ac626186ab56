#pragma once

// Reads of render_failures for operators (ListRenderFailures, RetryRenderFailures): what failed,
// why (the French reason recorded by the renderer), how often and since when. The writes are in
// archive_repository.h (RecordRenderFailure, ResolveRenderFailure).

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "factflow/dispatch/v1/dispatch.pb.h"

namespace factflow::dispatch::storage {

// One keyset page of the tenant's failures ordered by invoice number, after `after_number`
// ("" for the first page); pending ones only unless `include_resolved`. At most `limit` rows.
std::vector<v1::RenderFailure> ListRenderFailures(pqxx::work& tx, const std::string& tenant_id,
                                                  bool include_resolved,
                                                  const std::string& after_number, int limit);

// The tenant's pending failures among `invoice_ids` (all pending ones when empty), least
// recently tried first, at most `limit`: their invoice ids.
std::vector<std::string> PendingRenderFailuresOf(pqxx::work& tx, const std::string& tenant_id,
                                                 const std::vector<std::string>& invoice_ids,
                                                 int limit);

int64_t CountPendingRenderFailuresOf(pqxx::work& tx, const std::string& tenant_id);

}  // namespace factflow::dispatch::storage
