#include "storage/chorus_export_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "db/arrays.h"
#include "db/pool.h"
#include "logging/logging.h"

namespace factflow::dispatch::storage {
namespace {

// Anomaly of a row queued before migration 0250 (no copy of the invoice's data to judge).
constexpr char kLegacyAnomaly[] =
    "[FF-CHORUS-FILE] bloquant : facture mise en file pour Chorus avant la version qui vérifie "
    "ses données ; elle ne peut pas être exportée telle quelle";

v1::ChorusExportState ToState(std::string_view code) {
  if (code == "PREPARED") return v1::CHORUS_EXPORT_STATE_PREPARED;
  if (code == "RUNNING") return v1::CHORUS_EXPORT_STATE_RUNNING;
  if (code == "SUCCEEDED") return v1::CHORUS_EXPORT_STATE_SUCCEEDED;
  if (code == "FAILED") return v1::CHORUS_EXPORT_STATE_FAILED;
  return v1::CHORUS_EXPORT_STATE_UNSPECIFIED;
}

// Of chorus_export_items i LEFT JOIN chorus_invoice_statuses s.
constexpr char kItemColumns[] =
    "i.invoice_id, i.invoice_number, coalesce(i.issue_date::text, ''), i.type_code, "
    "i.customer_code, coalesce(i.total_with_vat::text, ''), "
    "array_to_string(i.anomalies, E'\\x1f'), i.already_exported, i.included, coalesce(i.lot, 0), "
    "coalesce(i.file_name, ''), coalesce(i.sha256, ''), coalesce(i.size, 0), "
    "coalesce(i.left_out_reason, ''), coalesce(s.status, ''), coalesce(s.field, ''), "
    "coalesce(s.reason, '')";

v1::ChorusCandidate ItemFromRow(const pqxx::row& row) {
  v1::ChorusCandidate item;
  item.set_invoice_id(row[0].as<std::string>());
  item.set_invoice_number(row[1].as<std::string>());
  item.set_issue_date(row[2].as<std::string>());
  item.set_type_code(row[3].as<std::string>());
  item.set_customer_code(row[4].as<std::string>());
  item.set_total_with_vat(row[5].as<std::string>());
  std::string anomalies = row[6].as<std::string>();
  if (!anomalies.empty()) {
    for (absl::string_view anomaly : absl::StrSplit(anomalies, '\x1f')) {
      item.add_anomalies(std::string(anomaly));
    }
  }
  item.set_already_exported(row[7].as<bool>());
  item.set_included(row[8].as<bool>());
  item.set_lot(row[9].as<int32_t>());
  item.set_file_name(row[10].as<std::string>());
  item.set_sha256(row[11].as<std::string>());
  item.set_size(row[12].as<int64_t>());
  item.set_left_out_reason(row[13].as<std::string>());
  item.set_chorus_status(row[14].as<std::string>());
  item.set_chorus_field(row[15].as<std::string>());
  item.set_chorus_reason(row[16].as<std::string>());
  return item;
}

}  // namespace

void QueueForChorus(pqxx::work& tx, const std::string& tenant_id, const QueuedInvoice& q) {
  tx.exec_params(
      "INSERT INTO chorus_queue (tenant_id, invoice_id, invoice_number, issue_date, type_code, "
      "customer_code, export_to_chorus, total_with_vat, anomalies) VALUES ($1, $2, $3, "
      "NULLIF($4, '')::date, $5, $6, $7, NULLIF($8, '')::numeric, $9::text[]) "
      "ON CONFLICT (tenant_id, invoice_id) DO NOTHING",
      tenant_id, q.invoice_id, q.invoice_number, q.issue_date,
      q.type_code.empty() ? std::string("380") : q.type_code, q.customer_code, q.export_to_chorus,
      q.total_with_vat, db::ArrayLiteral(q.anomalies));
}

std::string PrepareExport(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& operator_id, const v1::PrepareChorusExportRequest& r) {
  std::string export_id = logging::NewUuid();
  std::vector<std::string> codes(r.customer_codes().begin(), r.customer_codes().end());
  tx.exec_params(
      "INSERT INTO chorus_exports (export_id, tenant_id, created_by, customer_codes, date_from, "
      "date_to, include_already_exported) VALUES ($1::uuid, $2, $3, $4::text[], "
      "NULLIF($5, '')::date, NULLIF($6, '')::date, $7)",
      export_id, tenant_id, operator_id, db::ArrayLiteral(codes), r.date_from(), r.date_to(),
      r.include_already_exported());
  // One statement for every candidate, whatever their number.
  tx.exec_params(
      "INSERT INTO chorus_export_items (export_id, tenant_id, invoice_id, invoice_number, "
      "issue_date, type_code, customer_code, total_with_vat, anomalies, already_exported, "
      "included) "
      "SELECT $1::uuid, q.tenant_id, q.invoice_id, q.invoice_number, q.issue_date, q.type_code, "
      "q.customer_code, q.total_with_vat, "
      "CASE WHEN q.issue_date IS NULL THEN ARRAY[$7::text] ELSE q.anomalies END, e.already, "
      "q.issue_date IS NOT NULL AND cardinality(q.anomalies) = 0 "
      "FROM chorus_queue q CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM chorus_exported x "
      "WHERE x.tenant_id = q.tenant_id AND x.invoice_id = q.invoice_id) AS already) e "
      "WHERE q.tenant_id = $2 AND (q.issue_date IS NULL OR (q.export_to_chorus "
      "AND (cardinality($3::text[]) = 0 OR q.customer_code = ANY($3::text[])) "
      "AND (NULLIF($4, '') IS NULL OR q.issue_date >= NULLIF($4, '')::date) "
      "AND (NULLIF($5, '') IS NULL OR q.issue_date <= NULLIF($5, '')::date))) "
      "AND ($6 OR NOT e.already)",
      export_id, tenant_id, db::ArrayLiteral(codes), r.date_from(), r.date_to(),
      r.include_already_exported(), std::string(kLegacyAnomaly));
  return export_id;
}

absl::StatusOr<v1::ChorusExport> LoadExport(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& export_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT export_id, state, syntax, total, done, step, tenant_id, coalesce(error, ''), "
      "created_by, extract(epoch FROM created_at)::bigint, "
      "(SELECT count(*) FROM chorus_export_items i WHERE i.export_id = e.export_id), "
      "(SELECT count(*) FROM chorus_export_items i WHERE i.export_id = e.export_id "
      " AND cardinality(i.anomalies) > 0), "
      "(SELECT count(*) FROM chorus_export_items i WHERE i.export_id = e.export_id "
      " AND i.lot IS NOT NULL), "
      "(SELECT count(*) FROM chorus_export_items i WHERE i.export_id = e.export_id "
      " AND i.left_out_reason IS NOT NULL) "
      "FROM chorus_exports e WHERE export_id = $1::uuid AND tenant_id = $2",
      export_id, tenant_id);
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("export Chorus ", export_id, " introuvable pour ce dossier"));
  }
  const pqxx::row& row = rows[0];
  v1::ChorusExport out;
  out.set_export_id(row[0].as<std::string>());
  out.set_state(ToState(row[1].as<std::string>()));
  out.set_syntax(row[2].as<std::string>());
  out.set_total(row[3].as<int64_t>());
  out.set_done(row[4].as<int64_t>());
  out.set_step(row[5].as<std::string>());
  out.set_folder(absl::StrCat(row[6].as<std::string>(), "/", out.export_id()));
  out.set_error(row[7].as<std::string>());
  out.set_created_by(row[8].as<std::string>());
  out.mutable_created_at()->set_seconds(row[9].as<int64_t>());
  out.set_candidate_count(row[10].as<int64_t>());
  out.set_struck_count(row[11].as<int64_t>());
  out.set_exported_count(row[12].as<int64_t>());
  out.set_left_out_count(row[13].as<int64_t>());
  for (const auto& lot :
       tx.exec_params("SELECT lot, file_name, sha256, size, documents FROM chorus_export_lots "
                      "WHERE export_id = $1::uuid ORDER BY lot",
                      export_id)) {
    v1::ChorusExportLot* l = out.add_lots();
    l->set_lot(lot[0].as<int32_t>());
    l->set_file_name(lot[1].as<std::string>());
    l->set_sha256(lot[2].as<std::string>());
    l->set_size(lot[3].as<int64_t>());
    l->set_documents(lot[4].as<int32_t>());
  }
  return out;
}

