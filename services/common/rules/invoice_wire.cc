#include "rules/invoice_wire.h"

#include "absl/status/status.h"
#include "money/decimal_wire.h"

namespace factflow::rules {
namespace {

// Parses wire decimals, remembering the first field that was not one.
class Amounts {
 public:
  Decimal operator()(const common::v1::Decimal& value, const char* field) {
    std::optional<Decimal> parsed = money::FromWire(value);
    if (!parsed && error_.ok()) {
      error_ = absl::InvalidArgumentError(std::string("montant illisible dans la facture : ") +
                                          field);
    }
    return parsed.value_or(Decimal());
  }
  const absl::Status& error() const { return error_; }

 private:
  absl::Status error_;
};

Address ToAddress(const common::v1::PostalAddress& a) {
  return {a.line1(), a.line2(), a.line3(), a.postal_code(), a.city(), a.country_code()};
}

Party ToParty(const invoicing::v1::Party& p) {
  Party party;
  party.name = p.name();
  party.legal_form = p.legal_form();
  party.siren = p.siren();
  party.siret = p.siret();
  party.vat_number = p.vat_number();
  party.address = ToAddress(p.address());
  party.electronic_address = p.electronic_address();
  party.electronic_address_scheme = p.electronic_address_scheme();
  return party;
}

}  // namespace

absl::StatusOr<Invoice> FromWire(const invoicing::v1::Invoice& invoice,
                                 const WireContext& context) {
  Amounts amount;
  Invoice inv;
  inv.type_code = invoice.type_code().empty() ? "380" : invoice.type_code();
  inv.number = invoice.number();
  inv.issue_date = invoice.issue_date();
  inv.due_date = invoice.due_date();
  inv.delivery_date = invoice.delivery_date();
  inv.currency = invoice.currency();
  inv.seller = ToParty(invoice.seller());
  inv.seller_legal.registration =
      context.registration.empty() ? invoice.seller().registration() : context.registration;
  inv.seller_legal.share_capital = invoice.seller().share_capital();
  inv.seller_legal.vat_franchise_293b = context.vat_franchise_293b;
  inv.buyer = ToParty(invoice.buyer());
  const Party& buyer = inv.buyer;
  bool business = !buyer.siren.empty() || !buyer.siret.empty() || !buyer.vat_number.empty() ||
                  !buyer.legal_form.empty();
  // A buyer with the Chorus option takes its invoices through Chorus Pro: its rules apply from
  // PREPARE on, so an invoice is fixed before it is sent (a sent invoice never changes).
  const bool destined = context.chorus.destined || invoice.chorus().export_to_chorus();
  inv.buyer_kind = destined ? BuyerKind::kPublicEntity
                   : business             ? BuyerKind::kBusiness
                                          : BuyerKind::kConsumer;
  inv.chorus = context.chorus;
  inv.chorus.destined = destined;
  // The public buyer's requirements travel with the invoice (ChorusBuyer, copied at issue).
  const invoicing::v1::ChorusBuyer& chorus = invoice.chorus();
  inv.chorus.service_code_required |= chorus.service_code_required();
  inv.chorus.commitment_required |= chorus.commitment_required();
  inv.has_delivery_address = invoice.has_delivery_address();
  if (inv.has_delivery_address) inv.delivery_address = ToAddress(invoice.delivery_address());
  inv.operation_category = invoice.operation_category();
  inv.vat_on_debits = invoice.vat_on_debits();
  inv.oss_country = invoice.oss_country();
  inv.oss_above_threshold = context.oss_above_threshold;
  inv.buyer_reference = invoice.buyer_reference();
  inv.purchase_order_reference = invoice.purchase_order_reference();
  inv.commitment_number = chorus.commitment_number();
  if (chorus.has_delivery()) {
    inv.has_delivery_address = true;
    inv.delivery_address = ToAddress(chorus.delivery().address());
    inv.delivery_siret = chorus.delivery().siret();
  }
  inv.payment_means_code = invoice.payment_means_code();
  inv.payee_iban = invoice.payee_iban();
  inv.payment_terms = invoice.payment_terms();
  for (const auto& note : invoice.notes()) {
    if (note.subject_code() == "PMD") inv.late_penalty_mention = true;
    if (note.subject_code() == "PMT") inv.recovery_indemnity_mention = true;
  }
  inv.lines.reserve(static_cast<size_t>(invoice.lines_size()));
  for (const auto& l : invoice.lines()) {
    Line line;
    line.line_number = l.line_number();
    line.label = l.label();
    line.quantity = amount(l.quantity(), "lignes, quantité");
    line.unit_code = l.unit_code().empty() ? "C62" : l.unit_code();  // as the CII writer
    line.unit_net_price = amount(l.unit_net_price(), "lignes, prix unitaire net");
    line.net_amount = amount(l.net_amount(), "lignes, montant net");
    line.vat_category = l.vat_category();
    line.vat_rate = amount(l.vat_rate(), "lignes, taux de TVA");
    inv.lines.push_back(std::move(line));
  }
  for (const auto& g : invoice.vat_breakdown()) {
    VatGroup group;
    group.category = g.vat_category();
    group.rate = amount(g.vat_rate(), "récapitulatif de TVA, taux");
    group.basis = amount(g.basis(), "récapitulatif de TVA, base");
    group.vat_amount = amount(g.vat_amount(), "récapitulatif de TVA, montant");
    group.exemption_reason = g.exemption_reason();
    group.exemption_reason_code = g.exemption_reason_code();
    inv.vat_breakdown.push_back(std::move(group));
  }
  inv.total_net = amount(invoice.total_net(), "total HT");
  inv.total_vat = amount(invoice.total_vat(), "total TVA");
  inv.total_with_vat = amount(invoice.total_with_vat(), "total TTC");
  inv.amount_due = amount(invoice.amount_due(), "net à payer");
  inv.prepaid_amount = inv.total_with_vat - inv.amount_due;
  if (!amount.error().ok()) return amount.error();
  return inv;
}

}  // namespace factflow::rules
