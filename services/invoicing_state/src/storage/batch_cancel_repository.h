#pragma once

// The storage side of cancelling import batches (domain.md §2.5) and of the numbering audit's
// start. Every function takes the caller's transaction and is scoped by tenant; libpqxx
// exceptions propagate to Pool::InTransaction, which converts them.
//
// The deletion and the rewind themselves are done by the database function
// cancel_batch_invoices() (migration 0130, SECURITY DEFINER, owner role): the application role
// can neither delete invoices nor move a series back by itself.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "domain/batch_cancel.h"

namespace factflow::invoicing::storage {

// Locks every numbering series of the tenant (in code order, so that two cancels never
// deadlock): no number or credit note can be allocated while a cancel checks and rewinds.
void LockTenantSeries(pqxx::work& tx, const std::string& tenant_id);

// The value series `code` was created with (numbering_series.first_value); 1 when unknown.
int64_t SeriesFirstValue(pqxx::work& tx, const std::string& tenant_id, const std::string& code);

// Why batch `batch_id` cannot be cancelled now, or nullopt when it can (or has no invoice:
// never generated, or already cancelled). Call with the tenant's series locked.
std::optional<domain::CancelRefusal> CheckBatchCancel(pqxx::work& tx, const std::string& tenant_id,
                                                      const std::string& batch_id,
                                                      int64_t batch_number);

// One block given back to a series.
struct RewoundBlock {
  std::string series_code;
  int64_t first_value = 0;
  int64_t last_value = 0;
  int64_t invoice_count = 0;
};

// Deletes the batch's invoices and rewinds every series it used (cancel_batch_invoices()).
// Throws (integrity constraint, mapped to FailedPrecondition) when a rule does not hold: call
// CheckBatchCancel first to explain a refusal.
std::vector<RewoundBlock> CancelBatchInvoices(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& batch_id,
                                              const std::string& operator_id,
                                              const std::string& correlation_id);

}  // namespace factflow::invoicing::storage
