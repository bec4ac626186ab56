// The reform's identifiers and mentions on the invoices BuildInvoice issues from marketplace
// orders, read where a customer or an auditor reads them: in the CII XML chorus-dispatch writes
// and in the text of the PDF it renders (pdftotext). One VAT case per test: a French company
// known by its SIREN/SIRET/VAT delivered elsewhere, an export outside the EU (G), an intra-EU
// business with its VAT number (K), a Brussels consumer above and below the OSS threshold.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_replace.h"
#include "domain/cii_writer.h"
#include "domain/pdf_renderer.h"
#include "domain/testing/process.h"
#include "issuing/corpus_orders.h"
#include "issuing/invoice_builder.h"
#include "issuing/invoice_rules.h"
#include "money/decimal_wire.h"
#include "rendering/invoice_mapping.h"

namespace factflow::invoicing {
namespace {

namespace dt = dispatch::domain::testing;
using ::testing::HasSubstr;
using ::testing::Not;

struct Issued {
  v1::Invoice invoice;
  std::string xml;
  std::string pdf_text;  // pdftotext, no-break spaces as plain spaces.
  rules::Verdict verdict;
};

Issued Issue(const importer::v1::ApprovedDocument& order, const v1::Tenant& tenant) {
  Issued issued;
  IssueContext context{.tenant = &tenant, .issue_date = "2026-11-30", .series_code = "FA"};
  absl::StatusOr<v1::Invoice> invoice = BuildInvoice(order, context);
  EXPECT_TRUE(invoice.ok()) << invoice.status();
  if (!invoice.ok()) return issued;
  issued.invoice = *invoice;
  issued.invoice.set_number("FA2026-" + order.external_id());
  absl::StatusOr<dispatch::domain::InvoiceDocument> doc = dispatch::ToDocument(issued.invoice);
  EXPECT_TRUE(doc.ok()) << doc.status();
  if (!doc.ok()) return issued;
  absl::StatusOr<std::string> xml = dispatch::domain::WriteCiiD16B(*doc);
  EXPECT_TRUE(xml.ok()) << xml.status();
  issued.xml = xml.value_or("");
  absl::StatusOr<std::string> pdf = dispatch::domain::RenderInvoicePdf(*doc);
  EXPECT_TRUE(pdf.ok()) << pdf.status();
  std::string path = dt::WriteTempFile(order.external_id() + ".pdf", pdf.value_or(""));
  dt::CommandResult text = dt::RunCommand("pdftotext -enc UTF-8 " + dt::ShellQuote(path) + " -");
  EXPECT_EQ(text.exit_code, 0) << text.output;
  issued.pdf_text = absl::StrReplaceAll(text.output, {{"\xC2\xA0", " "}});
  absl::StatusOr<rules::Verdict> verdict = JudgeInvoice(issued.invoice, tenant);
  EXPECT_TRUE(verdict.ok()) << verdict.status();
  issued.verdict = verdict.value_or(rules::Verdict{});
  return issued;
}

bool Found(const rules::Verdict& verdict, std::string_view id) {
  for (const rules::Finding& finding : verdict.findings) {
    if (finding.rule->id == id) return true;
  }
  return false;
}

std::string Rate(const v1::VatBreakdown& group) { return group.vat_rate().value(); }

TEST(ReformIdentifiersTest, CompanyBuyerCarriesItsIdentifiersAddressesAndReformMentions) {
  v1::Tenant tenant = CorpusTenant(false);
  tenant.mutable_legal_mentions()->set_vat_on_debits(true);
  tenant.mutable_legal_mentions()->set_operation_category("MIXTE");
  importer::v1::ApprovedDocument order =
      CompanyOrder("FN-3001", "Ville de Lyon", Address("1 place de la Comédie", "69001", "Lyon", "FR"),
                   "216901231", "21690123100011", "FR60216901231");
  *order.mutable_delivery_address() =
      Address("Médiathèque, 30 boulevard Vivier-Merle", "69003", "Lyon", "FR");
  Issued issued = Issue(order, tenant);

  // Buyer: SIRET as legal id (0009), VAT id, directory address (0225, SIREN); seller likewise.
  EXPECT_THAT(issued.xml, HasSubstr(R"(<ram:ID schemeID="0009">21690123100011</ram:ID>)"));
  EXPECT_THAT(issued.xml, HasSubstr(R"(<ram:ID schemeID="VA">FR60216901231</ram:ID>)"));
  EXPECT_THAT(issued.xml, HasSubstr(R"(<ram:URIID schemeID="0225">216901231</ram:URIID>)"));
  EXPECT_THAT(issued.xml, HasSubstr(R"(<ram:URIID schemeID="0225">732829320</ram:URIID>)"));
  // BG-15 delivery address, BT-23 "both goods and services, already paid", BT-8 on debits.
  EXPECT_THAT(issued.xml, HasSubstr("<ram:ShipToTradeParty>"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:PostcodeCode>69003</ram:PostcodeCode>"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:ID>M2</ram:ID>"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:DueDateTypeCode>5</ram:DueDateTypeCode>"));
  // The marketplace order id is BT-14 (seller's order reference), never BT-13.
  EXPECT_THAT(issued.xml, Not(HasSubstr("BuyerOrderReferencedDocument")));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:SellerOrderReferencedDocument>"));

  EXPECT_THAT(issued.pdf_text, HasSubstr("SIREN : 216901231"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("SIRET : 21690123100011"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Adresse de livraison"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Médiathèque, 30 boulevard Vivier-Merle"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("livraison de biens et prestation de services"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("d'après les débits"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Pénalités de retard"));  // B2B mention set.
  EXPECT_FALSE(issued.verdict.blocking()) << issued.verdict.BlockingText();
  EXPECT_FALSE(Found(issued.verdict, "BR-FR-ADRESSE-ELEC-ACHETEUR"));
  EXPECT_FALSE(Found(issued.verdict, "BR-FR-SIREN-ACHETEUR"));
}

TEST(ReformIdentifiersTest, ExportOutsideTheEuIsExemptWithItsReason) {
  Issued issued = Issue(Order("FN-3002", "", Address("Rue du Rhône 12", "1204", "Genève", "CH")),
                        CorpusTenant(false));
  ASSERT_EQ(issued.invoice.vat_breakdown_size(), 1);
  EXPECT_EQ(issued.invoice.vat_breakdown(0).vat_category(), "G");
  EXPECT_EQ(issued.invoice.total_vat().value(), "0.00");
  EXPECT_EQ(issued.invoice.total_with_vat().value(), "83.19");  // 2 x 21.10 + 36.00 + 4.99
  EXPECT_THAT(issued.xml, HasSubstr("<ram:ExemptionReasonCode>VATEX-EU-G</ram:ExemptionReasonCode>"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:ExemptionReason>Exonération de TVA, art. 262 I du CGI"));
  EXPECT_THAT(issued.xml, Not(HasSubstr("<ram:ShipToTradeParty>")));  // Same as billing.
  EXPECT_THAT(issued.pdf_text, HasSubstr("Exonération de TVA, art. 262 I du CGI"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Suisse"));
  EXPECT_THAT(issued.pdf_text, Not(HasSubstr("Pénalités de retard")));  // Consumer.
  EXPECT_FALSE(issued.verdict.blocking()) << issued.verdict.BlockingText();
}

TEST(ReformIdentifiersTest, IntraEuBusinessWithItsVatNumberIsAnIntraCommunitySupply) {
  Issued issued = Issue(CompanyOrder("FN-3003", "Buchhandlung Berlin GmbH",
                                     Address("Unter den Linden 5", "10117", "Berlin", "DE"), "",
                                     "", "DE136695976"),
                        CorpusTenant(false));
  ASSERT_EQ(issued.invoice.vat_breakdown_size(), 1);
  EXPECT_EQ(issued.invoice.vat_breakdown(0).vat_category(), "K");
  EXPECT_EQ(issued.invoice.vat_breakdown(0).exemption_reason_code(), "VATEX-EU-IC");
  EXPECT_EQ(issued.invoice.total_with_vat().value(), "83.19");
  EXPECT_THAT(issued.xml, HasSubstr(R"(<ram:ID schemeID="VA">DE136695976</ram:ID>)"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:CategoryCode>K</ram:CategoryCode>"));
  EXPECT_THAT(issued.xml, HasSubstr("Exonération de TVA, art. 262 ter I du CGI"));
  // BR-IC-11/12: the delivery date and the country of delivery.
  EXPECT_THAT(issued.xml, HasSubstr("<ram:ShipToTradeParty>"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:ActualDeliverySupplyChainEvent>"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("TVA intracommunautaire : DE136695976"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("art. 262 ter I du CGI"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Allemagne"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Indemnité forfaitaire"));  // B2B mention set.
  EXPECT_FALSE(issued.verdict.blocking()) << issued.verdict.BlockingText();
}

TEST(ReformIdentifiersTest, BrusselsConsumerPaysBelgianVatAboveTheOssThreshold) {
  v1::Tenant tenant = CorpusTenant(false);
  tenant.mutable_legal_mentions()->set_oss_above_threshold(true);
  Issued issued =
      Issue(Order("FN-3004", "", Address("Rue Neuve 1", "1000", "Bruxelles", "BE")), tenant);
  EXPECT_EQ(issued.invoice.oss_country(), "BE");
  ASSERT_EQ(issued.invoice.vat_breakdown_size(), 2);
  // Books at the Belgian reduced rate, the game and its shipping at the Belgian standard rate.
  EXPECT_EQ(Rate(issued.invoice.vat_breakdown(0)), "6.00");
  EXPECT_EQ(issued.invoice.vat_breakdown(0).basis().value(), "39.81");  // 42.20 / 1.06
  EXPECT_EQ(Rate(issued.invoice.vat_breakdown(1)), "21.00");
  EXPECT_THAT(issued.xml, HasSubstr("<ram:RateApplicablePercent>21</ram:RateApplicablePercent>"));
  EXPECT_THAT(issued.xml, HasSubstr("<ram:RateApplicablePercent>6</ram:RateApplicablePercent>"));
  EXPECT_THAT(issued.xml, HasSubstr("guichet unique (OSS)"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("guichet unique (OSS)"));
  EXPECT_THAT(issued.pdf_text, HasSubstr("Belgique"));
  EXPECT_FALSE(issued.verdict.blocking()) << issued.verdict.BlockingText();

  // The same invoice at French rates while the tenant is above the threshold is refused.
  v1::Invoice french = issued.invoice;
  french.clear_oss_country();
  absl::StatusOr<rules::Verdict> verdict = JudgeInvoice(french, tenant);
  ASSERT_TRUE(verdict.ok());
  EXPECT_THAT(verdict->BlockingText(), HasSubstr("[BR-FR-OSS-SEUIL]"));
  // A rate that is not Belgian under the OSS is refused.
  v1::Invoice wrong = issued.invoice;
  wrong.mutable_lines(1)->mutable_vat_rate()->set_value("20.00");
  verdict = JudgeInvoice(wrong, tenant);
  ASSERT_TRUE(verdict.ok());
  EXPECT_THAT(verdict->BlockingText(), HasSubstr("[BR-FR-OSS-TAUX]"));
}

TEST(ReformIdentifiersTest, BrusselsConsumerPaysFrenchVatBelowTheOssThreshold) {
  Issued issued = Issue(Order("FN-3005", "", Address("Rue Neuve 1", "1000", "Bruxelles", "BE")),
                        CorpusTenant(false));
  EXPECT_TRUE(issued.invoice.oss_country().empty());
  ASSERT_EQ(issued.invoice.vat_breakdown_size(), 2);
  EXPECT_EQ(Rate(issued.invoice.vat_breakdown(0)), "5.50");
  EXPECT_EQ(Rate(issued.invoice.vat_breakdown(1)), "20.00");
  EXPECT_THAT(issued.xml, Not(HasSubstr("OSS")));
  EXPECT_FALSE(issued.verdict.blocking()) << issued.verdict.BlockingText();
}

}  // namespace
}  // namespace factflow::invoicing
