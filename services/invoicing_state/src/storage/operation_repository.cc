#include "storage/operation_repository.h"

#include <cctype>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "db/pool.h"
#include "logging/logging.h"
#include "storage/invoice_repository.h"

namespace factflow::invoicing::storage {
namespace {

constexpr char kOperationColumns[] =
    "operation_id, kind, action, state, total, done, refused, step, error, operator_id, "
    "extract(epoch FROM created_at)::bigint, extract(epoch FROM updated_at)::bigint, "
    "extract(epoch FROM finished_at)::bigint, batch_id";

// Canonical textual UUID (what operation ids are); anything else cannot name an operation.
bool IsUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

v1::OperationState StateFromCode(const std::string& code) {
  if (code == "RUNNING") return v1::OPERATION_STATE_RUNNING;
  if (code == "SUCCEEDED") return v1::OPERATION_STATE_SUCCEEDED;
  if (code == "FAILED") return v1::OPERATION_STATE_FAILED;
  return v1::OPERATION_STATE_UNSPECIFIED;
}

void SetTime(const pqxx::field& epoch, google::protobuf::Timestamp* out) {
  if (!epoch.is_null()) out->set_seconds(epoch.as<int64_t>());
}

v1::Operation OperationFromRow(const pqxx::row& row) {
  v1::Operation op;
  op.set_operation_id(row[0].as<std::string>());
  op.set_kind(row[1].as<std::string>());
  v1::InvoiceAction action = v1::INVOICE_ACTION_UNSPECIFIED;
  if (!row[2].is_null()) {
    v1::InvoiceAction_Parse("INVOICE_ACTION_" + row[2].as<std::string>(), &action);
  }
  op.set_action(action);
  op.set_state(StateFromCode(row[3].as<std::string>()));
  op.set_total(row[4].as<int64_t>());
  op.set_done(row[5].as<int64_t>());
  op.set_refused(row[6].as<int64_t>());
  op.set_step(row[7].as<std::string>());
  op.set_error(db::TextOrEmpty(row[8]));
  op.set_operator_id(row[9].as<std::string>());
  SetTime(row[10], op.mutable_created_at());
  SetTime(row[11], op.mutable_updated_at());
  SetTime(row[12], op.mutable_finished_at());
  op.set_batch_id(db::TextOrEmpty(row[13]));
  return op;
}

}  // namespace

void InsertOperation(pqxx::work& tx, const NewOperation& op) {
  tx.exec_params(
      "INSERT INTO operations (operation_id, tenant_id, kind, action, state, operator_id, "
      "correlation_id, batch_id, step) VALUES ($1::uuid, $2, $3, NULLIF($4, ''), 'RUNNING', $5, "
      "$6, NULLIF($7, '')::uuid, $8) ON CONFLICT (operation_id) DO NOTHING",
      op.operation_id, op.tenant_id, op.kind, op.action_code, op.operator_id,
      logging::Current().correlation_id, op.batch_id, op.step);
}

void SetTotal(pqxx::work& tx, const std::string& operation_id, int64_t total,
              const std::string& step) {
  tx.exec_params(
      "UPDATE operations SET total = $2::bigint, step = $3, updated_at = now(), "
      "state = CASE WHEN $2::bigint = 0 THEN 'SUCCEEDED' ELSE state END, "
      "finished_at = CASE WHEN $2::bigint = 0 THEN now() END "
      "WHERE operation_id = $1::uuid AND state = 'RUNNING'",
      operation_id, total, step);
}

absl::StatusOr<v1::Operation> LoadOperation(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& operation_id) {
  pqxx::result rows;
  if (IsUuid(operation_id)) {
    rows = tx.exec_params(absl::StrCat("SELECT ", kOperationColumns,
                                       " FROM operations WHERE tenant_id = $1 AND operation_id = "
                                       "$2::uuid"),
                          tenant_id, operation_id);
  }
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("opération ", operation_id, " introuvable"));
  }
  v1::Operation op = OperationFromRow(rows[0]);
  for (const auto& row : tx.exec_params(
           "SELECT reason, count(*) FROM operation_items WHERE operation_id = $1::uuid AND "
           "outcome = 'REFUSED' GROUP BY reason ORDER BY count(*) DESC, reason",
           op.operation_id())) {
    v1::RefusalGroup* group = op.add_refusals();
    group->set_reason(db::TextOrEmpty(row[0]));
    group->set_count(row[1].as<int64_t>());
  }
  return op;
}

