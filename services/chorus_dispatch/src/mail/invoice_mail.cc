#include "mail/invoice_mail.h"

#include <curl/curl.h>

#include <cstring>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace factflow::dispatch::mail {

namespace {

// What kind of SMTP failure a libcurl code is, in French (the detail is logged).
const char* SmtpFailureKind(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return "serveur SMTP injoignable";
    case CURLE_OPERATION_TIMEDOUT:
      return "délai dépassé avec le serveur SMTP";
    case CURLE_LOGIN_DENIED:
      return "authentification refusée par le serveur SMTP";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return "connexion chiffrée au serveur SMTP impossible";
    default:
      return "échec de l'échange avec le serveur SMTP";
  }
}



constexpr char kSubject[] = "Mise à disposition de factures sur votre espace client";

// RFC 2047 encoded word (UTF-8, base64).
std::string EncodedWord(const std::string& text) {
  return absl::StrCat("=?UTF-8?B?", absl::Base64Escape(text), "?=");
}

std::string FrenchDate(const std::string& iso) {
  return absl::StrCat(iso.substr(8, 2), "/", iso.substr(5, 2), "/", iso.substr(0, 4));
}

// Base64 in lines of 76 characters (RFC 2045).
std::string Base64Lines(const std::string& text) {
  std::string encoded = absl::Base64Escape(text);
  std::string out;
  for (size_t at = 0; at < encoded.size(); at += 76) {
    absl::StrAppend(&out, encoded.substr(at, 76), "\r\n");
  }
  return out;
}

bool HasLineBreak(const std::string& text) {
  return text.find_first_of("\r\n") != std::string::npos;
}

bool PlausibleAddress(const std::string& address) {
  size_t at = address.find('@');
  return at != std::string::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

absl::Status CheckNotice(const InvoiceNotice& n) {
  auto invalid = [&](const char* what) {
    return absl::InvalidArgumentError(
        absl::StrCat("e-mail de la facture ", n.invoice_number, " : ", what));
  };
  if (!PlausibleAddress(n.recipient_email)) {
    return invalid(n.recipient_email.empty()
                       ? "le client n'a pas d'adresse e-mail (champ acheteur « email »)"
                       : "l'adresse e-mail du client est invalide (champ acheteur « email »)");
  }
  if (!PlausibleAddress(n.issuer_email)) {
    return invalid("l'adresse e-mail de l'émetteur est absente ou invalide (société, « email »)");
  }
  if (n.portal_url.empty()) return invalid("l'adresse du portail client n'est pas paramétrée");
  if (n.issue_date.size() != 10) return invalid("la date d'émission est absente");
  for (const std::string* field : {&n.issuer_name, &n.recipient_name, &n.invoice_number,
                                   &n.portal_url, &n.message_id}) {
    if (HasLineBreak(*field)) return invalid("un champ contient un saut de ligne");
  }
  return absl::OkStatus();
}

std::string ComposeNotice(const InvoiceNotice& n, absl::Time at) {
  std::string body = absl::StrCat(
      "Emetteur : ", n.issuer_name, "\n",
      "Destinataire : ", n.recipient_name, "\n\n",
      "Bonjour,\n\n",
      "La facture n° ", n.invoice_number, " émise le ", FrenchDate(n.issue_date),
      " est disponible sur votre espace client à l'adresse suivante : ", n.portal_url, "\n\n",
      "Cordialement,\n\n",
      "E-mail : Service facturation <", n.issuer_email, ">\n\n",
      "Ce mail est généré par un serveur. Merci de ne pas y répondre.\n");
  return absl::StrCat(
      "From: ", EncodedWord(n.issuer_name), " <", n.issuer_email, ">\r\n",
      "To: ", EncodedWord(n.recipient_name), " <", n.recipient_email, ">\r\n",
      "Subject: ", EncodedWord(kSubject), "\r\n",
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", at, absl::UTCTimeZone()), "\r\n",
      "Message-ID: ", n.message_id, "\r\n",
      "Auto-Submitted: auto-generated\r\n",
      "MIME-Version: 1.0\r\n",
      "Content-Type: text/plain; charset=UTF-8\r\n",
      "Content-Transfer-Encoding: base64\r\n",
      "\r\n", Base64Lines(body));
}

SmtpClient::SmtpClient(std::string url, absl::Duration timeout)
    : url_(std::move(url)), timeout_(timeout) {
  // curl_easy_init would do it lazily, but not thread-safely.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)init;
}

absl::Status SmtpClient::Send(const std::string& from, const std::string& to,
                              const std::string& message) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (curl == nullptr) return absl::UnavailableError("envoi d'e-mail : libcurl indisponible");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, to.c_str()), &curl_slist_free_all);
  Upload upload{&message};
  char error[CURL_ERROR_SIZE] = {0};
  std::string mail_from = absl::StrCat("<", from, ">");
  curl_easy_setopt(curl.get(), CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadChunk);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(timeout_)));
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    long reply = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply);
    // libcurl's text is English and internal: it goes to the log; the status, which operators
    // read in the exchange history, says in French what kind of failure it was.
    spdlog::warn("SMTP delivery to {} failed: {} (curl code {}, SMTP reply {})", to,
                 error[0] != '\0' ? error : curl_easy_strerror(code), static_cast<int>(code),
                 reply);
    return absl::UnavailableError(
        absl::StrCat("envoi d'e-mail à ", to, " impossible : ", SmtpFailureKind(code),
                     reply != 0 ? absl::StrCat(" (réponse SMTP ", reply, ")") : std::string()));
  }
  return absl::OkStatus();
}

}  // namespace factflow::dispatch::mail
