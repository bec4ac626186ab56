#include "domain/pdf_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "domain/formatting.h"
#include "domain/testing/process.h"
#include "domain/testing/sample_invoices.h"

namespace factflow::dispatch::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunCommand;
using testing::SampleCreditNote;
using testing::SampleInvoice;
using testing::SampleInvoiceWithLines;
using testing::ShellQuote;
using testing::WriteTempFile;

// pdftotext writes the no-break spaces of French amounts as plain spaces.
std::string AsExtracted(const std::string& text) {
  return absl::StrReplaceAll(text, {{"\xC2\xA0", " "}});
}

// Renders `doc` into a temporary file named `name` and returns its path.
std::string RenderToFile(const InvoiceDocument& doc, const std::string& name) {
  absl::StatusOr<std::string> pdf = RenderInvoicePdf(doc);
  EXPECT_TRUE(pdf.ok()) << pdf.status();
  return WriteTempFile(name, pdf.ok() ? *pdf : "");
}

// Runs a poppler-utils tool on `path` and returns its output (asserting it succeeded).
std::string Poppler(const std::string& tool, const std::string& path) {
  testing::CommandResult result =
      RunCommand(tool + " " + ShellQuote(path) + (tool.starts_with("pdftotext") ? " -" : ""));
  EXPECT_EQ(result.exit_code, 0) << tool << ": " << result.output;
  return result.output;
}

int PageCount(const std::string& path) {
  for (absl::string_view line : absl::StrSplit(Poppler("pdfinfo", path), '\n')) {
    int pages = 0;
    if (absl::StartsWith(line, "Pages:") && absl::SimpleAtoi(line.substr(6), &pages)) return pages;
  }
  return 0;
}

TEST(PdfRendererTest, ShowsTheInvoiceInFrench) {
  InvoiceDocument doc = SampleInvoice();
  std::string text = Poppler("pdftotext -enc UTF-8", RenderToFile(doc, "invoice.pdf"));
  EXPECT_THAT(text, AllOf(HasSubstr("FACTURE"), HasSubstr("N° F2024-00042"),
                          HasSubstr("Date d'émission : 15/01/2024"),
                          HasSubstr("Date d'échéance : 14/02/2024"),
                          HasSubstr("Ville de Lyon — Direction des bâtiments"), HasSubstr("Client"),
                          HasSubstr("SAS au capital de 10 000 €"),
                          HasSubstr("TVA intracommunautaire : FR44732829320"),
                          HasSubstr("SIRET : 73282932000074")));
  EXPECT_THAT(text, AllOf(HasSubstr("Désignation"), HasSubstr("Qté"), HasSubstr("PU HT"),
                          HasSubstr("Montant HT"), HasSubstr("Taux"), HasSubstr("Base HT"),
                          HasSubstr("Montant TVA"), HasSubstr("5,5 %"), HasSubstr("7,4917 €")));
  EXPECT_THAT(
      text,
      AllOf(HasSubstr("Total HT"), HasSubstr("Total TVA"), HasSubstr("Total TTC"),
            HasSubstr("Net à payer"), HasSubstr(AsExtracted(FrenchAmount(doc.total_with_vat))),
            HasSubstr("1 560,25 €"), HasSubstr(AsExtracted(FrenchAmount(doc.total_net)))));
  EXPECT_THAT(text,
              AllOf(HasSubstr("IBAN : FR76 3000 6000 0112 3456 7890 189"),
                    HasSubstr("Mode de paiement : Virement SEPA"),
                    HasSubstr("Indemnité forfaitaire pour frais de recouvrement : 40 €"),
                    HasSubstr("Pénalités de retard : trois fois le taux d'intérêt légal"),
                    HasSubstr("Pas d'escompte pour paiement anticipé"), HasSubstr("Page 1/1")));
}

TEST(PdfRendererTest, PrintsTheLegalDefaultsWhenNoNoteStatesThem) {
  InvoiceDocument doc = SampleInvoice();
  doc.notes.clear();
  std::string text = Poppler("pdftotext -enc UTF-8", RenderToFile(doc, "no-notes.pdf"));
  EXPECT_THAT(text, AllOf(HasSubstr("Indemnité forfaitaire pour frais de recouvrement : 40 €"),
                          HasSubstr("Pénalités de retard :"), Not(HasSubstr("Pas d'escompte"))));
}

