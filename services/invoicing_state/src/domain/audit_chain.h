#pragma once

// The audit trail's per-tenant hash chain (NF525 / Dolibarr blocked-log spirit), recomputed
// independently of the database to verify it. The database trigger (migrations/0120) writes,
// for each entry n of a tenant:
//   prev_hash(n)  = entry_hash(n - 1), 64 zeros for n = 1
//   entry_hash(n) = SHA-256 hex of  prev_hash(n) + "|" + CanonicalContent(entry n)
// CanonicalContent writes tenant_id, sequence, invoice_id, at (microseconds since the epoch),
// operator_id, action, from_state, to_state, detail, correlation_id, each as
// "<byte length>:<value>;" and an absent (NULL) value as "-;", so that no two different entries
// share a canonical form.
//
// ChainVerifier walks the entries in sequence order and stops at the first that is changed
// (its hash does not match its content), missing (a sequence gap), out of order, or not linked
// to its predecessor. Memory is constant: feed the entries page by page.
//
// Thread safety: pure functions and a value-type verifier; one verifier per thread.

#include <cstdint>
#include <optional>
#include <string>

namespace factflow::invoicing::domain {

inline constexpr char kGenesisHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct ChainEntry {
  int64_t id = 0;        // row id, to name the entry
  std::string tenant_id;
  int64_t sequence = 0;  // chain_seq
  std::string invoice_id;
  int64_t at_micros = 0;
  std::string operator_id;
  std::string action;
  std::optional<std::string> from_state;
  std::optional<std::string> to_state;
  std::optional<std::string> detail;
  std::optional<std::string> correlation_id;
  std::string prev_hash;
  std::string entry_hash;
  std::string invoice_number;  // to name the entry in messages; not part of the content
};

std::string CanonicalContent(const ChainEntry& entry);
// SHA-256 hex of prev_hash + "|" + CanonicalContent(entry).
std::string ComputeEntryHash(const std::string& prev_hash, const ChainEntry& entry);

class ChainVerifier {
 public:
  // Feeds the next entry in sequence order. Returns false once the chain is broken (and from
  // then on); problem() says where and why, in French.
  bool Add(const ChainEntry& entry);
  // After the last entry: checks that the chain ends where its recorded head says (a deleted
  // tail). head_sequence 0 means no head recorded (an empty chain).
  bool Finish(int64_t head_sequence, const std::string& head_hash);

  bool intact() const { return problem_.empty(); }
  int64_t checked() const { return checked_; }
  int64_t first_broken_sequence() const { return broken_sequence_; }
  const std::string& problem() const { return problem_; }

 private:
  bool Break(int64_t sequence, std::string problem);

  int64_t checked_ = 0;
  int64_t last_sequence_ = 0;
  std::string last_hash_ = kGenesisHash;
  int64_t broken_sequence_ = 0;
  std::string problem_;
};

}  // namespace factflow::invoicing::domain
