// French mentions on the PDF (text extracted with pdftotext) and in the CII: the seller's
// register, B2B-only late-payment mentions, country names in French, the marketplace order date,
// two-decimal prices, and the exemption reasons of the VAT categories.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_replace.h"
#include "domain/cii_writer.h"
#include "domain/formatting.h"
#include "domain/pdf_renderer.h"
#include "domain/testing/process.h"
#include "domain/testing/sample_invoices.h"

namespace factflow::dispatch::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::D;

// The PDF of `doc` as pdftotext extracts it (no-break spaces as plain spaces).
std::string PdfText(const InvoiceDocument& doc, const std::string& name) {
  absl::StatusOr<std::string> pdf = RenderInvoicePdf(doc);
  EXPECT_TRUE(pdf.ok()) << pdf.status();
  std::string path = testing::WriteTempFile(name, pdf.ok() ? *pdf : "");
  testing::CommandResult result =
      testing::RunCommand("pdftotext -enc UTF-8 " + testing::ShellQuote(path) + " -");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  return absl::StrReplaceAll(result.output, {{"\xC2\xA0", " "}});
}

// A marketplace sale to a consumer in Geneva: exported goods (G), no B2B mention.
InvoiceDocument ConsumerExport() {
  InvoiceDocument doc = testing::SampleInvoice();
  doc.buyer = {.name = "Camille Martin",
               .address = {.line1 = "Rue du Rhône 12",
                           .postal_code = "1204",
                           .city = "Genève",
                           .country_code = "CH"}};
  doc.delivery_date.clear();
  doc.order_date = "2026-11-28";
  doc.buyer_reference.clear();
  doc.notes.clear();
  for (InvoiceLine& line : doc.lines) {
    line.vat_category_code = "G";
    line.vat_rate = Decimal();
  }
  doc.vat_breakdown = {{.category_code = "G",
                        .exemption_reason = "Exonération de TVA, art. 262 I du CGI"}};
  testing::ComputeTotals(doc);  // keeps the reason, not the code
  doc.vat_breakdown[0].exemption_reason_code = "VATEX-EU-G";
  return doc;
}

TEST(MentionsTest, SellerRegisterIsShown) {
  InvoiceDocument doc = testing::SampleInvoice();
  doc.seller.registration = "RCS Paris 732 829 320";
  EXPECT_THAT(PdfText(doc, "rcs.pdf"), HasSubstr("RCS Paris 732 829 320"));
  doc.seller.registration = "dispensé d'immatriculation";
  EXPECT_THAT(PdfText(doc, "dispense.pdf"), HasSubstr("dispensé d'immatriculation"));
}

TEST(MentionsTest, ConsumerInvoiceHasNoB2bMentionsAndFullCountryName) {
  std::string text = PdfText(ConsumerExport(), "consumer.pdf");
  EXPECT_THAT(text, AllOf(Not(HasSubstr("Pénalités de retard")), Not(HasSubstr("40 €")),
                          HasSubstr("Suisse"), Not(HasSubstr("\nCH\n")),
                          HasSubstr("Date de commande : 28/11/2026"),
                          Not(HasSubstr("Date de livraison")),
                          HasSubstr("Exonération de TVA, art. 262 I du CGI")));
  // The same invoice to a company keeps the B2B mentions (defaults when no note states them).
  InvoiceDocument business = ConsumerExport();
  business.buyer.vat_number = "CHE123456789";
  EXPECT_THAT(PdfText(business, "business.pdf"),
              AllOf(HasSubstr("Pénalités de retard"),
                    HasSubstr("Indemnité forfaitaire pour frais de recouvrement : 40 €")));
}

TEST(MentionsTest, PricesHaveTwoDecimalsUnlessTheyReallyHaveMore) {
  std::string text = PdfText(testing::SampleInvoice(), "prices.pdf");
  EXPECT_THAT(text, AllOf(HasSubstr("39,90 €"), Not(HasSubstr("39,9000")), HasSubstr("7,4917 €")));
}

TEST(MentionsTest, CountryNamesInFrench) {
  EXPECT_EQ(FrenchCountryName("BE"), "Belgique");
  EXPECT_EQ(FrenchCountryName("DE"), "Allemagne");
  EXPECT_EQ(FrenchCountryName("US"), "États-Unis");
  EXPECT_EQ(FrenchCountryName("ZZ"), "ZZ");
}

TEST(MentionsTest, ExportExemptionReasonAndCodeInTheCii) {
  absl::StatusOr<std::string> xml = WriteCiiD16B(ConsumerExport());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, AllOf(HasSubstr("<ram:CategoryCode>G</ram:CategoryCode>"),
                          HasSubstr("Exonération de TVA, art. 262 I du CGI"),
                          HasSubstr("<ram:ExemptionReasonCode>VATEX-EU-G</ram:ExemptionReasonCode>"),
                          HasSubstr("<ram:CalculatedAmount>0.00</ram:CalculatedAmount>")));
}

}  // namespace
}  // namespace factflow::dispatch::domain
