#pragma once

// Manual invoices, credit notes and the audit hash chain in invoicing-state's database. Every
// function takes the caller's transaction and is scoped by tenant; libpqxx exceptions propagate
// to Pool::InTransaction, which converts them.
//
// Lock order, the same as the generation's and the batch cancel's: the series row
// (LockSeries), then the invoice rows, then the tenant's audit chain (taken by the audit_trail
// trigger on the first audit row of the transaction).

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/audit_chain.h"
#include "domain/manual_documents.h"
#include "domain/numbering.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "money/decimal.h"

namespace factflow::invoicing::storage {

// "INVOICE" or "CREDIT_NOTE" for an existing series; NotFound (French) otherwise.
absl::StatusOr<std::string> SeriesKind(pqxx::work& tx, const std::string& tenant_id,
                                       const std::string& code);
// The code of the tenant's first series of `kind` (by code); NotFound (French) when none.
absl::StatusOr<std::string> FirstSeriesOfKind(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& kind);

// Inserts one numbered document (invoice or credit note) in `invoice.send_state()` and its
// audit row (action `audit_action`, detail `audit_detail`). The caller holds the series lock and
// moves the series on.
void InsertNumberedDocument(pqxx::work& tx, const std::string& tenant_id,
                            const v1::Invoice& invoice, const std::string& audit_action,
                            const std::string& audit_detail);

// What was already credited on an invoice: per line, and in total.
struct CreditedSoFar {
  std::vector<domain::CreditableLine> lines;  // every line of the invoice
  money::Decimal total;
};

// Locks the invoice row (FOR UPDATE, so that two credit notes of one invoice are serialised)
// and reads what earlier credit notes credited.
CreditedSoFar LockAndReadCredited(pqxx::work& tx, const std::string& tenant_id,
                                  const v1::Invoice& invoice);

// Records that `credit_note` credits `plan` of `invoice_id`.
void InsertCreditLinks(pqxx::work& tx, const std::string& tenant_id,
                       const v1::Invoice& credit_note, const std::string& invoice_id,
                       const std::string& reason,
                       const std::vector<domain::CreditedQuantity>& plan);

// The recorded head of the tenant's audit chain: {0, ""} when it has no entry.
struct ChainHead {
  int64_t sequence = 0;
  std::string hash;
};
ChainHead LoadChainHead(pqxx::work& tx, const std::string& tenant_id);

// Up to `limit` chain entries after (after_sequence, after_id) and with sequence <= up_to, in
// (sequence, id) order (keyset page), with the number of their invoice when it still exists.
std::vector<domain::ChainEntry> LoadChainPage(pqxx::work& tx, const std::string& tenant_id,
                                              int64_t after_sequence, int64_t after_id,
                                              int64_t up_to, int limit);

}  // namespace factflow::invoicing::storage
