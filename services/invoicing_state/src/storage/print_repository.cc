#include "storage/print_repository.h"

#include "absl/strings/str_cat.h"
#include "logging/logging.h"
#include "storage/invoice_repository.h"

namespace factflow::invoicing::storage {

void RecordPrints(pqxx::work& tx, const std::string& tenant_id,
                  const std::vector<std::string>& invoice_ids, const std::string& action_code,
                  const std::string& operator_id, bool set_print_date) {
  if (invoice_ids.empty()) return;
  // The CTE's UPDATE and the SELECT below see the same snapshot: an invoice the UPDATE
  // returns had no print date before this print.
  std::string first =
      set_print_date
          ? "UPDATE invoices SET printed_by = $3, printed_at = now() WHERE tenant_id = $1 AND "
            "invoice_id = ANY($2::uuid[]) AND printed_at IS NULL RETURNING invoice_id"
          : "SELECT invoice_id FROM invoices WHERE false";
  std::string detail = set_print_date
                           ? "CASE WHEN f.invoice_id IS NULL THEN 'duplicata' ELSE "
                             "'première impression' END"
                           : "''";
  tx.exec_params(
      absl::StrCat("WITH printed_now AS (", first,
                   ") INSERT INTO audit_trail (tenant_id, invoice_id, operator_id, action, "
                   "from_state, to_state, detail, correlation_id) "
                   "SELECT $1, i.invoice_id, $3, $4, i.send_state, i.send_state, ",
                   detail,
                   ", $5 FROM invoices i LEFT JOIN printed_now f USING (invoice_id) "
                   "WHERE i.tenant_id = $1 AND i.invoice_id = ANY($2::uuid[]) "
                   "ORDER BY i.series_code, i.sequence_value"),
      tenant_id, ArrayLiteral(invoice_ids), operator_id, action_code,
      logging::Current().correlation_id);
}

void InsertPrintFile(pqxx::work& tx, const std::string& tenant_id,
                     const std::string& operation_id, const PrintFile& file) {
  tx.exec_params(
      "INSERT INTO print_files (operation_id, position, tenant_id, invoice_id, number, "
      "duplicate, pdf, cfonb_record) VALUES ($1::uuid, $2, $3, $4::uuid, $5, $6, $7, "
      "nullif($8, ''))",
      operation_id, file.position, tenant_id, file.invoice_id, file.number, file.duplicate,
      pqxx::binarystring(file.pdf.data(), file.pdf.size()), file.cfonb_record);
}

std::vector<PrintFile> PrintFilesAfter(pqxx::work& tx, const std::string& tenant_id,
                                       const std::string& operation_id, int32_t after_position,
                                       int limit) {
  std::vector<PrintFile> files;
  for (const auto& row : tx.exec_params(
           "SELECT position, invoice_id, number, duplicate, pdf FROM print_files "
           "WHERE operation_id = $1::uuid AND tenant_id = $2 AND position > $3 "
           "ORDER BY position LIMIT $4",
           operation_id, tenant_id, after_position, limit)) {
    pqxx::binarystring pdf(row[4]);
    files.push_back({row[0].as<int32_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     row[3].as<bool>(), pdf.str()});
  }
  return files;
}

std::vector<std::pair<int32_t, std::string>> CfonbRecordsAfter(pqxx::work& tx,
                                                               const std::string& tenant_id,
                                                               const std::string& operation_id,
                                                               int32_t after_position, int limit) {
  std::vector<std::pair<int32_t, std::string>> records;
  for (const auto& row : tx.exec_params(
           "SELECT position, cfonb_record FROM print_files WHERE operation_id = $1::uuid AND "
           "tenant_id = $2 AND position > $3 AND cfonb_record IS NOT NULL ORDER BY position "
           "LIMIT $4",
           operation_id, tenant_id, after_position, limit)) {
    records.emplace_back(row[0].as<int32_t>(), row[1].as<std::string>());
  }
  return records;
}

int64_t PurgeOldPrintFiles(pqxx::work& tx) {
  return tx.exec("DELETE FROM print_files WHERE created_at < now() - interval '2 days'")
      .affected_rows();
}

}  // namespace factflow::invoicing::storage
