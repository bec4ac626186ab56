#pragma once

// Set-based issue of one generation's invoices, so that numbering costs a few statements
// whatever the batch size and the series lock is held for them only:
//
//   IssueStaging staging(tx);     // a temporary table of tx, dropped at commit or rollback
//   staging.Open();               // COPY into it, in document order...
//   staging.Add(invoice);         // ...one page of documents at a time (memory stays bounded)
//   staging.Finish();
//   ... lock the series row ...
//   staging.Number(block);        // ONE INSERT ... SELECT numbers them all; their audit rows
//                                 // are chained in C++ and COPYed (chained_audit.h)
//   staging.Ids(begin, end);      // read back in number order, for the chunked events
//
// The staged content carries no number: the number and sequence value are columns of the
// invoice row, overlaid on the stored content when it is read (invoice_repository.cc), so the
// content can be computed before the series is locked.
//
// Not thread-safe: it belongs to one transaction. libpqxx exceptions propagate to
// Pool::InTransaction, which rolls back.

#include <cstdint>
#include <memory>
#include <pqxx/pqxx>
#include <pqxx/stream_to>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/numbering.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing::storage {

// What every invoice of the block shares.
struct IssuedBlock {
  std::string tenant_id;
  domain::NumberingSeries series;  // locked by the caller; next_value unchanged yet
  int64_t first_value = 0;         // the number of the first staged invoice
  std::string send_state;          // e.g. "EN_ATTENTE"
  std::string batch_id;
  int64_t batch_number = 0;
  std::string generation_id;
  std::string operator_id;
  std::string invoice_template = "standard";  // the batch's template (migration 0220)
};

class IssueStaging {
 public:
  // Creates the temporary table in `tx`.
  explicit IssueStaging(pqxx::work& tx);
  ~IssueStaging();
  IssueStaging(const IssueStaging&) = delete;
  IssueStaging& operator=(const IssueStaging&) = delete;

  // Starts the COPY: no other statement may run on the transaction until Finish().
  void Open();
  // Stages the next invoice, in document order (its number fields are ignored).
  void Add(const v1::Invoice& invoice);
  // Ends the COPY.
  void Finish();

  // How many invoices were staged.
  int64_t count() const { return count_; }

  // Inserts the staged invoices numbered block.first_value + document order, in one statement,
  // and their ISSUE audit rows in another. Internal if the numbers PostgreSQL formatted differ
  // from domain::FormatNumber (checked on the first and last), which rolls everything back.
  // Precondition: Finish() was called and count() >= 1.
  absl::Status Number(const IssuedBlock& block);

  // The ids of staged invoices [begin, end) in document (= number) order.
  std::vector<std::string> Ids(int64_t begin, int64_t end);

 private:
  pqxx::work& tx_;
  std::unique_ptr<pqxx::stream_to> stream_;
  int64_t count_ = 0;
};

}  // namespace factflow::invoicing::storage
