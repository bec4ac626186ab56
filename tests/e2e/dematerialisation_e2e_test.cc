// Sending with the portal dematerialisation on, end to end on the test stack: every sent invoice
// is archived as a signed Factur-X PDF/A-3 (pdfsig says the signature is valid; the shared
// kit's checks pass), the customer gets the seed's French e-mail once, read back from the
// stack's real SMTP sink (aiosmtpd, FACTFLOW_MAIL_DIR), and the invoice is marked dematerialised.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"
#include "e2e/flow_fixture.h"
#include "testing/einvoice_validator.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Shell(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  return output;
}

// The messages of the sink for this invoice (its Message-ID).
std::vector<std::string> MailsOf(const std::string& invoice_id) {
  std::vector<std::string> found;
  auto dir = std::filesystem::path(testing::RequireEnv("FACTFLOW_MAIL_DIR")) / "new";
  if (!std::filesystem::exists(dir)) return found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string text = ReadAll(entry.path());
    if (text.find("Message-ID: <" + invoice_id + "@factflow>") != std::string::npos) {
      found.push_back(text);
    }
  }
  return found;
}

class DematerialisationTest : public FlowFixture {};

TEST_F(DematerialisationTest, PortalModeSignsArchivesMailsAndMarks) {
  std::string tenant = UniqueTenant("e2e-demat");
  CreateTenant(tenant);
  iv1::Tenant settings = DemoTenant(tenant);
  settings.set_dematerialisation_enabled(true);
  settings.set_portal_url("https://portail.example.fr/" + tenant + "/");
  iv1::Tenant updated;
  grpc::Status status =
      stack_.tenants().UpdateTenant(stack_.Context(token_).get(), settings, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();

  GeneratedExport file = GenerateFnacExport(6, 0, 20261121);
  mv1::Batch batch = Upload(file);
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  int count = static_cast<int>(Invoices(batch.batch_id()).size());
  ASSERT_GT(count, 0);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id()).done(), count);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).done(), count);
  WaitAllArchived(batch.batch_id(), count);
  EXPECT_TRUE(WaitFor(
      [&] {
        for (const auto& invoice : Invoices(batch.batch_id())) {
          if (!invoice.dematerialised() || MailsOf(invoice.invoice_id()).empty()) return false;
        }
        return true;
      },
      std::chrono::seconds(120)));

  std::string dir = testing::RequireEnv("FACTFLOW_STATE_DIR") + "/e2e-demat-" + batch.batch_id();
  std::filesystem::create_directories(dir);
  std::string pdfs;
  for (const auto& invoice : Invoices(batch.batch_id())) {
    EXPECT_TRUE(invoice.dematerialised()) << invoice.number();
    // Exactly one mail, the seed's text with this invoice's number and the portal link.
    std::vector<std::string> mails = MailsOf(invoice.invoice_id());
    ASSERT_EQ(mails.size(), 1u) << invoice.number();
    std::string encoded = mails[0].substr(mails[0].find("\n\n") + 2);
    std::string body;
    ASSERT_TRUE(
        absl::Base64Unescape(absl::StrReplaceAll(encoded, {{"\r", ""}, {"\n", ""}}), &body));
    EXPECT_THAT(body, HasSubstr("La facture n° " + invoice.number() + " émise le "));
    EXPECT_THAT(body, HasSubstr("https://portail.example.fr/" + tenant + "/"));
    EXPECT_THAT(mails[0], HasSubstr("X-RcptTo: " + invoice.buyer().email()));

    // The archived PDF: signed, valid for pdfsig.
    dispatch::v1::ListArchivedObjectsRequest list;
    list.set_invoice_id(invoice.invoice_id());
    dispatch::v1::ListArchivedObjectsResponse objects;
    ASSERT_TRUE(
        stack_.dispatch().ListArchivedObjects(stack_.Context(token_).get(), list, &objects).ok());
    for (const auto& object : objects.objects()) {
      if (object.kind() != "invoice-pdf") continue;
      dispatch::v1::GetArchivedObjectRequest get;
      get.set_object_id(object.object_id());
      dispatch::v1::ArchivedObject full;
      ASSERT_TRUE(
          stack_.dispatch().GetArchivedObject(stack_.Context(token_).get(), get, &full).ok());
      std::string path = dir + "/" + invoice.invoice_id() + ".pdf";
      std::ofstream(path, std::ios::binary) << full.content();
      std::string report = Shell("pdfsig '" + path + "'");
      EXPECT_THAT(report, HasSubstr("Signature is Valid")) << invoice.number() << report;
      EXPECT_THAT(report, HasSubstr("Total document signed")) << report;
      pdfs += " '" + path + "'";
    }
  }
  EXPECT_THAT(stack_.ScrapeMetrics("chorus_dispatch"),
              HasSubstr("factflow_pending{what=\"invoice_mail\"} 0"));

  // Last, as it may skip: every archived PDF through the shared Factur-X and EN 16931 checks.
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  std::string output = Shell("'" + validator + "' -q" + pdfs);
  EXPECT_THAT(output, ::testing::Not(HasSubstr("INVALID"))) << output;
  EXPECT_THAT(output, HasSubstr("-> VALID")) << output;
}

