// The rule engine and the official EN 16931 validator agree on every CII the project produces:
// invoices built by BuildInvoice from marketplace documents of each kind (French consumers with
// mixed rates, a company, an export outside the EU, a Brussels consumer, a tenant under the
// franchise en base, a long order; and the reform's identifiers: a French company known by its
// SIREN/SIRET/VAT delivered elsewhere by a tenant paying VAT on debits, an intra-EU business
// with its VAT number (K), a Brussels consumer under the OSS), mapped and written as
// chorus-dispatch does. An invoice the
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
#include "issuing/corpus_orders.h"
#include "issuing/invoice_builder.h"
#include "issuing/invoice_rules.h"
#include "money/decimal_wire.h"
#include "rendering/invoice_mapping.h"
#include "testing/einvoice_validator.h"

namespace factflow::invoicing {
namespace {

namespace dt = dispatch::domain::testing;
using money::Decimal;

struct Case {
  std::string name;
  importer::v1::ApprovedDocument document;
  bool franchise = false;
  bool oss = false;          // Tenant above the EU distance-selling threshold.
  bool on_debits = false;    // Tenant pays VAT on debits, sells goods and services.
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
  Case company{"fr-company-ids", CompanyOrder("FN-1007", "Ville de Lyon", paris, "216901231",
                                              "21690123100011", "FR60216901231")};
  *company.document.mutable_delivery_address() =
      Address("Médiathèque, 30 boulevard Vivier-Merle", "69003", "Lyon", "FR");
  company.on_debits = true;
  corpus.push_back(company);
  corpus.push_back({"intra-eu-b2b",
                    CompanyOrder("FN-1008", "Buchhandlung Berlin GmbH",
                                 Address("Unter den Linden 5", "10117", "Berlin", "DE"), "", "",
                                 "DE136695976")});
  corpus.push_back({"oss-consumer",
                    Order("FN-1009", "", Address("Rue Neuve 1", "1000", "Bruxelles", "BE")),
                    false, true});
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
    tenant.mutable_legal_mentions()->set_oss_above_threshold(c.oss);
    tenant.mutable_legal_mentions()->set_vat_on_debits(c.on_debits);
    if (c.on_debits) tenant.mutable_legal_mentions()->set_operation_category("MIXTE");
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
  ASSERT_EQ(engine_valid.size(), 9u);

  // One validator run (one JVM) for the whole corpus.
  dt::CommandResult result = dt::RunCommand(dt::ShellQuote(validator) + " -q" + files);
  int judged = 0;
  for (absl::string_view piece : absl::StrSplit(result.output, '\n')) {
    std::string_view line(piece.data(), piece.size());
    for (const auto& [path, valid] : engine_valid) {
      if (!line.starts_with(path + ":") || line.find("-> ") == std::string_view::npos) continue;
      bool validator_valid = line.find("-> VALID") != std::string_view::npos;
      // Every CII the project produces passes the official validator.
      EXPECT_TRUE(validator_valid) << line;
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
