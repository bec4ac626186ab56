#include "domain/cii_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>

#include "domain/testing/sample_invoices.h"

namespace factflow::dispatch::domain {
namespace {

using ::testing::HasSubstr;
using testing::SampleCreditNote;
using testing::SampleExemptInvoice;
using testing::SampleInvoice;

// A parsed CII document queried with XPath 1.0 (prefixes rsm, ram, udt, qdt).
class CiiXml {
 public:
  explicit CiiXml(const std::string& xml)
      : doc_(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "cii.xml", "UTF-8",
                           XML_PARSE_NONET),
             xmlFreeDoc),
        context_(doc_ ? xmlXPathNewContext(doc_.get()) : nullptr, xmlXPathFreeContext) {
    if (!context_) return;
    for (auto [prefix, uri] :
         {std::pair{"rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"},
          std::pair{"ram",
                    "urn:un:unece:uncefact:data:standard:"
                    "ReusableAggregateBusinessInformationEntity:100"},
          std::pair{"udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"},
          std::pair{"qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"}}) {
      xmlXPathRegisterNs(context_.get(), reinterpret_cast<const xmlChar*>(prefix),
                         reinterpret_cast<const xmlChar*>(uri));
    }
  }

  bool parsed() const { return context_ != nullptr; }

  // The XPath string value of `expression` ("" when nothing matches).
  std::string Value(const std::string& expression) const {
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(
            reinterpret_cast<const xmlChar*>(("string(" + expression + ")").c_str()),
            context_.get()),
        xmlXPathFreeObject);
    if (!result || result->type != XPATH_STRING) return "<invalid xpath>";
    return reinterpret_cast<const char*>(result->stringval);
  }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context_;
};

constexpr char kTransaction[] = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction";
const std::string kAgreement = std::string(kTransaction) + "/ram:ApplicableHeaderTradeAgreement";
const std::string kSettlement = std::string(kTransaction) + "/ram:ApplicableHeaderTradeSettlement";
const std::string kSummation = kSettlement + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation";

TEST(CiiWriterTest, WritesTheKeyValuesOfAnInvoice) {
  absl::StatusOr<std::string> xml = WriteCiiD16B(SampleInvoice());
  ASSERT_TRUE(xml.ok()) << xml.status();
  CiiXml cii(*xml);
  ASSERT_TRUE(cii.parsed()) << *xml;

  EXPECT_EQ(
      cii.Value("//rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter"
                "/ram:ID"),
      "urn:cen.eu:en16931:2017");
  EXPECT_EQ(cii.Value("//rsm:ExchangedDocument/ram:ID"), "F2024-00042");
  EXPECT_EQ(cii.Value("//rsm:ExchangedDocument/ram:TypeCode"), "380");
  EXPECT_EQ(
      cii.Value("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString[@format='102']"),
      "20240115");
  EXPECT_EQ(
      cii.Value("//rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode='AAB']/ram:Content"),
      "Pas d'escompte pour paiement anticipé.");

  EXPECT_EQ(cii.Value(kSummation + "/ram:LineTotalAmount"), "1308.11");
  EXPECT_EQ(cii.Value(kSummation + "/ram:TaxBasisTotalAmount"), "1308.11");
  EXPECT_EQ(cii.Value(kSummation + "/ram:TaxTotalAmount[@currencyID='EUR']"), "252.14");
  EXPECT_EQ(cii.Value(kSummation + "/ram:GrandTotalAmount"), "1560.25");
  EXPECT_EQ(cii.Value(kSummation + "/ram:DuePayableAmount"), "1560.25");
  EXPECT_EQ(cii.Value("count(" + kSummation + "/ram:TotalPrepaidAmount)"), "0");

  EXPECT_EQ(cii.Value(kAgreement + "/ram:BuyerReference"), "SERV-BATIMENTS");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/"
                                   "ram:ID[@schemeID='0009']"),
            "21690123100011");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/"
                                   "ram:ID[@schemeID='0009']"),
            "73282932000074");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/"
                                   "ram:ID[@schemeID='VA']"),
            "FR44732829320");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:SellerTradeParty/ram:Description"),
            "SAS au capital de 10 000 €");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID"),
            "FR");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
            "EJ-2024-000123");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:SellerOrderReferencedDocument/ram:IssuerAssignedID"),
            "FNAC-8H2K4L");
  const std::string ship_to =
      std::string(kTransaction) + "/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty";
  EXPECT_EQ(cii.Value(ship_to + "/ram:GlobalID[@schemeID='0009']"), "21690123100029");
  EXPECT_EQ(cii.Value(ship_to + "/ram:Name"), "Ville de Lyon — Atelier municipal");
  EXPECT_EQ(cii.Value(ship_to + "/ram:PostalTradeAddress/ram:PostcodeCode"), "69009");
  EXPECT_EQ(cii.Value(ship_to + "/ram:PostalTradeAddress/ram:CountryID"), "FR");
  EXPECT_EQ(cii.Value(std::string(kTransaction) +
                      "/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/"
                      "ram:OccurrenceDateTime/udt:DateTimeString"),
            "20240112");

  EXPECT_EQ(cii.Value(kSettlement + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode"),
            "58");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:SpecifiedTradeSettlementPaymentMeans/"
                                    "ram:PayeePartyCreditorFinancialAccount/ram:IBANID"),
            "FR7630006000011234567890189");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/"
                                    "udt:DateTimeString"),
            "20240214");
  EXPECT_EQ(cii.Value("count(" + kSettlement + "/ram:ApplicableTradeTax)"), "2");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:ApplicableTradeTax[ram:RateApplicablePercent='5.5']/"
                                    "ram:BasisAmount"),
            "65.40");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:ApplicableTradeTax[ram:RateApplicablePercent='20']/"
                                    "ram:CalculatedAmount"),
            "248.54");
}

