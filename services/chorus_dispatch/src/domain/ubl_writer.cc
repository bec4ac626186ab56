#include "domain/ubl_writer.h"

#include <libxml/parser.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/cii_writer.h"
#include "domain/xml_out.h"

namespace factflow::dispatch::domain {
namespace {

constexpr char kInvoiceNs[] = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
constexpr char kCreditNoteNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
constexpr char kCacNs[] =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr char kCbcNs[] = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

class UblOut {
 public:
  UblOut(XmlOut& out, const std::string& currency) : out_(out), currency_(currency) {}
  void Money(const char* name, Decimal value) {
    out_.TextWithAttribute(name, "currencyID", currency_, value.ToString(2));
  }

 private:
  XmlOut& out_;
  const std::string& currency_;
};

void WriteAddress(XmlOut& out, const char* element, const PostalAddress& a) {
  out.Start(element);
  out.OptionalText("cbc:StreetName", a.line1);
  out.OptionalText("cbc:AdditionalStreetName", a.line2);
  out.OptionalText("cbc:CityName", a.city);
  out.OptionalText("cbc:PostalZone", a.postal_code);
  out.Wrapped("cac:AddressLine", "cbc:Line", a.line3);
  out.Wrapped("cac:Country", "cbc:IdentificationCode", a.country_code);
  out.End();
}

void WriteParty(XmlOut& out, const char* role, const Party& party, const std::string& legal_form) {
  out.Start(role);
  out.Start("cac:Party");
  WriteAddress(out, "cac:PostalAddress", party.address);
  if (!party.vat_number.empty()) {
    out.Start("cac:PartyTaxScheme");
    out.Text("cbc:CompanyID", party.vat_number);
    out.Wrapped("cac:TaxScheme", "cbc:ID", "VAT");
    out.End();
  }
  out.Start("cac:PartyLegalEntity");
  out.Text("cbc:RegistrationName", party.name);
  if (!party.siret.empty()) {
    out.TextWithAttribute("cbc:CompanyID", "schemeID", "0009", party.siret);
  } else if (!party.siren.empty()) {
    out.TextWithAttribute("cbc:CompanyID", "schemeID", "0002", party.siren);
  }
  out.OptionalText("cbc:CompanyLegalForm", legal_form);
  out.End();
  if (!party.phone.empty() || !party.email.empty()) {
    out.Start("cac:Contact");
    out.OptionalText("cbc:Telephone", party.phone);
    out.OptionalText("cbc:ElectronicMail", party.email);
    out.End();
  }
  out.End();
  out.End();
}

void WriteDelivery(XmlOut& out, const InvoiceDocument& doc) {
  if (doc.delivery_date.empty() && !doc.has_delivery) return;
  out.Start("cac:Delivery");
  out.OptionalText("cbc:ActualDeliveryDate", doc.delivery_date);
  if (doc.has_delivery) {
    out.Start("cac:DeliveryLocation");
    if (!doc.delivery.siret.empty()) {
      out.TextWithAttribute("cbc:ID", "schemeID", "0009", doc.delivery.siret);
    }
    // BG-15 requires its country (BT-80), as in the CII writer.
    if (!doc.delivery.address.country_code.empty()) {
      WriteAddress(out, "cac:Address", doc.delivery.address);
    }
    out.End();
    if (!doc.delivery.name.empty()) {
      out.Start("cac:DeliveryParty");
      out.Wrapped("cac:PartyName", "cbc:Name", doc.delivery.name);
      out.End();
    }
  }
  out.End();
}

void WritePaymentMeans(XmlOut& out, const InvoiceDocument& doc, bool credit_note) {
  if (doc.payment_means_code.empty()) return;
  out.Start("cac:PaymentMeans");
  out.Text("cbc:PaymentMeansCode", doc.payment_means_code);
  if (credit_note) out.OptionalText("cbc:PaymentDueDate", doc.due_date);
  std::string iban = absl::StrReplaceAll(doc.payee_iban, {{" ", ""}});
  if (!iban.empty()) {
    out.Start("cac:PayeeFinancialAccount");
    out.Text("cbc:ID", iban);
    out.Wrapped("cac:FinancialInstitutionBranch", "cbc:ID",
                absl::StrReplaceAll(doc.payee_bic, {{" ", ""}}));
    out.End();
  }
  out.End();
}

void WriteTaxCategory(XmlOut& out, const char* element, const std::string& category, Decimal rate,
                      const std::string& reason_code, const std::string& reason) {
  out.Start(element);
  out.Text("cbc:ID", category);
  if (category != "O") out.Text("cbc:Percent", TrimmedDecimal(rate, 0));
  out.OptionalText("cbc:TaxExemptionReasonCode", reason_code);
  out.OptionalText("cbc:TaxExemptionReason", reason);
  out.Wrapped("cac:TaxScheme", "cbc:ID", "VAT");
  out.End();
}

void WriteTotals(XmlOut& out, UblOut& money, const InvoiceDocument& doc) {
  out.Start("cac:TaxTotal");
  money.Money("cbc:TaxAmount", doc.total_vat);
  for (const VatBreakdown& group : doc.vat_breakdown) {
    out.Start("cac:TaxSubtotal");
    money.Money("cbc:TaxableAmount", group.basis);
    money.Money("cbc:TaxAmount", group.vat_amount);
    WriteTaxCategory(out, "cac:TaxCategory", group.category_code, group.rate,
                     group.exemption_reason_code, group.exemption_reason);
    out.End();
  }
  out.End();
  out.Start("cac:LegalMonetaryTotal");
  money.Money("cbc:LineExtensionAmount", doc.total_net);
  money.Money("cbc:TaxExclusiveAmount", doc.total_net);
  money.Money("cbc:TaxInclusiveAmount", doc.total_with_vat);
  if (!doc.prepaid_amount.is_zero()) money.Money("cbc:PrepaidAmount", doc.prepaid_amount);
  money.Money("cbc:PayableAmount", doc.amount_due);
  out.End();
}

void WriteLine(XmlOut& out, UblOut& money, const InvoiceLine& line, bool credit_note) {
  out.Start(credit_note ? "cac:CreditNoteLine" : "cac:InvoiceLine");
  out.Text("cbc:ID", absl::StrCat(line.line_number));
  out.TextWithAttribute(credit_note ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", "unitCode",
                        line.unit_code, TrimmedDecimal(line.quantity, 0));
  money.Money("cbc:LineExtensionAmount", line.net_amount);
  out.Start("cac:Item");
  out.Text("cbc:Name", line.label);
  out.Wrapped("cac:SellersItemIdentification", "cbc:ID", line.article_code);
  WriteTaxCategory(out, "cac:ClassifiedTaxCategory", line.vat_category_code, line.vat_rate, "", "");
  out.End();
  out.Start("cac:Price");
  out.TextWithAttribute("cbc:PriceAmount", "currencyID", "EUR",
                        TrimmedDecimal(line.unit_net_price, 2));
  out.End();
  out.End();
}

std::string LegalDescription(const Party& party) {
  if (party.legal_form.empty() || party.share_capital.empty()) return party.legal_form;
  return absl::StrCat(party.legal_form, " au capital de ", party.share_capital);
}

}  // namespace

absl::StatusOr<std::string> WriteUbl21(const InvoiceDocument& doc) {
  if (absl::Status status = CheckConsistency(doc); !status.ok()) return status;
  static const bool xml_initialized = [] {
    xmlInitParser();
    return true;
  }();
  (void)xml_initialized;
  const bool credit_note = doc.type_code == kTypeCodeCreditNote;
  XmlOut out;
  UblOut money(out, doc.currency);
  out.Start(credit_note ? "CreditNote" : "Invoice");
  out.Attribute("xmlns", credit_note ? kCreditNoteNs : kInvoiceNs);
  out.Attribute("xmlns:cac", kCacNs);
  out.Attribute("xmlns:cbc", kCbcNs);
  out.Text("cbc:CustomizationID", kCiiGuidelineId);
  out.Text("cbc:ID", doc.number);
  out.Text("cbc:IssueDate", doc.issue_date);
  if (!credit_note) out.OptionalText("cbc:DueDate", doc.due_date);
  out.Text(credit_note ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode",
           absl::StrCat(doc.type_code));
  for (const InvoiceNote& note : doc.notes) {
    out.Text("cbc:Note", note.subject_code.empty()
                             ? note.text
                             : absl::StrCat("#", note.subject_code, "#", note.text));
  }
  out.Text("cbc:DocumentCurrencyCode", doc.currency);
  out.OptionalText("cbc:BuyerReference", doc.buyer_reference);
  const std::string& order =
      doc.commitment_number.empty() ? doc.purchase_order_reference : doc.commitment_number;
  if (!order.empty() || !doc.source_reference.empty()) {
    out.Start("cac:OrderReference");
    out.Text("cbc:ID", order.empty() ? "NA" : order);
    out.OptionalText("cbc:SalesOrderID", doc.source_reference);
    out.End();
  }
  if (!doc.preceding_invoice_number.empty()) {
    out.Start("cac:BillingReference");
    out.Start("cac:InvoiceDocumentReference");
    out.Text("cbc:ID", doc.preceding_invoice_number);
    out.OptionalText("cbc:IssueDate", doc.preceding_invoice_date);
    out.End();
    out.End();
  }
  WriteParty(out, "cac:AccountingSupplierParty", doc.seller, LegalDescription(doc.seller));
  WriteParty(out, "cac:AccountingCustomerParty", doc.buyer, "");
  WriteDelivery(out, doc);
  WritePaymentMeans(out, doc, credit_note);
  out.Wrapped("cac:PaymentTerms", "cbc:Note", doc.payment_terms_text);
  WriteTotals(out, money, doc);
  for (const InvoiceLine& line : doc.lines) WriteLine(out, money, line, credit_note);
  out.End();
  return out.Finish();
}

}  // namespace factflow::dispatch::domain