std::vector<v1::Operation> ListOperations(pqxx::work& tx, const std::string& tenant_id,
                                          const std::string& after, int limit, bool running_only) {
  std::vector<v1::Operation> operations;
  if (!after.empty() && !IsUuid(after)) return operations;
  for (const auto& row : tx.exec_params(
           absl::StrCat(
               "SELECT ", kOperationColumns, " FROM operations WHERE tenant_id = $1",
               running_only ? " AND state = 'RUNNING'" : "",
               " AND ($2 = '' OR (created_at, operation_id) < (SELECT created_at, "
               "operation_id FROM operations WHERE tenant_id = $1 AND operation_id "
               "= NULLIF($2, '')::uuid)) ORDER BY created_at DESC, operation_id DESC LIMIT $3"),
           tenant_id, after, limit)) {
    operations.push_back(OperationFromRow(row));
  }
  return operations;
}

std::vector<std::pair<int32_t, v1::OperationItem>> ListItems(pqxx::work& tx,
                                                             const std::string& tenant_id,
                                                             const std::string& operation_id,
                                                             v1::ItemOutcome outcome,
                                                             int32_t after_position, int limit) {
  std::string filter;
  if (outcome == v1::ITEM_OUTCOME_PENDING) filter = " AND oi.outcome IS NULL";
  if (outcome == v1::ITEM_OUTCOME_DONE) filter = " AND oi.outcome = 'DONE'";
  if (outcome == v1::ITEM_OUTCOME_REFUSED) filter = " AND oi.outcome = 'REFUSED'";
  std::vector<std::pair<int32_t, v1::OperationItem>> items;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT oi.position, oi.invoice_id, i.number, oi.outcome, oi.reason "
                        "FROM operations o JOIN operation_items oi USING (operation_id) "
                        "LEFT JOIN invoices i ON i.invoice_id = oi.invoice_id "
                        "WHERE o.tenant_id = $1 AND o.operation_id = $2::uuid AND oi.position > $3",
                        filter, " ORDER BY oi.position LIMIT $4"),
           tenant_id, operation_id, after_position, limit)) {
    v1::OperationItem item;
    item.set_invoice_id(row[1].as<std::string>());
    item.set_number(db::TextOrEmpty(row[2]));
    std::string code = db::TextOrEmpty(row[3]);
    item.set_outcome(code == "DONE"      ? v1::ITEM_OUTCOME_DONE
                     : code == "REFUSED" ? v1::ITEM_OUTCOME_REFUSED
                                         : v1::ITEM_OUTCOME_PENDING);
    item.set_reason(db::TextOrEmpty(row[4]));
    items.emplace_back(row[0].as<int32_t>(), std::move(item));
  }
  return items;
}

