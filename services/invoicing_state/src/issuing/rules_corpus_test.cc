// The rule engine and the official EN 16931 validator agree on every CII the project produces:
// invoices built by BuildInvoice from marketplace documents of each kind (French consumers with
// mixed rates, a company, an export outside the EU, a Brussels consumer, a tenant under the
// franchise en base, a long order), mapped and written as chorus-dispatch does. An invoice the
// writer refuses (inconsistent totals) is blocking for the engine too.
//
// Verdicts compared: the validator's VALID/INVALID per file, and "no blocking EN 16931 rule"
// (BR-..., not BR-FR-...) for the engine; the French, Chorus and factflow rules go beyond CEN's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/cii_writer.h"
#include "domain/testing/process.h"
#include "issuing/invoice_builder.h"
#include "issuing/invoice_rules.h"
#include "money/decimal_wire.h"
#include "rendering/invoice_mapping.h"
#include "testing/einvoice_validator.h"

namespace factflow::invoicing {
namespace {

namespace dt = dispatch::domain::testing;
using money::Decimal;

v1::Tenant CorpusTenant(bool franchise) {
  v1::Tenant tenant;
  v1::CompanyIdentity& c = *tenant.mutable_company();
  c.set_name("Librairie du Marais");
  c.set_legal_form("SAS");
  c.set_share_capital("10 000 €");
  c.set_registration("RCS Paris 732 829 320");
  c.set_siren("732829320");
  c.set_siret("73282932000074");
  c.set_vat_number("FR44732829320");
  c.mutable_address()->set_line1("12 rue des Archives");
  c.mutable_address()->set_postal_code("75004");
  c.mutable_address()->set_city("Paris");
  c.mutable_address()->set_country_code("FR");
  c.set_iban("FR7630006000011234567890189");
  tenant.mutable_legal_mentions()->set_vat_exempt_293b(franchise);
  return tenant;
}

common::v1::PostalAddress Address(const char* line1, const char* postal_code, const char* city,
                                  const char* country) {
  common::v1::PostalAddress address;
  address.set_line1(line1);
  address.set_postal_code(postal_code);
  address.set_city(city);
  address.set_country_code(country);
  return address;
}

void AddLine(importer::v1::ApprovedDocument& doc, const std::string& label, const char* quantity,
             const std::string& price, const char* rate, bool shipping = false) {
  importer::v1::ApprovedLine* line = doc.add_lines();
  line->set_article_code(shipping ? "PORT" : "SKU-" + std::to_string(doc.lines_size()));
  line->set_label(label);
  line->mutable_quantity()->set_value(quantity);
  line->mutable_unit_price_incl_vat()->set_value(price);
  line->mutable_vat_rate()->set_value(rate);
  line->set_is_shipping(shipping);
}

importer::v1::ApprovedDocument Order(const std::string& id, const char* company,
                                     const common::v1::PostalAddress& address) {
  importer::v1::ApprovedDocument doc;
  doc.set_external_id(id);
  doc.set_document_date("2026-11-28");
  doc.mutable_buyer()->set_last_name("Martin");
  doc.mutable_buyer()->set_first_name("Camille");
  doc.mutable_buyer()->set_company(company);
  *doc.mutable_billing_address() = address;
  *doc.mutable_delivery_address() = address;
  doc.set_payment_mode("Carte bancaire");
  AddLine(doc, "Roman de la rentrée", "2", "21.10", "5.50");
  AddLine(doc, "Jeu de société", "1", "36.00", "20.00");
  AddLine(doc, "Frais de port", "1", "4.99", "20.00", true);
  return doc;
}

struct Case {
  std::string name;
  importer::v1::ApprovedDocument document;
  bool franchise = false;
};

std::vector<Case> Corpus() {
  std::vector<Case> corpus;
  auto paris = Address("3 rue de Rivoli", "75001", "Paris", "FR");
  corpus.push_back({"fr-consumer", Order("FN-1001", "", paris)});
  corpus.push_back({"fr-company", Order("FN-1002", "Bibliothèque Lumière", paris)});
  corpus.push_back(
      {"export-geneva", Order("FN-1003", "", Address("Rue du Rhône 12", "1204", "Genève", "CH"))});
  corpus.push_back({"brussels-consumer",
                    Order("FN-1004", "", Address("Rue Neuve 1", "1000", "Bruxelles", "BE"))});
  corpus.push_back({"franchise", Order("FN-1005", "", paris), true});
  Case long_order{"long-order", Order("FN-1006", "", paris)};
  for (int i = 0; i < 60; ++i) {
    AddLine(long_order.document, "Livre de poche " + std::to_string(i), "1",
            absl::StrCat(7 + i % 5, ".", 10 + i), i % 3 == 0 ? "20.00" : "5.50");
  }
  corpus.push_back(long_order);
  return corpus;
}

bool EngineSaysValid(const rules::Verdict& verdict, std::string* why) {
  bool valid = true;
  for (const rules::Finding& finding : verdict.findings) {
    std::string_view id = finding.rule->id;
    if (finding.rule->severity == rules::Severity::kBlocking && id.starts_with("BR-") &&
        !id.starts_with("BR-FR-")) {
      valid = false;
      *why += finding.Text() + "\n";
    }
  }
  return valid;
}

TEST(RulesCorpusTest, EngineAndOfficialValidatorAgreeOnEveryProducedCii) {
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  std::map<std::string, bool> engine_valid;  // by file path
  std::map<std::string, std::string> engine_why;
  std::string files;
  int number = 0;
  for (const Case& c : Corpus()) {
    v1::Tenant tenant = CorpusTenant(c.franchise);
    IssueContext context{.tenant = &tenant, .issue_date = "2026-11-30", .series_code = "FA"};
    absl::StatusOr<v1::Invoice> invoice = BuildInvoice(c.document, context);
    ASSERT_TRUE(invoice.ok()) << c.name << ": " << invoice.status();
    invoice->set_number(absl::StrCat("FA2026-", 100 + ++number));
    absl::StatusOr<dispatch::domain::InvoiceDocument> doc = dispatch::ToDocument(*invoice);
    ASSERT_TRUE(doc.ok()) << c.name << ": " << doc.status();
    absl::StatusOr<std::string> xml = dispatch::domain::WriteCiiD16B(*doc);
    ASSERT_TRUE(xml.ok()) << c.name << ": " << xml.status();
    std::string path = dt::WriteTempFile(c.name + ".xml", *xml);
    absl::StatusOr<rules::Verdict> verdict = JudgeInvoice(*invoice, tenant);
    ASSERT_TRUE(verdict.ok()) << verdict.status();
    engine_valid[path] = EngineSaysValid(*verdict, &engine_why[path]);
    absl::StrAppend(&files, " ", dt::ShellQuote(path));
  }
  ASSERT_EQ(engine_valid.size(), 6u);

  // One validator run (one JVM) for the whole corpus.
  dt::CommandResult result = dt::RunCommand(dt::ShellQuote(validator) + " -q" + files);
  int judged = 0;
  for (absl::string_view piece : absl::StrSplit(result.output, '\n')) {
    std::string_view line(piece.data(), piece.size());
    for (const auto& [path, valid] : engine_valid) {
      if (!line.starts_with(path + ":") || line.find("-> ") == std::string_view::npos) continue;
      bool validator_valid = line.find("-> VALID") != std::string_view::npos;
      EXPECT_EQ(valid, validator_valid)
          << path << "\nvalidator: " << line << "\nengine: " << engine_why[path];
      ++judged;
    }
  }
  EXPECT_EQ(judged, static_cast<int>(engine_valid.size())) << result.output;
}

TEST(RulesCorpusTest, WhatTheWriterRefusesIsBlockingForTheEngine) {
  v1::Tenant tenant = CorpusTenant(false);
  IssueContext context{.tenant = &tenant, .issue_date = "2026-11-30", .series_code = "FA"};
  absl::StatusOr<v1::Invoice> invoice =
      BuildInvoice(Order("FN-2001", "", Address("1 rue Neuve", "69001", "Lyon", "FR")), context);
  ASSERT_TRUE(invoice.ok()) << invoice.status();
  invoice->set_number("FA2026-000201");
  *invoice->mutable_total_net() = money::ToWire(
      *money::FromWire(invoice->total_net()) + Decimal::FromCents(1));
  absl::StatusOr<dispatch::domain::InvoiceDocument> doc = dispatch::ToDocument(*invoice);
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(dispatch::domain::WriteCiiD16B(*doc).ok());
  absl::StatusOr<rules::Verdict> verdict = JudgeInvoice(*invoice, tenant);
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->blocking());
  EXPECT_THAT(verdict->BlockingText(), ::testing::HasSubstr("[BR-CO-10]"));
}

}  // namespace
}  // namespace factflow::invoicing
