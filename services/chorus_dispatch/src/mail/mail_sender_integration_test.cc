// The customers' notification e-mails against the real PostgreSQL and the real SMTP sink
// (aiosmtpd, a process of its own started by ./factflow test: FACTFLOW_SMTP_URL, its Maildir in
// FACTFLOW_MAIL_DIR). The mails are read back from the sink's folder.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "kafka/dematerialisation.h"
#include "logging/logging.h"
#include "mail/invoice_mail.h"
#include "mail/mail_sender.h"
#include "storage/mail_repository.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> chorus_dispatch_lib_migrations();
}

namespace factflow::dispatch::mail {
namespace {

using ::testing::HasSubstr;

constexpr char kTenant[] = "mail-test";

invoicing::v1::Tenant PortalTenant() {
  invoicing::v1::Tenant tenant;
  tenant.mutable_company()->set_name("ARTIS Négoce");
  tenant.mutable_company()->set_email("contact@artis.example");
  tenant.set_portal_url("https://portail.artis.example/artis/");
  tenant.set_dematerialisation_enabled(true);
  return tenant;
}

invoicing::v1::Invoice Invoice(const std::string& number, const std::string& email) {
  invoicing::v1::Invoice invoice;
  invoice.set_invoice_id(logging::NewUuid());
  invoice.set_number(number);
  invoice.set_issue_date("2024-03-15");
  invoice.mutable_buyer()->set_name("000035 CELEU GROUPE");
  invoice.mutable_buyer()->set_email(email);
  return invoice;
}

// Every message of the sink whose Message-ID is the invoice's.
std::vector<std::string> MailsOf(const std::string& invoice_id) {
  std::vector<std::string> found;
  std::filesystem::path dir = std::filesystem::path(testing::RequireEnv("FACTFLOW_MAIL_DIR")) / "new";
  if (!std::filesystem::exists(dir)) return found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().find(absl::StrCat("Message-ID: <", invoice_id, "@factflow>")) !=
        std::string::npos) {
      found.push_back(text.str());
    }
  }
  return found;
}

// The decoded text body of a message (base64 after the blank line).
std::string Body(const std::string& message) {
  size_t at = message.find("\n\n");
  std::string encoded = absl::StrReplaceAll(message.substr(at + 2), {{"\r", ""}, {"\n", ""}});
  std::string body;
  EXPECT_TRUE(absl::Base64Unescape(encoded, &body)) << message;
  return body;
}

class MailSenderTest : public ::testing::Test {
 protected:
  MailSenderTest() : db_(db::chorus_dispatch_lib_migrations()) {}

  std::unique_ptr<MailSender> Sender(const std::string& url, MailSender::Options options = {}) {
    return std::make_unique<MailSender>(
        db_.pool(), std::make_unique<SmtpClient>(url, absl::Seconds(10)), options);
  }

  bool Queue(const invoicing::v1::Invoice& invoice) {
    bool dematerialised = false;
    DematerialisationModes modes{true, false, PortalTenant()};
    EXPECT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) {
                      dematerialised = Dematerialise(tx, kTenant, invoice, modes, absl::Now());
                      return absl::OkStatus();
                    })
                    .ok());
    return dematerialised;
  }

  int64_t Count(const std::string& sql) { return testing::QueryInt(db_.pool(), sql); }

  testing::TestDatabase db_;
};

