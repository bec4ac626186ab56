#pragma once

// Invoices, generations and the audit trail in invoicing-state's database. Every function takes
// the caller's transaction and is scoped by tenant; libpqxx exceptions propagate to
// Pool::InTransaction, which converts them.

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/send_state.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing::storage {

// Issued invoices are inserted set-based by IssueStaging (issue_staging.h).

// The invoices matching `criteria` (states: as given; the caller resolves action defaults),
// ordered by series and number. With lock = true the rows are locked for update.
std::vector<v1::Invoice> SelectInvoices(pqxx::work& tx, const std::string& tenant_id,
                                        const v1::SelectionCriteria& criteria,
                                        const std::vector<domain::SendState>& states, int limit,
                                        int offset, bool lock);
int64_t CountInvoices(pqxx::work& tx, const std::string& tenant_id,
                      const v1::SelectionCriteria& criteria,
                      const std::vector<domain::SendState>& states);

// One invoice by id or number; NotFound otherwise.
absl::StatusOr<v1::Invoice> FindInvoice(pqxx::work& tx, const std::string& tenant_id,
                                        const std::string& invoice_id, const std::string& number);

void UpdateSendState(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                     domain::SendState state);
void RecordSent(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                const std::string& operator_id);
void RecordPrinted(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                   const std::string& operator_id);
// Records what chorus-dispatch archived. Returns false when the invoice is unknown.
bool RecordArchived(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& pdf_sha256, const std::string& xml_sha256,
                    const std::string& einvoice_path);

struct AuditRecord {
  std::string invoice_id;
  std::string operator_id;
  std::string action;
  std::string from_state;
  std::string to_state;
  std::string detail;
};
void AppendAudit(pqxx::work& tx, const std::string& tenant_id, const AuditRecord& record);
std::vector<v1::AuditEntry> LoadAudit(pqxx::work& tx, const std::string& tenant_id,
                                      const std::string& invoice_id);

struct GenerationRecord {
  std::string generation_id;
  std::string batch_id;
  std::string status;  // ISSUED | REJECTED
  std::string series_code;
  int64_t first_value = 0;
  int64_t last_value = 0;
  int invoice_count = 0;
  std::string reason;
};
bool GenerationExists(pqxx::work& tx, const std::string& generation_id);
void InsertGeneration(pqxx::work& tx, const std::string& tenant_id, const GenerationRecord& g);

// Sequence values of a series, ascending (for the numbering audit).
std::vector<int64_t> SequenceValues(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& series_code);

}  // namespace factflow::invoicing::storage
