#pragma once

// The customer's notification e-mail of the portal dematerialisation (domain.md §4, seed 002):
// "Mise à disposition de factures sur votre espace client", composed here as an RFC 5322
// message and sent through SMTP with libcurl.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace factflow::dispatch::mail {

struct InvoiceNotice {
  std::string issuer_name;      // the tenant's company name ("Emetteur")
  std::string issuer_email;     // From:, and the "Service facturation" contact
  std::string recipient_name;   // the buyer ("Destinataire")
  std::string recipient_email;  // To:
  std::string invoice_number;
  std::string issue_date;  // YYYY-MM-DD, written DD/MM/YYYY
  std::string portal_url;
  std::string message_id;  // "<...@...>": one per invoice, so a copy is recognisable
};

// InvalidArgument, in French, naming the first missing or unusable field (no recipient e-mail,
// no portal address, a line break in a header value...).
absl::Status CheckNotice(const InvoiceNotice& notice);

// The whole message (headers and a base64 UTF-8 text body), CRLF line ends; `at` is its Date.
// Precondition: CheckNotice(notice) is OK.
std::string ComposeNotice(const InvoiceNotice& notice, absl::Time at);

// An SMTP relay reached with libcurl (smtp:// or smtps://; STARTTLS is used when offered).
// Thread safety: Send may be called concurrently (one curl handle per call).
class SmtpClient {
 public:
  SmtpClient(std::string url, absl::Duration timeout);

  // Sends `message` from `from` to `to`. Errors: Unavailable (French, with curl's reason and the
  // server's reply) when the relay cannot be reached or refuses the message: nothing was
  // delivered and the call may be retried.
  absl::Status Send(const std::string& from, const std::string& to,
                    const std::string& message) const;

 private:
  std::string url_;
  absl::Duration timeout_;
};

}  // namespace factflow::dispatch::mail
