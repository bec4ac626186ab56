#include "rendering/invoice_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "money/decimal_wire.h"

namespace factflow::dispatch {
namespace {

using money::Decimal;

// Parses wire decimals, remembering the first field that was not one.
class Amounts {
 public:
  Decimal operator()(const common::v1::Decimal& value, std::string_view field) {
    auto parsed = money::FromWire(value);
    if (!parsed && error_.ok()) {
      error_ = absl::InvalidArgumentError(
          absl::StrCat(std::string(field), ": \"", value.value(), "\" is not a decimal"));
    }
    return parsed.value_or(Decimal());
  }
  const absl::Status& error() const { return error_; }

 private:
  absl::Status error_;
};

domain::PostalAddress ToAddress(const common::v1::PostalAddress& a) {
  return {a.line1(), a.line2(), a.line3(), a.postal_code(), a.city(), a.country_code()};
}

domain::Party ToParty(const invoicing::v1::Party& p) {
  domain::Party party;
  party.name = p.name();
  party.legal_form = p.legal_form();
  party.share_capital = p.share_capital();
  party.siren = p.siren();
  party.siret = p.siret();
  party.vat_number = p.vat_number();
  party.address = ToAddress(p.address());
  party.email = p.email();
  party.phone = p.phone();
  party.registration = p.registration();
  party.electronic_address = p.electronic_address();
  party.electronic_address_scheme = p.electronic_address_scheme();
  return party;
}

}  // namespace

absl::StatusOr<domain::InvoiceDocument> ToDocument(const invoicing::v1::Invoice& invoice) {
  Amounts amount;
  domain::InvoiceDocument doc;
  int type_code = domain::kTypeCodeInvoice;
  (void)absl::SimpleAtoi(invoice.type_code(), &type_code);
  doc.type_code = type_code;
  doc.number = invoice.number();
  doc.issue_date = invoice.issue_date();
  doc.delivery_date = invoice.delivery_date();
  doc.order_date = invoice.order_date();
  doc.due_date = invoice.due_date();
  doc.currency = invoice.currency();
  doc.seller = ToParty(invoice.seller());
  doc.buyer = ToParty(invoice.buyer());
  doc.buyer_reference = invoice.buyer_reference();
  doc.purchase_order_reference = invoice.purchase_order_reference();
  doc.commitment_number = invoice.chorus().commitment_number();
  doc.has_delivery = invoice.chorus().has_delivery();
  if (doc.has_delivery) doc.delivery = ToParty(invoice.chorus().delivery());
  doc.payment_means_code = invoice.payment_means_code();
  doc.payee_iban = invoice.payee_iban();
  doc.payee_bic = invoice.payee_bic();
  doc.payment_terms_text = invoice.payment_terms();
  doc.preceding_invoice_number = invoice.preceding_invoice_number();
  doc.preceding_invoice_date = invoice.preceding_invoice_date();
  for (const auto& note : invoice.notes()) doc.notes.push_back({note.subject_code(), note.text()});
  for (const auto& l : invoice.lines()) {
    domain::InvoiceLine line;
    line.line_number = l.line_number();
    line.article_code = l.article_code();
    line.label = l.label();
    line.quantity = amount(l.quantity(), "line.quantity");
    line.unit_code = l.unit_code().empty() ? "C62" : l.unit_code();
    line.unit_net_price = amount(l.unit_net_price(), "line.unit_net_price");
    line.net_amount = amount(l.net_amount(), "line.net_amount");
    line.vat_category_code = l.vat_category();
    line.vat_rate = amount(l.vat_rate(), "line.vat_rate");
    doc.lines.push_back(std::move(line));
  }
  for (const auto& v : invoice.vat_breakdown()) {
    doc.vat_breakdown.push_back(
        {v.vat_category(), amount(v.vat_rate(), "vat.rate"), amount(v.basis(), "vat.basis"),
         amount(v.vat_amount(), "vat.vat_amount"), v.exemption_reason(), v.exemption_reason_code()});
  }
  doc.total_net = amount(invoice.total_net(), "total_net");
  doc.total_vat = amount(invoice.total_vat(), "total_vat");
  doc.total_with_vat = amount(invoice.total_with_vat(), "total_with_vat");
  doc.amount_due = amount(invoice.amount_due(), "amount_due");
  doc.prepaid_amount = doc.total_with_vat - doc.amount_due;
  doc.source_reference = invoice.source_external_id();
  doc.has_delivery_address = invoice.has_delivery_address();
  doc.delivery_party_name = invoice.delivery_party_name();
  doc.delivery_address = ToAddress(invoice.delivery_address());
  doc.operation_category = invoice.operation_category();
  doc.vat_on_debits = invoice.vat_on_debits();
  if (!amount.error().ok()) return amount.error();
  return doc;
}

}  // namespace factflow::dispatch
