#pragma once

// Sends the queued notification e-mails (storage/mail_repository.h) through the SMTP relay, on
// a thread of its own, following the protocol of migrations/0120_sent_mails.sql: claim and
// commit, send, record. A refused or unreachable relay is retried with exponential back-off
// (Backoff); every outcome is an exchange of kind MAIL (OK, ERROR with the reason, or
// UNCERTAIN), failures are counted (factflow_failures_total{what="invoice_mail"}) and the mails
// still waiting and the uncertain ones are gauges (factflow_pending{what="invoice_mail"},
// {what="invoice_mail_uncertain"}). A mail is never sent twice for one invoice.
//
// Thread safety: SendDue may run on several threads and replicas (rows are claimed with SKIP
// LOCKED); the thread only shares the database pool.

#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "mail/invoice_mail.h"
#include "db/pool.h"

namespace factflow::dispatch::mail {

class MailSender {
 public:
  struct Options {
    int batch = 50;                            // mails claimed per pass
    absl::Duration lease = absl::Minutes(5);   // longer than one SMTP exchange may take
    absl::Duration first_retry = absl::Seconds(30);
    absl::Duration max_retry = absl::Hours(1);
  };

  MailSender(db::Pool& pool, std::unique_ptr<SmtpClient> smtp, Options options);

  // One pass: due mails are claimed, sent and recorded; SENDING rows whose lease ran out become
  // UNCERTAIN. Returns how many were sent. Errors: the database failed (nothing is lost: the
  // claimed rows become UNCERTAIN only once their lease ran out).
  absl::StatusOr<int> SendDue();

  // The wait before attempt `attempts + 1`: first_retry * 2^(attempts - 1), at most max_retry.
  static absl::Duration Backoff(int attempts, const Options& options);

  // Runs SendDue every `interval` (at once again while mails remain) and keeps the gauges up
  // to date, until destroyed.
  void StartSending(absl::Duration interval);
  // Stops the thread (after the mail in progress) and waits for it.
  void Stop() { thread_ = std::jthread(); }

 private:
  void UpdateGauges();

  db::Pool& pool_;
  std::unique_ptr<SmtpClient> smtp_;
  Options options_;
  std::jthread thread_;  // last: stopped and joined first
};

}  // namespace factflow::dispatch::mail
