// Factur-X container: the PDF carries the very CII it was built from, stays reproducible, and
// passes the shared kit's checks (facturx-pdf-check.sh for the PDF/A-3 + Factur-X structure,
// einvoice-validate.sh for the embedded XML). The kit's tests are skipped with the reason when
// ../shared/einvoice is missing, and fail under CI=true (testing/einvoice_validator.h).

#include "rendering/facturx.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/cii_writer.h"
#include "domain/testing/process.h"
#include "domain/testing/sample_invoices.h"
#include "testing/einvoice_validator.h"

namespace factflow::dispatch::rendering {
namespace {

using domain::InvoiceDocument;
using domain::testing::RunCommand;
using domain::testing::ShellQuote;
using domain::testing::WriteTempFile;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::pair<std::string, InvoiceDocument>> Samples() {
  return {{"F2024-00042", domain::testing::SampleInvoice()},
          {"AV2024-00007", domain::testing::SampleCreditNote()},
          {"F2024-00043", domain::testing::SampleExemptInvoice()},
          {"F2024-00900", domain::testing::SampleInvoiceWithLines(120)}};
}

TEST(FacturXTest, EmbedsExactlyTheCiiOfTheInvoice) {
  for (const auto& [name, doc] : Samples()) {
    absl::StatusOr<FacturX> fx = RenderFacturX(doc);
    ASSERT_TRUE(fx.ok()) << name << ": " << fx.status();
    absl::StatusOr<std::string> cii = domain::WriteCiiD16B(doc);
    ASSERT_TRUE(cii.ok());
    EXPECT_EQ(fx->xml, *cii);
    std::string pdf = WriteTempFile(name + ".fx.pdf", fx->pdf);
    std::string out = pdf + ".xml";
    auto detach = RunCommand("pdfdetach -savefile factur-x.xml -o " + ShellQuote(out) + " " +
                             ShellQuote(pdf));
    ASSERT_EQ(detach.exit_code, 0) << detach.output;
    EXPECT_EQ(ReadFile(out), *cii) << name;
    auto check = RunCommand("qpdf --check " + ShellQuote(pdf));
    EXPECT_EQ(check.exit_code, 0) << check.output;
    // Every page is still there and readable.
    auto text = RunCommand("pdftotext -layout " + ShellQuote(pdf) + " -");
    EXPECT_THAT(text.output, HasSubstr(doc.number));
  }
}

TEST(FacturXTest, SameDocumentGivesSameBytes) {
  InvoiceDocument doc = domain::testing::SampleInvoice();
  absl::StatusOr<FacturX> a = RenderFacturX(doc);
  absl::StatusOr<FacturX> b = RenderFacturX(doc);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->pdf, b->pdf);
  doc.number = "F2024-00099";
  absl::StatusOr<FacturX> c = RenderFacturX(doc);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->pdf, c->pdf);
}

TEST(FacturXTest, RefusesAnInconsistentDocumentNamingTheField) {
  InvoiceDocument doc = domain::testing::SampleInvoice();
  doc.number.clear();
  absl::StatusOr<FacturX> fx = RenderFacturX(doc);
  EXPECT_EQ(fx.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FacturXTest, MetadataMatchesTheDocument) {
  InvoiceDocument doc = domain::testing::SampleInvoice();
  doc.seller.name = "Dupont & Fils <SARL>";
  absl::StatusOr<FacturX> fx = RenderFacturX(doc);
  ASSERT_TRUE(fx.ok()) << fx.status();
  std::string pdf = WriteTempFile("meta.pdf", fx->pdf);
  auto meta = RunCommand("pdfinfo -meta " + ShellQuote(pdf));
  EXPECT_THAT(meta.output, HasSubstr("Dupont &amp; Fils &lt;SARL&gt;"));
  EXPECT_THAT(meta.output, HasSubstr("<pdfaid:part>3</pdfaid:part>"));
  auto info = RunCommand("pdfinfo " + ShellQuote(pdf));
  EXPECT_THAT(info.output, HasSubstr("Dupont & Fils <SARL>"));
  EXPECT_THAT(info.output, HasSubstr("Facture N° F2024-00042"));
}

// The shared kit's checks, on every sample: the PDF structure and then the embedded XML.
TEST(FacturXConformanceTest, EveryPdfPassesTheSharedChecks) {
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  std::string pdf_check =
      (std::filesystem::path(validator).parent_path() / "facturx-pdf-check.sh").string();
  std::string files;
  for (const auto& [name, doc] : Samples()) {
    absl::StatusOr<FacturX> fx = RenderFacturX(doc);
    ASSERT_TRUE(fx.ok()) << name << ": " << fx.status();
    std::string pdf = WriteTempFile(name + ".pdf", fx->pdf);
    auto check = RunCommand(ShellQuote(pdf_check) + " " + ShellQuote(pdf));
    EXPECT_EQ(check.exit_code, 0) << name << "\n" << check.output;
    EXPECT_THAT(check.output, HasSubstr(": 0 errors")) << check.output;
    EXPECT_THAT(check.output, Not(HasSubstr("WARNING"))) << check.output;
    files += " " + ShellQuote(pdf);
  }
  // One JVM for all the files (the validator batches them).
  auto result = RunCommand(ShellQuote(validator) + " -q" + files);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, Not(HasSubstr("INVALID"))) << result.output;
}

}  // namespace
}  // namespace factflow::dispatch::rendering
