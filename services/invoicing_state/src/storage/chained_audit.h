#pragma once

// Audit rows written already chained, for bulk paths (the set-based generation): the chain
// (domain/audit_chain.h) is computed here, in C++, and the rows are COPYed with chain_seq,
// prev_hash and entry_hash, instead of the per-row SQL hashing of the chain trigger
// (migrations/0120), which cost about 20-35 µs a row. The statement trigger (migrations/0202)
// still checks that each COPY continues the tenant's chain and refuses it otherwise.
//
//   ChainedAuditWriter audit(tx, tenant_id);  // locks the tenant's chain, reads its head
//   audit.Append(entries);                    // one COPY per call, in chain order
//
// The entries of one writer share the time (`at`, the transaction's now(): the same instant the
// chain trigger would give every row of one statement). Not thread-safe: it belongs to one
// transaction. libpqxx exceptions (including the trigger's refusal) propagate to
// Pool::InTransaction, which rolls back.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <span>
#include <string>

namespace factflow::invoicing::storage {

// One audit row as a bulk path describes it (from_state is NULL).
struct AuditDraft {
  std::string invoice_id;
  std::string operator_id;
  std::string action;
  std::string to_state;
  std::string detail;
  std::string correlation_id;
};

class ChainedAuditWriter {
 public:
  // Takes the tenant's chain lock (the chain trigger's advisory lock) and reads the head and
  // the transaction's time. Take the series lock first, as every other path does.
  ChainedAuditWriter(pqxx::work& tx, std::string tenant_id);

  // Appends the entries after the head, in order, with one COPY.
  void Append(std::span<const AuditDraft> drafts);

  int64_t head_sequence() const { return sequence_; }
  const std::string& head_hash() const { return hash_; }

 private:
  pqxx::work& tx_;
  std::string tenant_id_;
  int64_t sequence_ = 0;
  std::string hash_;
  std::string at_text_;  // now() as PostgreSQL writes it (read back exactly by COPY)
  int64_t at_micros_ = 0;
};

}  // namespace factflow::invoicing::storage
