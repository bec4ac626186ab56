#include "storage/mail_repository.h"

namespace factflow::dispatch::storage {

bool EnqueueMail(pqxx::work& tx, const std::string& tenant_id, const NewMail& mail) {
  return tx.exec_params(
               "INSERT INTO sent_mails (tenant_id, invoice_id, invoice_number, sender, recipient, "
               "message) VALUES ($1, $2, $3, $4, $5, $6) "
               "ON CONFLICT (tenant_id, invoice_id) DO NOTHING",
               tenant_id, mail.invoice_id, mail.invoice_number, mail.sender, mail.recipient,
               mail.message)
             .affected_rows() == 1;
}

std::vector<ClaimedMail> ClaimDueMails(pqxx::work& tx, int limit, absl::Duration lease) {
  std::vector<ClaimedMail> claimed;
  for (const auto& row : tx.exec_params(
           "UPDATE sent_mails m SET status = 'SENDING', attempts = m.attempts + 1, "
           "lease_until = now() + make_interval(secs => $2) "
           "FROM (SELECT tenant_id, invoice_id FROM sent_mails "
           "      WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at <= now() "
           "      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due "
           "WHERE m.tenant_id = due.tenant_id AND m.invoice_id = due.invoice_id "
           "RETURNING m.tenant_id, m.invoice_id::text, m.invoice_number, m.sender, m.recipient, "
           "m.message, m.attempts",
           limit, absl::ToDoubleSeconds(lease))) {
    ClaimedMail mail;
    mail.tenant_id = row[0].as<std::string>();
    mail.mail = {row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>(),
                 row[4].as<std::string>(), row[5].as<std::string>()};
    mail.attempts = row[6].as<int>();
    claimed.push_back(std::move(mail));
  }
  return claimed;
}

void MarkMailSent(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id) {
  tx.exec_params(
      "UPDATE sent_mails SET status = 'SENT', sent_at = now(), lease_until = NULL, "
      "last_error = NULL WHERE tenant_id = $1 AND invoice_id = $2",
      tenant_id, invoice_id);
}

void MarkMailFailed(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& error, absl::Duration retry_in) {
  tx.exec_params(
      "UPDATE sent_mails SET status = 'FAILED', last_error = $3, lease_until = NULL, "
      "next_attempt_at = now() + make_interval(secs => $4) "
      "WHERE tenant_id = $1 AND invoice_id = $2",
      tenant_id, invoice_id, error, absl::ToDoubleSeconds(retry_in));
}

std::vector<std::pair<std::string, std::string>> ExpireStaleSending(pqxx::work& tx) {
  std::vector<std::pair<std::string, std::string>> expired;
  for (const auto& row : tx.exec(
           "UPDATE sent_mails SET status = 'UNCERTAIN', lease_until = NULL, "
           "last_error = 'envoi interrompu : remise au client incertaine, non renvoyé' "
           "WHERE status = 'SENDING' AND lease_until < now() "
           "RETURNING tenant_id, invoice_id::text")) {
    expired.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return expired;
}

MailCounts CountMails(pqxx::work& tx) {
  pqxx::row row = tx.exec1(
      "SELECT count(*) FILTER (WHERE status IN ('PENDING', 'FAILED')), "
      "count(*) FILTER (WHERE status = 'FAILED'), count(*) FILTER (WHERE status = 'UNCERTAIN') "
      "FROM sent_mails WHERE status IN ('PENDING', 'FAILED', 'UNCERTAIN')");
  return {row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<int64_t>()};
}

}  // namespace factflow::dispatch::storage
