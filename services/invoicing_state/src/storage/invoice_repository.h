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
// One page of the invoices matching `criteria`, in (series, number) order, after the row
// (after_series, after_value) when after_series is set: keyset paging, an index range scan on
// (tenant_id, series_code, sequence_value) however deep the page.
std::vector<v1::Invoice> SelectInvoicesAfter(pqxx::work& tx, const std::string& tenant_id,
                                             const v1::SelectionCriteria& criteria,
                                             const std::vector<domain::SendState>& states,
                                             const std::optional<std::string>& after_series,
                                             int64_t after_value, int limit);
int64_t CountInvoices(pqxx::work& tx, const std::string& tenant_id,
                      const v1::SelectionCriteria& criteria,
                      const std::vector<domain::SendState>& states);

// Counts of the invoices matching `criteria` (its states, or every state) by send state, and
// how many are archived: one aggregate query.
v1::SelectionSummary SummarizeSelection(pqxx::work& tx, const std::string& tenant_id,
                                        const v1::SelectionCriteria& criteria);

// One invoice by id or number; NotFound otherwise.
absl::StatusOr<v1::Invoice> FindInvoice(pqxx::work& tx, const std::string& tenant_id,
                                        const std::string& invoice_id, const std::string& number);

// Freezes the invoices matching `criteria` and `states` into operation_items of `operation_id`
// (positions 0.. in series and number order), with one INSERT ... SELECT. Returns the count.
int64_t FreezeSelection(pqxx::work& tx, const std::string& tenant_id,
                        const v1::SelectionCriteria& criteria,
                        const std::vector<domain::SendState>& states,
                        const std::string& operation_id);

// Moves `invoice_ids` (of the tenant, all in state `from`, locked by the caller) to `to` with one
// UPDATE ... WHERE invoice_id = ANY(...), recording the sender when `to` is ENVOYE, and appends
// one audit row each with one multi-row INSERT (action, from, to, operator). Returns the number
// of invoices moved (those no longer in `from` are left alone).
int64_t ApplyTransition(pqxx::work& tx, const std::string& tenant_id,
                        const std::vector<std::string>& invoice_ids, domain::SendState from,
                        domain::SendState to, const std::string& action_code,
                        const std::string& operator_id);
void RecordPrinted(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                   const std::string& operator_id);
// Records what chorus-dispatch archived. Returns false when the invoice is unknown.
bool RecordArchived(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& pdf_sha256, const std::string& xml_sha256,
                    const std::string& einvoice_path);
// Marks a sent invoice dematerialised (chorus-dispatch applied the tenant's mode); never undone.
void MarkDematerialised(pqxx::work& tx, const std::string& tenant_id,
                        const std::string& invoice_id);

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
// Records the outcome of a generation and finishes its operation (see FinishGeneration).
void InsertGeneration(pqxx::work& tx, const std::string& tenant_id, const GenerationRecord& g);

// PostgreSQL array literal of values that need no quoting (UUIDs read from the database,
// integers): "{a,b,c}".
std::string ArrayLiteral(const std::vector<std::string>& values);

// Sequence values of a series, ascending (for the numbering audit).
std::vector<int64_t> SequenceValues(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& series_code);

}  // namespace factflow::invoicing::storage