TEST(CiiWriterTest, WritesLinesWithPriceQuantityAndUnit) {
  absl::StatusOr<std::string> xml = WriteCiiD16B(SampleInvoice());
  ASSERT_TRUE(xml.ok()) << xml.status();
  CiiXml cii(*xml);
  const std::string line = std::string(kTransaction) +
                           "/ram:IncludedSupplyChainTradeLineItem"
                           "[ram:AssociatedDocumentLineDocument/ram:LineID='2']";
  EXPECT_EQ(
      cii.Value("count(" + std::string(kTransaction) + "/ram:IncludedSupplyChainTradeLineItem)"),
      "5");
  EXPECT_EQ(cii.Value(line + "/ram:SpecifiedTradeProduct/ram:SellerAssignedID"), "AMP-E27-3");
  EXPECT_EQ(cii.Value(line + "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/"
                             "ram:ChargeAmount"),
            "7.4917");
  EXPECT_EQ(cii.Value(line + "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity[@unitCode='H87']"),
            "5");
  EXPECT_EQ(cii.Value(line + "/ram:SpecifiedLineTradeSettlement/"
                             "ram:SpecifiedTradeSettlementLineMonetarySummation/"
                             "ram:LineTotalAmount"),
            "37.46");
}

TEST(CiiWriterTest, CreditNoteReferencesThePrecedingInvoice) {
  absl::StatusOr<std::string> xml = WriteCiiD16B(SampleCreditNote());
  ASSERT_TRUE(xml.ok()) << xml.status();
  CiiXml cii(*xml);
  EXPECT_EQ(cii.Value("//rsm:ExchangedDocument/ram:TypeCode"), "381");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
            "F2024-00042");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/"
                                    "qdt:DateTimeString[@format='102']"),
            "20240115");
  EXPECT_EQ(cii.Value("count(" + kSettlement +
                      "/ram:SpecifiedTradePaymentTerms/"
                      "ram:DueDateDateTime)"),
            "0");
}

TEST(CiiWriterTest, ExemptGroupCarriesItsReasonAndRateZero) {
  absl::StatusOr<std::string> xml = WriteCiiD16B(SampleExemptInvoice());
  ASSERT_TRUE(xml.ok()) << xml.status();
  CiiXml cii(*xml);
  EXPECT_EQ(cii.Value(kSettlement + "/ram:ApplicableTradeTax[ram:CategoryCode='E']/"
                                    "ram:ExemptionReason"),
            "TVA non applicable, art. 293 B du CGI");
  EXPECT_EQ(cii.Value(kSettlement + "/ram:ApplicableTradeTax/ram:RateApplicablePercent"), "0");
  EXPECT_EQ(cii.Value(kTransaction + std::string("/ram:IncludedSupplyChainTradeLineItem/"
                                                 "ram:SpecifiedLineTradeDelivery/"
                                                 "ram:BilledQuantity")),
            "2.5");
}