// "No sent invoice is left behind": the tenant's certificate file is broken, so signing (part of
// rendering) fails after sending; the failure is recorded and counted, and once the file is
// fixed the retry thread archives every invoice (the stack retries every few seconds).
TEST_F(DematerialisationTest, RenderFailureAfterSendIsRetriedUntilArchived) {
  std::string tenant = UniqueTenant("e2e-retry");
  CreateTenant(tenant);
  auto signing = std::filesystem::path(testing::RequireEnv("FACTFLOW_SIGNING_DIR"));
  auto broken = signing / (tenant + ".pem");
  std::ofstream(broken) << "-----BEGIN CERTIFICATE-----\npas un certificat\n";

  GeneratedExport file = GenerateFnacExport(3, 0, 20261122);
  mv1::Batch batch = Upload(file);
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  int count = static_cast<int>(invoices.size());
  ASSERT_GT(count, 0);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id()).done(), count);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).done(), count);

  // The failure is recorded for the invoice, with the reason, and nothing is archived.
  auto errors = [&](const std::string& invoice_id) {
    dispatch::v1::ListExchangesRequest request;
    request.set_invoice_id(invoice_id);
    dispatch::v1::ListExchangesResponse response;
    EXPECT_TRUE(
        stack_.dispatch().ListExchanges(stack_.Context(token_).get(), request, &response).ok());
    int n = 0;
    for (const auto& exchange : response.exchanges()) {
      n += exchange.kind() == "ARCHIVE" && exchange.status() == "ERROR" &&
           exchange.detail().find("certificat de signature") != std::string::npos;
    }
    return n;
  };
  EXPECT_TRUE(WaitFor([&] { return errors(invoices.front().invoice_id()) > 0; },
                      std::chrono::seconds(120)));
  EXPECT_EQ(CountArchived(batch.batch_id()), 0);
  EXPECT_THAT(
      stack_.ScrapeMetrics("chorus_dispatch"),
      ::testing::ContainsRegex("factflow_failures_total\\{what=\"invoice_render\"\\} [1-9]"));

  // The operator sees each failed invoice with its French reason (factflowctl archive failures),
  // and a retry asked while the certificate is still broken fails, saying so.
  const std::string ctl =
      testing::RequireEnv("FACTFLOW_BIN_DIR") + "/factflowctl --tenant " + tenant;
  ASSERT_TRUE(WaitFor(
      [&] {
        return Shell(ctl + " archive failures -o json")
                   .find("\"pendingCount\": \"" + std::to_string(count) + "\"") !=
               std::string::npos;
      },
      std::chrono::seconds(120)))
      << Shell(ctl + " archive failures -o json");
  std::string listed = Shell(ctl + " archive failures -o json");
  for (const iv1::Invoice& invoice : invoices) {
    EXPECT_THAT(listed,
                ::testing::ContainsRegex("\"invoiceNumber\": \"" + invoice.number() + "\""));
  }
  EXPECT_THAT(listed, HasSubstr("certificat de signature"));
  EXPECT_THAT(Shell(ctl + " archive failures"),
              HasSubstr(std::to_string(count) + " échecs en attente"));
  std::string retried = Shell(ctl + " archive retry; echo \"exit=$?\"");
  EXPECT_THAT(retried, HasSubstr("toujours en échec")) << retried;
  EXPECT_THAT(retried, HasSubstr("exit=1")) << retried;

  // Fixed: the operator's retry archives every invoice at once, signed with the tenant's new
  // certificate (or finds that the automatic retry, which it waits for, just did).
  std::filesystem::copy_file(signing / "default.pem", broken,
                             std::filesystem::copy_options::overwrite_existing);
  retried = Shell(ctl + " archive retry; echo \"exit=$?\"");
  EXPECT_THAT(retried, HasSubstr("exit=0")) << retried;
  EXPECT_THAT(Shell(ctl + " archive failures -o json"), HasSubstr("\"pendingCount\": \"0\""));
  listed = Shell(ctl + " archive failures --all -o json");
  for (const iv1::Invoice& invoice : invoices) {
    EXPECT_THAT(listed,
                ::testing::ContainsRegex("\"invoiceNumber\": \"" + invoice.number() + "\""));
  }
  EXPECT_THAT(listed, HasSubstr("\"resolvedAt\""));
  WaitAllArchived(batch.batch_id(), count);
  EXPECT_GE(errors(invoices.front().invoice_id()), 1);  // the history stays
  std::filesystem::remove(broken);
}

}  // namespace
}  // namespace factflow::e2e
