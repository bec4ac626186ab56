#include "mail/mail_sender.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "metrics/metrics.h"
#include "spdlog/spdlog.h"
#include "storage/archive_repository.h"
#include "storage/mail_repository.h"

namespace factflow::dispatch::mail {

MailSender::MailSender(db::Pool& pool, std::unique_ptr<SmtpClient> smtp, Options options)
    : pool_(pool), smtp_(std::move(smtp)), options_(options) {}

absl::Duration MailSender::Backoff(int attempts, const Options& options) {
  absl::Duration wait = options.first_retry;
  for (int i = 1; i < attempts && wait < options.max_retry; ++i) wait *= 2;
  return std::min(wait, options.max_retry);
}

absl::StatusOr<int> MailSender::SendDue() {
  std::vector<storage::ClaimedMail> claimed;
  // Written before: the claim is committed before the relay is contacted.
  absl::Status status = pool_.InTransaction([&](pqxx::work& tx) {
    for (const auto& [tenant_id, invoice_id] : storage::ExpireStaleSending(tx)) {
      storage::RecordExchange(tx, tenant_id, invoice_id, "MAIL", "UNCERTAIN",
                              "envoi interrompu : remise au client incertaine, non renvoyé");
    }
    claimed = storage::ClaimDueMails(tx, options_.batch, options_.lease);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  int sent = 0;
  for (const storage::ClaimedMail& c : claimed) {
    absl::Status delivered = smtp_->Send(c.mail.sender, c.mail.recipient, c.mail.message);
    // Written after: the outcome.
    absl::Status recorded = pool_.InTransaction([&](pqxx::work& tx) {
      if (delivered.ok()) {
        storage::MarkMailSent(tx, c.tenant_id, c.mail.invoice_id);
        storage::RecordExchange(tx, c.tenant_id, c.mail.invoice_id, "MAIL", "OK",
                                "e-mail de mise à disposition envoyé à " + c.mail.recipient);
      } else {
        absl::Duration wait = Backoff(c.attempts, options_);
        storage::MarkMailFailed(tx, c.tenant_id, c.mail.invoice_id,
                                std::string(delivered.message()), wait);
        storage::RecordExchange(
            tx, c.tenant_id, c.mail.invoice_id, "MAIL", "ERROR",
            absl::StrCat(delivered.message(), " ; tentative ", c.attempts, ", nouvel essai dans ",
                         absl::FormatDuration(wait)));
      }
      return absl::OkStatus();
    });
    if (delivered.ok()) {
      ++sent;
    } else {
      metrics::Metrics::Get().CountFailure("invoice_mail");
      spdlog::warn("mail of invoice {} not sent (attempt {}): {}", c.mail.invoice_number,
                   c.attempts, delivered.ToString());
    }
    if (!recorded.ok()) {
      // The row stays SENDING and becomes UNCERTAIN when its lease runs out: never resent.
      spdlog::error("mail of invoice {}: outcome not recorded: {}", c.mail.invoice_number,
                    recorded.ToString());
      return recorded;
    }
  }
  if (!claimed.empty()) spdlog::info("mails: {} of {} sent", sent, claimed.size());
  return sent;
}

void MailSender::UpdateGauges() {
  (void)pool_.InTransaction([](pqxx::work& tx) {
    storage::MailCounts counts = storage::CountMails(tx);
    metrics::Metrics::Get().SetPending("invoice_mail", counts.waiting);
    metrics::Metrics::Get().SetPending("invoice_mail_uncertain", counts.uncertain);
    return absl::OkStatus();
  });
}

void MailSender::StartSending(absl::Duration interval) {
  thread_ = std::jthread([this, interval](std::stop_token stop) {
    while (!stop.stop_requested()) {
      absl::StatusOr<int> sent = SendDue();
      if (!sent.ok()) spdlog::warn("mail sending: {}", sent.status().ToString());
      UpdateGauges();
      // A full batch means more are probably due: go on at once.
      if (sent.ok() && *sent >= options_.batch) continue;
      std::mutex mutex;
      std::unique_lock lock(mutex);
      std::condition_variable_any().wait_for(lock, stop, absl::ToChronoMilliseconds(interval),
                                             [] { return false; });
    }
  });
}

}  // namespace factflow::dispatch::mail
