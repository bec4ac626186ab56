#include "storage/chained_audit.h"

#include <pqxx/stream_to>
#include <tuple>
#include <vector>

#include "domain/audit_chain.h"
#include "storage/manual_repository.h"

namespace factflow::invoicing::storage {

ChainedAuditWriter::ChainedAuditWriter(pqxx::work& tx, std::string tenant_id)
    : tx_(tx), tenant_id_(std::move(tenant_id)) {
  // The same lock key as the chain trigger (migrations/0120), so both paths serialise.
  tx_.exec_params("SELECT pg_advisory_xact_lock(hashtextextended('factflow.audit_chain:' || $1, 0))",
                  tenant_id_);
  ChainHead head = LoadChainHead(tx_, tenant_id_);
  sequence_ = head.sequence;
  hash_ = head.sequence == 0 ? std::string(domain::kGenesisHash) : head.hash;
  // The canonical time is what VerifyAuditTrail reads back: (extract(epoch FROM at) * 1e6).
  pqxx::row now =
      tx_.exec1("SELECT now()::text, (extract(epoch FROM now()) * 1000000)::bigint");
  at_text_ = now[0].as<std::string>();
  at_micros_ = now[1].as<int64_t>();
}

void ChainedAuditWriter::Append(std::span<const AuditDraft> drafts) {
  if (drafts.empty()) return;
  pqxx::stream_to stream(
      tx_, "audit_trail",
      std::vector<std::string>{"tenant_id", "invoice_id", "at", "operator_id", "action",
                               "to_state", "detail", "correlation_id", "chain_seq", "prev_hash",
                               "entry_hash"});
  domain::ChainEntry entry;
  entry.tenant_id = tenant_id_;
  entry.at_micros = at_micros_;
  for (const AuditDraft& draft : drafts) {
    entry.sequence = sequence_ + 1;
    entry.invoice_id = draft.invoice_id;
    entry.operator_id = draft.operator_id;
    entry.action = draft.action;
    entry.to_state = draft.to_state;
    entry.detail = draft.detail;
    entry.correlation_id = draft.correlation_id;
    std::string entry_hash = domain::ComputeEntryHash(hash_, entry);
    stream << std::make_tuple(tenant_id_, draft.invoice_id, at_text_, draft.operator_id,
                              draft.action, draft.to_state, draft.detail, draft.correlation_id,
                              entry.sequence, hash_, entry_hash);
    sequence_ = entry.sequence;
    hash_ = std::move(entry_hash);
  }
  stream.complete();
}

}  // namespace factflow::invoicing::storage
