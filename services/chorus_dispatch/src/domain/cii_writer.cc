#include "domain/cii_writer.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/formatting.h"
#include "domain/xml_out.h"

namespace factflow::dispatch::domain {
namespace {

constexpr char kRsmNs[] = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
constexpr char kRamNs[] =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
constexpr char kQdtNs[] = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
constexpr char kUdtNs[] = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

std::string Amount(Decimal value) { return value.ToString(2); }

bool CategoryHasRate(const std::string& category) { return category != "O"; }

void WriteExchangedDocument(XmlOut& out, const InvoiceDocument& doc) {
  out.Start("rsm:ExchangedDocumentContext");
  out.Wrapped("ram:BusinessProcessSpecifiedDocumentContextParameter", "ram:ID",
              doc.operation_category);
  out.Wrapped("ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID", kCiiGuidelineId);
  out.End();

  out.Start("rsm:ExchangedDocument");
  out.Text("ram:ID", doc.number);
  out.Text("ram:TypeCode", absl::StrCat(doc.type_code));
  out.Date("ram:IssueDateTime", "udt:DateTimeString", doc.issue_date);
  for (const InvoiceNote& note : doc.notes) {
    out.Start("ram:IncludedNote");
    out.Text("ram:Content", note.text);
    out.OptionalText("ram:SubjectCode", note.subject_code);
    out.End();
  }
  out.End();
}

void WriteLine(XmlOut& out, const InvoiceLine& line) {
  out.Start("ram:IncludedSupplyChainTradeLineItem");
  out.Wrapped("ram:AssociatedDocumentLineDocument", "ram:LineID", absl::StrCat(line.line_number));

  out.Start("ram:SpecifiedTradeProduct");
  out.OptionalText("ram:SellerAssignedID", line.article_code);
  out.Text("ram:Name", line.label);
  out.End();

  out.Start("ram:SpecifiedLineTradeAgreement");
  out.Wrapped("ram:NetPriceProductTradePrice", "ram:ChargeAmount",
              TrimmedDecimal(line.unit_net_price, 2));
  out.End();

  out.Start("ram:SpecifiedLineTradeDelivery");
  out.TextWithAttribute("ram:BilledQuantity", "unitCode", line.unit_code,
                        TrimmedDecimal(line.quantity, 0));
  out.End();

  out.Start("ram:SpecifiedLineTradeSettlement");
  out.Start("ram:ApplicableTradeTax");
  out.Text("ram:TypeCode", "VAT");
  out.Text("ram:CategoryCode", line.vat_category_code);
  if (CategoryHasRate(line.vat_category_code)) {
    out.Text("ram:RateApplicablePercent", TrimmedDecimal(line.vat_rate, 0));
  }
  out.End();
  out.Wrapped("ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount",
              Amount(line.net_amount));
  out.End();

  out.End();
}

std::string LegalDescription(const Party& party) {
  if (party.legal_form.empty() || party.share_capital.empty()) return party.legal_form;
  return absl::StrCat(party.legal_form, " au capital de ", party.share_capital);
}

void WriteAddress(XmlOut& out, const PostalAddress& address) {
  out.Start("ram:PostalTradeAddress");
  out.OptionalText("ram:PostcodeCode", address.postal_code);
  out.OptionalText("ram:LineOne", address.line1);
  out.OptionalText("ram:LineTwo", address.line2);
  out.OptionalText("ram:LineThree", address.line3);
  out.OptionalText("ram:CityName", address.city);
  out.Text("ram:CountryID", address.country_code);
  out.End();
}

// `description` is BT-33 for the seller; EN 16931 has no counterpart for the buyer.
void WriteParty(XmlOut& out, const char* element, const Party& party,
                const std::string& description) {
  out.Start(element);
  out.Text("ram:Name", party.name);
  out.OptionalText("ram:Description", description);
  if (!party.siret.empty() || !party.siren.empty()) {
    out.Start("ram:SpecifiedLegalOrganization");
    if (!party.siret.empty()) {
      out.TextWithAttribute("ram:ID", "schemeID", "0009", party.siret);
    } else {
      out.TextWithAttribute("ram:ID", "schemeID", "0002", party.siren);
    }
    out.End();
  }
  if (!party.phone.empty() || !party.email.empty()) {
    out.Start("ram:DefinedTradeContact");
    out.Wrapped("ram:TelephoneUniversalCommunication", "ram:CompleteNumber", party.phone);
    out.Wrapped("ram:EmailURIUniversalCommunication", "ram:URIID", party.email);
    out.End();
  }
  WriteAddress(out, party.address);
  if (!party.electronic_address.empty()) {
    out.Start("ram:URIUniversalCommunication");
    out.TextWithAttribute("ram:URIID", "schemeID", party.electronic_address_scheme,
                          party.electronic_address);
    out.End();
  }
  if (!party.vat_number.empty()) {
    out.Start("ram:SpecifiedTaxRegistration");
    out.TextWithAttribute("ram:ID", "schemeID", "VA", party.vat_number);
    out.End();
  }
  out.End();
}

void WriteAgreement(XmlOut& out, const InvoiceDocument& doc) {
  out.Start("ram:ApplicableHeaderTradeAgreement");
  out.OptionalText("ram:BuyerReference", doc.buyer_reference);
  WriteParty(out, "ram:SellerTradeParty", doc.seller, LegalDescription(doc.seller));
  WriteParty(out, "ram:BuyerTradeParty", doc.buyer, "");
  out.Wrapped("ram:SellerOrderReferencedDocument", "ram:IssuerAssignedID", doc.source_reference);
  out.Wrapped("ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID",
              doc.commitment_number.empty() ? doc.purchase_order_reference
                                            : doc.commitment_number);
  out.End();
}

// BG-13: the deliver-to location's SIRET (BT-71, scheme 0009), name (BT-70), address (BG-15).
void WriteShipTo(XmlOut& out, const Party& delivery) {
  out.Start("ram:ShipToTradeParty");
  if (!delivery.siret.empty()) {
    out.TextWithAttribute("ram:GlobalID", "schemeID", "0009", delivery.siret);
  }
  out.OptionalText("ram:Name", delivery.name);
  // BG-15 requires its country (BT-80); without it the address is left out and, for Chorus Pro,
  // rule CHORUS-08 strikes the document.
  if (!delivery.address.country_code.empty()) WriteAddress(out, delivery.address);
  out.End();
}

void WriteDelivery(XmlOut& out, const InvoiceDocument& doc) {
  out.Start("ram:ApplicableHeaderTradeDelivery");
  // The Chorus deliver-to party (with its SIRET) when given, else the order's delivery address.
  if (doc.has_delivery) {
    WriteShipTo(out, doc.delivery);
  } else if (doc.has_delivery_address) {
    out.Start("ram:ShipToTradeParty");
    out.OptionalText("ram:Name", doc.delivery_party_name);
    WriteAddress(out, doc.delivery_address);
    out.End();
  }
  if (!doc.delivery_date.empty()) {
    out.Start("ram:ActualDeliverySupplyChainEvent");
    out.Date("ram:OccurrenceDateTime", "udt:DateTimeString", doc.delivery_date);
    out.End();
  }
  out.End();
}

void WritePaymentMeans(XmlOut& out, const InvoiceDocument& doc) {
  if (doc.payment_means_code.empty()) return;
  out.Start("ram:SpecifiedTradeSettlementPaymentMeans");
  out.Text("ram:TypeCode", doc.payment_means_code);
  out.Wrapped("ram:PayeePartyCreditorFinancialAccount", "ram:IBANID",
              absl::StrReplaceAll(doc.payee_iban, {{" ", ""}}));
  out.Wrapped("ram:PayeeSpecifiedCreditorFinancialInstitution", "ram:BICID",
              absl::StrReplaceAll(doc.payee_bic, {{" ", ""}}));
  out.End();
}

void WriteVatBreakdown(XmlOut& out, const VatBreakdown& group, bool vat_on_debits) {
  out.Start("ram:ApplicableTradeTax");
  out.Text("ram:CalculatedAmount", Amount(group.vat_amount));
  out.Text("ram:TypeCode", "VAT");
  out.OptionalText("ram:ExemptionReason", group.exemption_reason);
  out.Text("ram:BasisAmount", Amount(group.basis));
  out.Text("ram:CategoryCode", group.category_code);
  out.OptionalText("ram:ExemptionReasonCode", group.exemption_reason_code);
  // BT-8: VAT on debits is due at the invoice date (UNTDID 2475 code 5).
  if (vat_on_debits) out.Text("ram:DueDateTypeCode", "5");
  if (CategoryHasRate(group.category_code)) {
    out.Text("ram:RateApplicablePercent", TrimmedDecimal(group.rate, 0));
  }
  out.End();
}

void WritePaymentTerms(XmlOut& out, const InvoiceDocument& doc) {
  if (doc.payment_terms_text.empty() && doc.due_date.empty()) return;
  out.Start("ram:SpecifiedTradePaymentTerms");
  out.OptionalText("ram:Description", doc.payment_terms_text);
  if (!doc.due_date.empty()) {
    out.Date("ram:DueDateDateTime", "udt:DateTimeString", doc.due_date);
  }
  out.End();
}

void WriteMonetarySummation(XmlOut& out, const InvoiceDocument& doc) {
  out.Start("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
  out.Text("ram:LineTotalAmount", Amount(doc.total_net));
  out.Text("ram:TaxBasisTotalAmount", Amount(doc.total_net));
  out.TextWithAttribute("ram:TaxTotalAmount", "currencyID", doc.currency, Amount(doc.total_vat));
  out.Text("ram:GrandTotalAmount", Amount(doc.total_with_vat));
  if (!doc.prepaid_amount.is_zero()) {
    out.Text("ram:TotalPrepaidAmount", Amount(doc.prepaid_amount));
  }
  out.Text("ram:DuePayableAmount", Amount(doc.amount_due));
  out.End();
}

void WritePrecedingInvoice(XmlOut& out, const InvoiceDocument& doc) {
  if (doc.preceding_invoice_number.empty()) return;
  out.Start("ram:InvoiceReferencedDocument");
  out.Text("ram:IssuerAssignedID", doc.preceding_invoice_number);
  if (!doc.preceding_invoice_date.empty()) {
    out.Date("ram:FormattedIssueDateTime", "qdt:DateTimeString", doc.preceding_invoice_date);
  }
  out.End();
}

void WriteSettlement(XmlOut& out, const InvoiceDocument& doc) {
  out.Start("ram:ApplicableHeaderTradeSettlement");
  out.Text("ram:InvoiceCurrencyCode", doc.currency);
  WritePaymentMeans(out, doc);
  for (const VatBreakdown& group : doc.vat_breakdown) {
    WriteVatBreakdown(out, group, doc.vat_on_debits);
  }
  WritePaymentTerms(out, doc);
  WriteMonetarySummation(out, doc);
  WritePrecedingInvoice(out, doc);
  out.End();
}

}  // namespace

absl::StatusOr<std::string> WriteCiiD16B(const InvoiceDocument& doc) {
  if (absl::Status status = CheckConsistency(doc); !status.ok()) return status;
  // libxml2's global initialisation must not race between the first concurrent callers.
  static const bool xml_initialized = [] {
    xmlInitParser();
    return true;
  }();
  (void)xml_initialized;

  XmlOut out;
  out.Start("rsm:CrossIndustryInvoice");
  out.Attribute("xmlns:rsm", kRsmNs);
  out.Attribute("xmlns:ram", kRamNs);
  out.Attribute("xmlns:qdt", kQdtNs);
  out.Attribute("xmlns:udt", kUdtNs);
  WriteExchangedDocument(out, doc);
  out.Start("rsm:SupplyChainTradeTransaction");
  for (const InvoiceLine& line : doc.lines) WriteLine(out, line);
  WriteAgreement(out, doc);
  WriteDelivery(out, doc);
  WriteSettlement(out, doc);
  out.End();
  out.End();
  return out.Finish();
}

}  // namespace factflow::dispatch::domain