// The reform's identifiers: electronic addresses (BT-34/BT-49), the deliver-to party (BG-13),
// the category of the operation (BT-23) and VAT on debits (BT-8).
TEST(CiiWriterTest, WritesTheReformIdentifiers) {
  InvoiceDocument doc = testing::WithReformIdentifiers(SampleInvoice(), "M1");
  absl::StatusOr<std::string> xml = WriteCiiD16B(doc);
  ASSERT_TRUE(xml.ok()) << xml.status();
  CiiXml cii(*xml);
  ASSERT_TRUE(cii.parsed()) << *xml;
  EXPECT_EQ(cii.Value("//rsm:ExchangedDocumentContext/"
                      "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
            "M1");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:SellerTradeParty/ram:URIUniversalCommunication/"
                                   "ram:URIID[@schemeID='0225']"),
            "732829320");
  EXPECT_EQ(cii.Value(kAgreement + "/ram:BuyerTradeParty/ram:URIUniversalCommunication/"
                                   "ram:URIID[@schemeID='0225']"),
            "216901231");
  const std::string ship_to =
      std::string(kTransaction) + "/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty";
  EXPECT_EQ(cii.Value(ship_to + "/ram:Name"), "Médiathèque");
  EXPECT_EQ(cii.Value(ship_to + "/ram:PostalTradeAddress/ram:PostcodeCode"), "69003");
  EXPECT_EQ(cii.Value("count(" + kSettlement + "/ram:ApplicableTradeTax[ram:DueDateTypeCode='5'])"),
            "2");

  // Without them, none of these elements is written.
  absl::StatusOr<std::string> plain = WriteCiiD16B(SampleInvoice());
  ASSERT_TRUE(plain.ok());
  EXPECT_THAT(*plain, ::testing::Not(HasSubstr("<ram:URIUniversalCommunication>")));
  // (The sample's own deliver-to party is the Chorus one, with its SIRET, not the order's.)
  EXPECT_THAT(*plain, ::testing::Not(HasSubstr("Médiathèque")));
  EXPECT_THAT(*plain, ::testing::Not(HasSubstr("DueDateTypeCode")));
}

TEST(CiiWriterTest, EscapesMarkupInTexts) {
  InvoiceDocument doc = SampleInvoice();
  doc.lines[0].label = "Câble <HDMI> & \"adaptateur\"";
  absl::StatusOr<std::string> xml = WriteCiiD16B(doc);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("Câble &lt;HDMI&gt; &amp; &quot;adaptateur&quot;"));
  EXPECT_EQ(CiiXml(*xml).Value("//ram:IncludedSupplyChainTradeLineItem[1]//ram:Name"),
            doc.lines[0].label);
}

TEST(CiiWriterTest, RefusesAnInconsistentDocument) {
  InvoiceDocument doc = SampleInvoice();
  doc.total_vat += Decimal::FromCents(1);
  absl::StatusOr<std::string> xml = WriteCiiD16B(doc);
  EXPECT_EQ(xml.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(xml.status().message(), HasSubstr("total_vat"));
}

TEST(CiiWriterTest, Bt13IsTheCommitmentNumberElseThePurchaseOrder) {
  const std::string bt13 =
      "//ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID";
  InvoiceDocument doc = SampleInvoice();
  doc.commitment_number.clear();
  doc.purchase_order_reference = "BC-7781";
  EXPECT_EQ(CiiXml(*WriteCiiD16B(doc)).Value(bt13), "BC-7781");
  doc.commitment_number = "EJ-9";
  EXPECT_EQ(CiiXml(*WriteCiiD16B(doc)).Value(bt13), "EJ-9");
  doc.purchase_order_reference.clear();
  doc.commitment_number.clear();
  EXPECT_EQ(CiiXml(*WriteCiiD16B(doc)).Value("count(" + bt13 + ")"), "0");
}

TEST(CiiWriterTest, DeliveryWithoutCountryKeepsTheXmlValid) {
  InvoiceDocument doc = SampleInvoice();
  doc.delivery.address.country_code.clear();
  CiiXml cii(*WriteCiiD16B(doc));
  EXPECT_EQ(cii.Value("count(//ram:ShipToTradeParty/ram:PostalTradeAddress)"), "0");
  EXPECT_EQ(cii.Value("//ram:ShipToTradeParty/ram:GlobalID"), "21690123100029");
}

}  // namespace
}  // namespace factflow::dispatch::domain