std::vector<v1::ChorusCandidate> ListItems(pqxx::work& tx, const std::string& export_id,
                                           const std::string& after, int limit, bool only_struck,
                                           bool only_left_out) {
  std::vector<v1::ChorusCandidate> items;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT ", kItemColumns,
                        " FROM chorus_export_items i LEFT JOIN chorus_invoice_statuses s ON "
                        "s.tenant_id = i.tenant_id AND s.invoice_id = i.invoice_id "
                        "WHERE i.export_id = $1::uuid AND i.invoice_number > $2 AND "
                        "(NOT $3 OR cardinality(i.anomalies) > 0) AND "
                        "(NOT $4 OR i.left_out_reason IS NOT NULL) ORDER BY i.invoice_number "
                        "LIMIT $5"),
           export_id, after, only_struck, only_left_out, limit)) {
    items.push_back(ItemFromRow(row));
  }
  return items;
}

absl::StatusOr<v1::SetChorusExportInclusionResponse> SetInclusion(
    pqxx::work& tx, const std::string& tenant_id, const v1::SetChorusExportInclusionRequest& r) {
  absl::StatusOr<v1::ChorusExport> current = LoadExport(tx, tenant_id, r.export_id());
  if (!current.ok()) return current.status();
  if (current->state() != v1::CHORUS_EXPORT_STATE_PREPARED) {
    return absl::FailedPreconditionError(
        "cet export Chorus est déjà lancé : sa sélection ne change plus ; préparez-en un autre");
  }
  std::vector<std::string> ids(r.invoice_ids().begin(), r.invoice_ids().end());
  pqxx::row targets = tx.exec_params1(
      "SELECT count(*), count(*) FILTER (WHERE cardinality(anomalies) > 0) "
      "FROM chorus_export_items WHERE export_id = $1::uuid AND ($2 OR invoice_id = "
      "ANY($3::uuid[]))",
      r.export_id(), r.all(), db::ArrayLiteral(ids));
  if (!r.all() && targets[0].as<int64_t>() < static_cast<int64_t>(ids.size())) {
    return absl::NotFoundError(absl::StrCat(
        ids.size() - targets[0].as<int64_t>(),
        " des documents donnés ne sont pas candidats de cet export (identifiants de facture)"));
  }
  pqxx::result changed = tx.exec_params(
      "UPDATE chorus_export_items SET included = $4 WHERE export_id = $1::uuid AND "
      "($2 OR invoice_id = ANY($3::uuid[])) AND included <> $4 AND "
      "NOT ($4 AND cardinality(anomalies) > 0)",
      r.export_id(), r.all(), db::ArrayLiteral(ids), r.include());
  v1::SetChorusExportInclusionResponse out;
  out.set_changed(static_cast<int32_t>(changed.affected_rows()));
  out.set_refused(r.include() ? targets[1].as<int32_t>() : 0);
  out.set_included_count(
      tx.exec_params1("SELECT count(*) FROM chorus_export_items WHERE export_id = $1::uuid AND "
                      "included",
                      r.export_id())[0]
          .as<int64_t>());
  return out;
}