TEST_F(MailSenderTest, SendsTheSeedTextOnceThroughTheRealSink) {
  invoicing::v1::Invoice a = Invoice("F2024-00042", "compta@celeu.example");
  invoicing::v1::Invoice b = Invoice("F2024-00043", "compta@celeu.example");
  ASSERT_TRUE(Queue(a));
  ASSERT_TRUE(Queue(b));
  ASSERT_TRUE(Queue(a));  // the same invoice again (a replayed event): still one mail
  EXPECT_EQ(Count("SELECT count(*) FROM sent_mails"), 2);

  auto sender = Sender(testing::RequireEnv("FACTFLOW_SMTP_URL"));
  absl::StatusOr<int> sent = sender->SendDue();
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(*sent, 2);
  EXPECT_EQ(*sender->SendDue(), 0);  // nothing is sent twice

  std::vector<std::string> mails = MailsOf(a.invoice_id());
  ASSERT_EQ(mails.size(), 1u);
  const std::string& mail = mails[0];
  EXPECT_THAT(mail, HasSubstr("X-RcptTo: compta@celeu.example"));
  EXPECT_THAT(mail, HasSubstr("<contact@artis.example>"));
  std::string subject = absl::StrCat("=?UTF-8?B?",
                                     absl::Base64Escape(
                                         "Mise à disposition de factures sur votre espace client"),
                                     "?=");
  EXPECT_THAT(mail, HasSubstr("Subject: " + subject));
  std::string body = Body(mail);
  EXPECT_THAT(body, HasSubstr("Emetteur : ARTIS Négoce"));
  EXPECT_THAT(body, HasSubstr("Destinataire : 000035 CELEU GROUPE"));
  EXPECT_THAT(body, HasSubstr("La facture n° F2024-00042 émise le 15/03/2024 est disponible sur "
                              "votre espace client à l'adresse suivante : "
                              "https://portail.artis.example/artis/"));
  EXPECT_THAT(body, HasSubstr("Ce mail est généré par un serveur. Merci de ne pas y répondre."));
  EXPECT_EQ(MailsOf(b.invoice_id()).size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM sent_mails WHERE status = 'SENT'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM exchanges WHERE kind = 'MAIL' AND status = 'OK'"), 2);
}

TEST_F(MailSenderTest, MissingCustomerAddressIsReportedNotQueued) {
  invoicing::v1::Invoice invoice = Invoice("F2024-00050", "");
  EXPECT_FALSE(Queue(invoice));
  EXPECT_EQ(Count("SELECT count(*) FROM sent_mails"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM exchanges WHERE kind = 'MAIL' AND status = 'ERROR' AND "
                  "detail LIKE '%F2024-00050%adresse e-mail%'"),
            1);
}

TEST_F(MailSenderTest, UnreachableRelayIsRetriedWithBackOff) {
  invoicing::v1::Invoice invoice = Invoice("F2024-00060", "compta@celeu.example");
  ASSERT_TRUE(Queue(invoice));
  MailSender::Options options;
  options.first_retry = absl::Seconds(1);
  // Port 1 on the loopback: connection refused.
  auto broken = Sender("smtp://127.0.0.1:1", options);
  absl::StatusOr<int> sent = broken->SendDue();
  ASSERT_TRUE(sent.ok()) << sent.status();
  EXPECT_EQ(*sent, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sent_mails WHERE status = 'FAILED' AND attempts = 1"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM exchanges WHERE kind = 'MAIL' AND status = 'ERROR' AND "
                  "detail LIKE '%tentative 1%'"),
            1);
  auto good = Sender(testing::RequireEnv("FACTFLOW_SMTP_URL"), options);
  EXPECT_EQ(*good->SendDue(), 0);  // not due yet: back-off
  absl::SleepFor(absl::Milliseconds(1200));
  EXPECT_EQ(*good->SendDue(), 1);
  EXPECT_EQ(MailsOf(invoice.invoice_id()).size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM sent_mails WHERE status = 'SENT' AND attempts = 2"), 1);
}

TEST_F(MailSenderTest, InterruptedSendIsNeverRepeated) {
  invoicing::v1::Invoice invoice = Invoice("F2024-00070", "compta@celeu.example");
  ASSERT_TRUE(Queue(invoice));
  // A sender claimed the mail and died before recording the outcome (its lease runs out).
  ASSERT_TRUE(db_.pool()
                  .InTransaction([](pqxx::work& tx) {
                    EXPECT_EQ(storage::ClaimDueMails(tx, 10, absl::ZeroDuration()).size(), 1u);
                    return absl::OkStatus();
                  })
                  .ok());
  absl::SleepFor(absl::Milliseconds(20));
  auto sender = Sender(testing::RequireEnv("FACTFLOW_SMTP_URL"));
  EXPECT_EQ(*sender->SendDue(), 0);
  EXPECT_EQ(*sender->SendDue(), 0);
  EXPECT_EQ(MailsOf(invoice.invoice_id()).size(), 0u);
  EXPECT_EQ(Count("SELECT count(*) FROM sent_mails WHERE status = 'UNCERTAIN'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM exchanges WHERE kind = 'MAIL' AND status = 'UNCERTAIN'"),
            1);
}

TEST(MailBackoffTest, DoublesUpToTheCap) {
  MailSender::Options options;
  EXPECT_EQ(MailSender::Backoff(1, options), absl::Seconds(30));
  EXPECT_EQ(MailSender::Backoff(2, options), absl::Seconds(60));
  EXPECT_EQ(MailSender::Backoff(4, options), absl::Seconds(240));
  EXPECT_EQ(MailSender::Backoff(50, options), absl::Hours(1));
}

TEST(InvoiceNoticeTest, RefusesHeaderInjectionAndBadAddressesInFrench) {
  InvoiceNotice notice{"ARTIS", "contact@artis.example", "Client", "client@example.org",
                       "F1", "2024-03-15", "https://portail.example/", "<x@factflow>"};
  EXPECT_TRUE(CheckNotice(notice).ok());
  InvoiceNotice injected = notice;
  injected.recipient_name = "Client\r\nBcc: victim@example.org";
  EXPECT_THAT(CheckNotice(injected).message(), HasSubstr("saut de ligne"));
  InvoiceNotice bad = notice;
  bad.recipient_email = "client@example.org, other@example.org";
  EXPECT_THAT(CheckNotice(bad).message(), HasSubstr("invalide"));
  InvoiceNotice no_portal = notice;
  no_portal.portal_url.clear();
  EXPECT_THAT(CheckNotice(no_portal).message(), HasSubstr("portail"));
}

}  // namespace
}  // namespace factflow::dispatch::mail