std::vector<std::string> RunningActionOperations(pqxx::work& tx) {
  std::vector<std::string> ids;
  for (const auto& row :
       tx.exec("SELECT operation_id FROM operations WHERE state = 'RUNNING' AND kind = 'ACTION' "
               "ORDER BY created_at")) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

std::optional<LockedOperation> LockRunning(pqxx::work& tx, const std::string& operation_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT tenant_id, action, operator_id, correlation_id, total, done, refused "
      "FROM operations WHERE operation_id = $1::uuid AND state = 'RUNNING' AND kind = 'ACTION' "
      "FOR UPDATE SKIP LOCKED",
      operation_id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& row = rows[0];
  return LockedOperation{row[0].as<std::string>(), db::TextOrEmpty(row[1]),
                         row[2].as<std::string>(), db::TextOrEmpty(row[3]),
                         row[4].as<int64_t>(),     row[5].as<int64_t>(),
                         row[6].as<int64_t>()};
}

std::vector<domain::ChunkItem> PendingChunk(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& operation_id, int limit) {
  std::vector<domain::ChunkItem> items;
  std::vector<std::string> ids;
  for (const auto& row : tx.exec_params(
           "SELECT position, invoice_id FROM operation_items WHERE operation_id = $1::uuid AND "
           "outcome IS NULL ORDER BY position LIMIT $2",
           operation_id, limit)) {
    items.push_back({row[0].as<int32_t>(), row[1].as<std::string>(), std::nullopt});
    ids.push_back(items.back().invoice_id);
  }
  if (items.empty()) return items;
  // Read without locking: locking 2 000 wide rows costs as much as updating them. The UPDATE of
  // each transition re-checks the state it moves from (ApplyTransition), so an invoice another
  // action moved meanwhile is never acted on twice: the chunk is retried instead.
  std::unordered_map<std::string, domain::SendState> states;
  states.reserve(ids.size());
  for (const auto& row :
       tx.exec_params("SELECT invoice_id, send_state FROM invoices WHERE tenant_id = $1 AND "
                      "invoice_id = ANY($2::uuid[])",
                      tenant_id, ArrayLiteral(ids))) {
    absl::StatusOr<domain::SendState> state = domain::ParseSendState(row[1].as<std::string>());
    if (state.ok()) states.emplace(row[0].as<std::string>(), *state);
  }
  for (domain::ChunkItem& item : items) {
    auto found = states.find(item.invoice_id);
    if (found != states.end()) item.state = found->second;
  }
  return items;
}

void MarkItems(pqxx::work& tx, const std::string& operation_id,
               const std::vector<int32_t>& positions, bool done, const std::string& reason) {
  if (positions.empty()) return;
  std::vector<std::string> values;
  values.reserve(positions.size());
  for (int32_t position : positions) values.push_back(std::to_string(position));
  tx.exec_params(
      "UPDATE operation_items SET outcome = $3, reason = NULLIF($4, '') "
      "WHERE operation_id = $1::uuid AND position = ANY($2::int[])",
      operation_id, ArrayLiteral(values), std::string(done ? "DONE" : "REFUSED"), reason);
}

void Advance(pqxx::work& tx, const std::string& operation_id, int64_t done, int64_t refused,
             const std::string& step, bool finished) {
  tx.exec_params(
      "UPDATE operations SET done = done + $2::bigint, refused = refused + $3::bigint, "
      "step = $4, updated_at = now(), "
      "state = CASE WHEN $5::boolean THEN 'SUCCEEDED' ELSE state END, "
      "finished_at = CASE WHEN $5::boolean THEN now() END WHERE operation_id = $1::uuid",
      operation_id, done, refused, step, finished);
}

void Fail(pqxx::work& tx, const std::string& operation_id, const std::string& error) {
  tx.exec_params(
      "UPDATE operations SET state = 'FAILED', error = $2, updated_at = now(), "
      "finished_at = now() WHERE operation_id = $1::uuid AND state = 'RUNNING'",
      operation_id, error);
}

void SetStep(pqxx::work& tx, const std::string& operation_id, const std::string& step) {
  tx.exec_params(
      "UPDATE operations SET step = $2, updated_at = now() "
      "WHERE operation_id = $1::uuid AND state = 'RUNNING'",
      operation_id, step);
}

void FinishGeneration(pqxx::work& tx, const std::string& generation_id) {
  tx.exec_params(
      "UPDATE operations o SET state = CASE g.status WHEN 'ISSUED' THEN 'SUCCEEDED' ELSE "
      "'FAILED' END, total = greatest(o.total, g.invoice_count), done = g.invoice_count, "
      "error = NULLIF(g.reason, ''), step = CASE g.status WHEN 'ISSUED' THEN 'numérotées' ELSE "
      "'refusée' END, updated_at = now(), finished_at = now() "
      "FROM generations g WHERE g.generation_id = o.operation_id AND o.operation_id = $1::uuid",
      generation_id);
}

}  // namespace factflow::invoicing::storage