absl::Status StartExport(pqxx::work& tx, const std::string& tenant_id, const std::string& export_id,
                         std::string_view syntax) {
  pqxx::result started = tx.exec_params(
      "UPDATE chorus_exports SET state = 'RUNNING', syntax = $3, step = 'démarrage' "
      "WHERE export_id = $1::uuid AND tenant_id = $2 AND state = 'PREPARED'",
      export_id, tenant_id, std::string(syntax));
  if (started.affected_rows() == 0) {
    absl::StatusOr<v1::ChorusExport> current = LoadExport(tx, tenant_id, export_id);
    if (!current.ok()) return current.status();
    return absl::FailedPreconditionError(
        absl::StrCat("l'export Chorus ", export_id,
                     " est déjà lancé ou terminé : préparez un nouvel export (factflowctl chorus "
                     "export)"));
  }
  tx.exec_params(
      "UPDATE chorus_export_items SET left_out_reason = CASE WHEN cardinality(anomalies) > 0 "
      "THEN 'anomalies : ' || array_to_string(anomalies, ' ; ') ELSE 'exclu par l''opérateur' END "
      "WHERE export_id = $1::uuid AND NOT included",
      export_id);
  tx.exec_params(
      "UPDATE chorus_exports SET total = (SELECT count(*) FROM chorus_export_items "
      "WHERE export_id = $1::uuid AND included) WHERE export_id = $1::uuid",
      export_id);
  return absl::OkStatus();
}

std::vector<ExportFile> NextFiles(pqxx::work& tx, const std::string& export_id,
                                  const std::string& kind, const std::string& after, int limit) {
  std::vector<ExportFile> files;
  for (const auto& row : tx.exec_params(
           "SELECT i.invoice_id, i.invoice_number, a.content IS NOT NULL, a.content "
           "FROM chorus_export_items i LEFT JOIN archive_objects a ON a.tenant_id = i.tenant_id "
           "AND a.invoice_id = i.invoice_id AND a.kind = $2 "
           "WHERE i.export_id = $1::uuid AND i.included AND i.lot IS NULL AND "
           "i.left_out_reason IS NULL AND i.invoice_number > $3 ORDER BY i.invoice_number "
           "LIMIT $4",
           export_id, kind, after, limit)) {
    ExportFile file{row[0].as<std::string>(), row[1].as<std::string>(), "", row[2].as<bool>()};
    if (file.archived) file.content = pqxx::binarystring(row[3]).str();
    files.push_back(std::move(file));
  }
  return files;
}

