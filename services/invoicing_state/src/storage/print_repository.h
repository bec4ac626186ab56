#pragma once

// Print and preview in invoicing-state's database: the print record on the invoices (first
// print date and operator), the audit rows, and the rendered PDFs of an operation
// (print_files, migration 0240) that DownloadPrint streams. Every function takes the caller's
// transaction and is scoped by tenant; libpqxx exceptions propagate to Pool::InTransaction.

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

namespace factflow::invoicing::storage {

// Records one print (or preview) of `invoice_ids`, locked by the caller: with
// `set_print_date` (PRINT) those without a print date get now() and `operator_id` (one
// UPDATE; a reprint changes nothing on the invoice), and each gets one audit row (one
// INSERT ... SELECT) with action `action_code`, its state, and detail "première impression" or
// "duplicata" (PRINT), else empty (PREVIEW, PRINT_BILLS_OF_EXCHANGE: the action says it).
void RecordPrints(pqxx::work& tx, const std::string& tenant_id,
                  const std::vector<std::string>& invoice_ids, const std::string& action_code,
                  const std::string& operator_id, bool set_print_date);

struct PrintFile {
  int32_t position = 0;  // in the operation's selection
  std::string invoice_id;
  std::string number;
  bool duplicate = false;
  std::string pdf;
  // The CFONB LCR detail record of a bill of exchange (sequence number 0), else empty.
  std::string cfonb_record;
};

// Stores the rendered PDF of one invoice of `operation_id` (one row; a PDF is tens of KiB, so
// the statement is dominated by the bytes, not the round trip).
void InsertPrintFile(pqxx::work& tx, const std::string& tenant_id,
                     const std::string& operation_id, const PrintFile& file);

// The operation's PDFs after `after_position` (-1: from the start), in selection order, at
// most `limit` (keyset page: memory bounded by the page, however large the print).
std::vector<PrintFile> PrintFilesAfter(pqxx::work& tx, const std::string& tenant_id,
                                       const std::string& operation_id, int32_t after_position,
                                       int limit);

// The operation's CFONB LCR detail records after `after_position`, in selection order (only
// the records, not the PDFs: the remittance file is assembled from them).
std::vector<std::pair<int32_t, std::string>> CfonbRecordsAfter(pqxx::work& tx,
                                                               const std::string& tenant_id,
                                                               const std::string& operation_id,
                                                               int32_t after_position, int limit);

// Deletes rendered PDFs older than two days (downloaded or abandoned). Returns how many.
int64_t PurgeOldPrintFiles(pqxx::work& tx);

}  // namespace factflow::invoicing::storage
