#include "storage/render_failure_reads.h"

namespace factflow::dispatch::storage {

std::vector<v1::RenderFailure> ListRenderFailures(pqxx::work& tx, const std::string& tenant_id,
                                                  bool include_resolved,
                                                  const std::string& after_number, int limit) {
  std::vector<v1::RenderFailure> failures;
  pqxx::result rows = tx.exec_params(
      "SELECT invoice_id, invoice_number, attempts, last_error, "
      "extract(epoch FROM first_failed_at)::bigint, extract(epoch FROM last_failed_at)::bigint, "
      "extract(epoch FROM resolved_at)::bigint "
      "FROM render_failures WHERE tenant_id = $1 AND ($2 OR resolved_at IS NULL) "
      "AND invoice_number > $3 ORDER BY invoice_number LIMIT $4",
      tenant_id, include_resolved, after_number, limit);
  failures.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    v1::RenderFailure& failure = failures.emplace_back();
    failure.set_invoice_id(row[0].as<std::string>());
    failure.set_invoice_number(row[1].as<std::string>());
    failure.set_attempts(row[2].as<int32_t>());
    failure.set_last_error(row[3].as<std::string>());
    failure.mutable_first_failed_at()->set_seconds(row[4].as<int64_t>());
    failure.mutable_last_failed_at()->set_seconds(row[5].as<int64_t>());
    if (!row[6].is_null()) failure.mutable_resolved_at()->set_seconds(row[6].as<int64_t>());
  }
  return failures;
}

std::vector<std::string> PendingRenderFailuresOf(pqxx::work& tx, const std::string& tenant_id,
                                                 const std::vector<std::string>& invoice_ids,
                                                 int limit) {
  // The ids were checked as UUIDs by the caller; an array literal carries them in one parameter.
  std::string array = "{";
  for (size_t i = 0; i < invoice_ids.size(); ++i) {
    array += (i == 0 ? "" : ",") + invoice_ids[i];
  }
  array += "}";
  std::vector<std::string> pending;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT invoice_id FROM render_failures WHERE tenant_id = $1 AND resolved_at IS NULL "
           "AND ($2 OR invoice_id = ANY($3::uuid[])) ORDER BY last_failed_at LIMIT $4",
           tenant_id, invoice_ids.empty(), array, limit)) {
    pending.push_back(row[0].as<std::string>());
  }
  return pending;
}

int64_t CountPendingRenderFailuresOf(pqxx::work& tx, const std::string& tenant_id) {
  return tx
      .exec_params1(
          "SELECT count(*) FROM render_failures WHERE tenant_id = $1 AND resolved_at IS NULL",
          tenant_id)[0]
      .as<int64_t>();
}

}  // namespace factflow::dispatch::storage