void RecordLot(pqxx::work& tx, const std::string& tenant_id, const std::string& export_id,
               const v1::ChorusExportLot& lot, const std::vector<LotFile>& files) {
  tx.exec_params(
      "INSERT INTO chorus_export_lots (export_id, lot, file_name, sha256, size, documents) "
      "VALUES ($1::uuid, $2, $3, $4, $5, $6)",
      export_id, lot.lot(), lot.file_name(), lot.sha256(), lot.size(), lot.documents());
  std::vector<std::string> ids, numbers, names, hashes, sizes;
  for (const LotFile& f : files) {
    ids.push_back(f.invoice_id);
    numbers.push_back(f.invoice_number);
    names.push_back(f.file_name);
    hashes.push_back(f.sha256);
    sizes.push_back(std::to_string(f.size));
  }
  tx.exec_params(
      "UPDATE chorus_export_items i SET lot = $2, file_name = f.name, sha256 = f.sha, "
      "size = f.size FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[]) "
      "AS f(number, name, sha, size) WHERE i.export_id = $1::uuid AND i.invoice_number = f.number",
      export_id, lot.lot(), db::ArrayLiteral(numbers), db::ArrayLiteral(names),
      db::ArrayLiteral(hashes), db::ArrayLiteral(sizes));
  tx.exec_params(
      "INSERT INTO chorus_exported (tenant_id, invoice_id, export_id) "
      "SELECT $1, unnest($2::uuid[]), $3::uuid ON CONFLICT DO NOTHING",
      tenant_id, db::ArrayLiteral(ids), export_id);
  tx.exec_params(
      "INSERT INTO exchanges (exchange_id, tenant_id, invoice_id, kind, status, detail) "
      "SELECT gen_random_uuid(), $1, f.id, 'CHORUS_EXPORT', 'EXPORTED', "
      "'exportée pour Chorus Pro : ' || f.name || ' dans ' || $3 || ' (export ' || $4 || ')' "
      "FROM unnest($2::uuid[], $5::text[]) AS f(id, name)",
      tenant_id, db::ArrayLiteral(ids), lot.file_name(), export_id, db::ArrayLiteral(names));
  tx.exec_params("UPDATE chorus_exports SET done = done + $2, step = $3 WHERE export_id = $1::uuid",
                 export_id, static_cast<int>(files.size()), absl::StrCat("lot ", lot.lot()));
}

void LeaveOut(pqxx::work& tx, const std::string& export_id, const std::string& invoice_number,
              const std::string& reason) {
  tx.exec_params(
      "UPDATE chorus_export_items SET left_out_reason = $3 WHERE export_id = $1::uuid AND "
      "invoice_number = $2",
      export_id, invoice_number, reason);
  tx.exec_params("UPDATE chorus_exports SET done = done + 1 WHERE export_id = $1::uuid", export_id);
}

int NextLotNumber(pqxx::work& tx, const std::string& export_id) {
  return tx
      .exec_params1(
          "SELECT coalesce(max(lot), 0) + 1 FROM chorus_export_lots "
          "WHERE export_id = $1::uuid",
          export_id)[0]
      .as<int>();
}

void SetStep(pqxx::work& tx, const std::string& export_id, const std::string& step) {
  tx.exec_params("UPDATE chorus_exports SET step = $2 WHERE export_id = $1::uuid", export_id, step);
}

void FinishExport(pqxx::work& tx, const std::string& export_id, const std::string& error) {
  tx.exec_params(
      "UPDATE chorus_exports SET state = CASE WHEN $2 = '' THEN 'SUCCEEDED' ELSE 'FAILED' END, "
      "error = NULLIF($2, ''), step = '', finished_at = now() WHERE export_id = $1::uuid",
      export_id, error);
}

std::vector<std::pair<std::string, std::string>> RunningExports(pqxx::work& tx) {
  std::vector<std::pair<std::string, std::string>> running;
  for (const auto& row :
       tx.exec("SELECT tenant_id, export_id FROM chorus_exports WHERE state = 'RUNNING'")) {
    running.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return running;
}

}  // namespace factflow::dispatch::storage
