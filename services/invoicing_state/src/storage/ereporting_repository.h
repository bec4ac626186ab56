#pragma once

// The invoices of one period, read for e-reporting (grpc/ereporting_rpcs.cc): keyset pages of
// the tenant's invoices and credit notes issued in [from, until), so that a month of tens of
// thousands of invoices is read with bounded memory.

#include <functional>
#include <string>

#include <pqxx/pqxx>

#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing::storage {

// Calls `visit` with each stored invoice document (the issued content, number included) issued
// on or after `from` and before `until` (ISO dates), in invoice_id order, `page_size` rows per
// query (keyset on invoice_id, never OFFSET). Throws what pqxx throws.
void ForEachInvoiceIssued(pqxx::work& tx, const std::string& tenant_id, const std::string& from,
                          const std::string& until, int page_size,
                          const std::function<void(const v1::Invoice&)>& visit);

}  // namespace factflow::invoicing::storage
