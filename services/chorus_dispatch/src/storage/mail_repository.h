#pragma once

// The customers' notification e-mails (sent_mails, migration 0120) and the Chorus queue. Every
// function takes the caller's transaction. The protocol that keeps a mail from being sent twice
// is described in migrations/0120_sent_mails.sql.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace factflow::dispatch::storage {

struct NewMail {
  std::string invoice_id;
  std::string invoice_number;
  std::string sender;
  std::string recipient;
  std::string message;
};

// Queues the mail unless the invoice already has one (any status); true when queued now.
bool EnqueueMail(pqxx::work& tx, const std::string& tenant_id, const NewMail& mail);

struct ClaimedMail {
  std::string tenant_id;
  NewMail mail;
  int attempts = 0;  // including this one
};

// Claims up to `limit` due mails (PENDING, or FAILED whose next attempt is due), oldest first,
// skipping rows other senders hold: they become SENDING until `lease` from now. The caller must
// commit before sending.
std::vector<ClaimedMail> ClaimDueMails(pqxx::work& tx, int limit, absl::Duration lease);

void MarkMailSent(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id);
// FAILED; tried again after `retry_in`.
void MarkMailFailed(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& error, absl::Duration retry_in);
// SENDING rows whose lease ran out become UNCERTAIN; returns them (tenant, invoice).
std::vector<std::pair<std::string, std::string>> ExpireStaleSending(pqxx::work& tx);

struct MailCounts {
  int64_t waiting = 0;    // PENDING or FAILED
  int64_t failed = 0;     // FAILED (subset of waiting)
  int64_t uncertain = 0;  // UNCERTAIN
};
MailCounts CountMails(pqxx::work& tx);

}  // namespace factflow::dispatch::storage