TEST(PdfRendererTest, CreditNoteIsAnAvoirNamingTheInvoice) {
  std::string text =
      Poppler("pdftotext -enc UTF-8", RenderToFile(SampleCreditNote(), "credit-note.pdf"));
  EXPECT_THAT(text, AllOf(HasSubstr("AVOIR"), HasSubstr("N° AV2024-00007"),
                          HasSubstr("Avoir sur la facture N° F2024-00042 du 15/01/2024"),
                          Not(HasSubstr("FACTURE"))));
}

TEST(PdfRendererTest, EmbedsEveryFont) {
  std::string fonts = Poppler("pdffonts", RenderToFile(SampleInvoice(), "fonts.pdf"));
  std::vector<std::string> lines = absl::StrSplit(fonts, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 4u) << fonts;  // Header, rule, DejaVu Sans and DejaVu Sans Bold.
  EXPECT_THAT(fonts, AllOf(HasSubstr("DejaVuSans"), HasSubstr("DejaVuSans-Bold")));
  for (size_t i = 2; i < lines.size(); ++i) {
    // Columns: name type encoding emb sub uni object ID.
    std::vector<std::string> columns = absl::StrSplit(lines[i], ' ', absl::SkipEmpty());
    ASSERT_GE(columns.size(), 6u) << lines[i];
    EXPECT_EQ(columns[columns.size() - 5], "yes") << "not embedded: " << lines[i];
  }
}

TEST(PdfRendererTest, SixtyLinesFlowOverSeveralPagesWithRepeatedHeader) {
  InvoiceDocument doc = SampleInvoiceWithLines(60);
  std::string path = RenderToFile(doc, "sixty-lines.pdf");
  int pages = PageCount(path);
  EXPECT_GE(pages, 2);
  std::string text = Poppler("pdftotext -enc UTF-8", path);
  EXPECT_THAT(text, AllOf(HasSubstr("Page 1/" + std::to_string(pages)),
                          HasSubstr("Page " + std::to_string(pages) + "/" + std::to_string(pages)),
                          HasSubstr("(suite)"), HasSubstr("Article de démonstration n° 60"),
                          HasSubstr(AsExtracted(FrenchAmount(doc.total_with_vat)))));
  size_t headers = 0;
  for (size_t at = text.find("Désignation"); at != std::string::npos;
       at = text.find("Désignation", at + 1)) {
    ++headers;
  }
  EXPECT_GE(headers, 2u);
}

TEST(PdfRendererTest, SameInvoiceGivesTheSameBytes) {
  absl::StatusOr<std::string> first = RenderInvoicePdf(SampleInvoice());
  absl::StatusOr<std::string> second = RenderInvoicePdf(SampleInvoice());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->starts_with("%PDF-"));
  EXPECT_EQ(*first, *second);

  InvoiceDocument other = SampleInvoice();
  other.number = "F2024-00043";
  EXPECT_NE(*RenderInvoicePdf(other), *first);
}

TEST(PdfRendererTest, ConcurrentRendersGiveTheSameBytes) {
  absl::StatusOr<std::string> expected = RenderInvoicePdf(SampleInvoice());
  ASSERT_TRUE(expected.ok()) << expected.status();
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::string& result : results) {
    threads.emplace_back([&result] { result = RenderInvoicePdf(SampleInvoice()).value_or(""); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_TRUE(result == *expected);
}

TEST(PdfRendererTest, CreationDateIsTheIssueDate) {
  std::string info = Poppler("pdfinfo", RenderToFile(SampleInvoice(), "dates.pdf"));
  EXPECT_THAT(info, AllOf(HasSubstr("Facture N° F2024-00042"), HasSubstr("Atelier Lumière"),
                          HasSubstr("Mon Jan 15 00:00:00 2024 UTC"), HasSubstr("(A4)")));
}

TEST(PdfRendererTest, RefusesAnInconsistentDocument) {
  InvoiceDocument doc = SampleInvoice();
  doc.amount_due -= Decimal::FromCents(1);
  absl::StatusOr<std::string> pdf = RenderInvoicePdf(doc);
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pdf.status().message(), HasSubstr("amount_due"));
}

}  // namespace
}  // namespace factflow::dispatch::domain
