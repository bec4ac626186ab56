#include "issuing/invoice_builder.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/invoice_calculator.h"
#include "domain/legal_mentions.h"
#include "domain/reform_mentions.h"
#include "domain/vat_treatment.h"
#include "issuing/proto_mapping.h"
#include "logging/logging.h"
#include "money/decimal.h"
#include "money/decimal_wire.h"
#include "rules/eu_vat_rates.h"

namespace factflow::invoicing {
namespace {

using money::Decimal;

// Payment means code (UNTDID 4461) for sales collected by a marketplace: online payment service.
constexpr char kOnlinePaymentService[] = "68";

absl::StatusOr<Decimal> ParseWire(const common::v1::Decimal& value, std::string_view field,
                                  int line) {
  auto parsed = money::FromWire(value);
  if (!parsed) {
    return absl::InvalidArgumentError(absl::StrCat("ligne ", line, " : ", std::string(field), " « ",
                                                   value.value(), " » invalide"));
  }
  return *parsed;
}

// BT-34 / BT-49: a company's address in the reform's directory is its SIREN (scheme 0225).
void SetDirectoryAddress(v1::Party& party) {
  if (!party.electronic_address().empty()) return;
  std::string address = domain::DirectoryAddress(party.siren(), party.siret());
  if (address.empty()) return;
  party.set_electronic_address(std::move(address));
  party.set_electronic_address_scheme(std::string(domain::kDirectoryAddressScheme));
}

bool SameAddress(const common::v1::PostalAddress& a, const common::v1::PostalAddress& b) {
  return a.line1() == b.line1() && a.line2() == b.line2() && a.line3() == b.line3() &&
         a.postal_code() == b.postal_code() && a.city() == b.city() &&
         a.country_code() == b.country_code();
}

v1::Party SellerFromTenant(const v1::Tenant& tenant) {
  const v1::CompanyIdentity& c = tenant.company();
  v1::Party seller;
  seller.set_name(c.name());
  seller.set_legal_form(c.legal_form());
  seller.set_share_capital(c.share_capital());
  seller.set_siren(c.siren());
  seller.set_siret(c.siret());
  seller.set_vat_number(c.vat_number());
  *seller.mutable_address() = c.address();
  seller.set_email(c.email());
  seller.set_phone(c.phone());
  seller.set_registration(c.registration());
  SetDirectoryAddress(seller);
  return seller;
}

v1::Party BuyerFromDocument(const importer::v1::ApprovedDocument& document) {
  const importer::v1::Buyer& b = document.buyer();
  v1::Party buyer;
  std::string person =
      absl::StrCat(b.first_name(), b.first_name().empty() ? "" : " ", b.last_name());
  buyer.set_name(b.company().empty() ? person : b.company());
  buyer.set_email(b.email());
  buyer.set_siren(b.siren());
  buyer.set_siret(b.siret());
  buyer.set_vat_number(b.vat_number());
  SetDirectoryAddress(buyer);
  const common::v1::PostalAddress& billing = document.billing_address();
  *buyer.mutable_address() =
      billing.line1().empty() && billing.city().empty() ? document.delivery_address() : billing;
  return buyer;
}

// Where the goods go: the delivery address, else the billing one.
const std::string& Destination(const importer::v1::ApprovedDocument& document) {
  return document.delivery_address().country_code().empty()
             ? document.billing_address().country_code()
             : document.delivery_address().country_code();
}

domain::VatTreatment TreatmentOf(const importer::v1::ApprovedDocument& document,
                                 const v1::Tenant& tenant) {
  const importer::v1::Buyer& buyer = document.buyer();
  return domain::DecideVatTreatment(
      {.seller_franchise_293b = tenant.legal_mentions().vat_exempt_293b(),
       .destination_country = Destination(document),
       .buyer_is_business = !buyer.company().empty() || !buyer.siren().empty() ||
                            !buyer.siret().empty() || !buyer.vat_number().empty(),
       .buyer_vat_number = buyer.vat_number(),
       .oss_above_threshold = tenant.legal_mentions().oss_above_threshold()});
}

absl::StatusOr<std::vector<domain::DraftLine>> DraftLines(
    const importer::v1::ApprovedDocument& document, const domain::VatTreatment& treatment,
    const std::string& issue_date) {
  std::vector<domain::DraftLine> drafts;
  int line_number = 0;
  // Where the goods go decides the VAT (export outside the EU: G; OSS: the destination's
  // rates), for every line, shipping included (an accessory cost follows its goods).
  for (const auto& line : document.lines()) {
    ++line_number;
    domain::DraftLine draft;
    draft.article_code = line.article_code();
    draft.label = line.label();
    auto quantity = ParseWire(line.quantity(), "quantité", line_number);
    auto price = ParseWire(line.unit_price_incl_vat(), "prix unitaire TTC", line_number);
    auto rate = ParseWire(line.vat_rate(), "taux de TVA", line_number);
    if (!quantity.ok()) return quantity.status();
    if (!price.ok()) return price.status();
    if (!rate.ok()) return rate.status();
    draft.quantity = *quantity;
    draft.unit_price = *price;
    draft.vat_rate = treatment.article_rate ? *rate : Decimal();
    if (!treatment.oss_country.empty()) {
      std::optional<Decimal> oss = rules::OssRate(treatment.oss_country, issue_date, *rate);
      if (!oss) {
        return absl::FailedPreconditionError(absl::StrCat(
            "ligne ", line_number, " : pas de taux de TVA connu pour le pays de livraison ",
            treatment.oss_country, " à la date du ", issue_date, " (guichet unique OSS)"));
      }
      draft.vat_rate = *oss;
      draft.destination_rate = true;
    }
    if (!treatment.article_rate) {
      draft.vat_category_code = treatment.category;
      draft.exemption_reason = treatment.exemption_reason;
      draft.exemption_reason_code = treatment.exemption_reason_code;
    } else {
      bool exempt = draft.vat_rate.is_zero();
      draft.vat_category_code =
          std::string(exempt ? domain::kVatCategoryExempt : domain::kVatCategoryStandard);
      if (exempt) draft.exemption_reason = std::string(domain::kFranchiseEnBaseReason);
    }
    drafts.push_back(std::move(draft));
  }
  return drafts;
}

// The late-payment penalty and the 40 EUR indemnity are B2B mentions (art. L441-10 du Code de
// commerce): a consumer's invoice does not carry them.
void AddLegalNotes(const v1::Tenant& tenant, bool business_buyer, v1::Invoice& invoice) {
  auto add = [&](std::string_view subject, std::string text) {
    v1::Note* note = invoice.add_notes();
    note->set_subject_code(std::string(subject));
    note->set_text(std::move(text));
  };
  const std::string& penalty = tenant.legal_mentions().late_penalty_rate();
  if (!business_buyer) {
    // Consumer: no B2B mention.
  } else if (!penalty.empty()) {
    add("PMD", "Pénalités de retard : " + penalty);
  } else if (auto text = domain::LatePaymentPenaltyText({}); text.ok()) {
    add("PMD", *text);
  }
  if (business_buyer) add("PMT", std::string(domain::RecoveryIndemnityText()));
  add("AAB", std::string(domain::NoEarlyPaymentDiscountText()));
  if (!tenant.legal_mentions().extra_mentions().empty()) {
    add("AAI", tenant.legal_mentions().extra_mentions());
  }
  // The reform's mentions: category of the operation, VAT on debits, OSS.
  const std::string& category = tenant.legal_mentions().operation_category();
  const std::optional<Decimal> due = money::FromWire(invoice.amount_due());
  const std::optional<Decimal> total = money::FromWire(invoice.total_with_vat());
  const bool already_paid = due && total && due->is_zero() && !total->is_zero();
  invoice.set_operation_category(domain::OperationFramework(category, already_paid));
  add("AAI", domain::OperationCategoryText(category));
  if (tenant.legal_mentions().vat_on_debits()) {
    invoice.set_vat_on_debits(true);
    add("TXD", std::string(domain::VatOnDebitsText()));
  }
  if (!invoice.oss_country().empty()) add("TXD", std::string(domain::OssMentionText()));
  SetDirectoryAddress(*invoice.mutable_buyer());
}

void SetLines(const domain::ComputedInvoice& computed,
              const importer::v1::ApprovedDocument& document, v1::Invoice& invoice) {
  int index = 0;
  for (const domain::ComputedLine& line : computed.lines) {
    v1::InvoiceLine* out = invoice.add_lines();
    out->set_line_number(index + 1);
    out->set_article_code(line.draft.article_code);
    out->set_label(line.draft.label);
    *out->mutable_quantity() = money::ToWire(line.draft.quantity, 4);
    out->set_unit_code("C62");
    *out->mutable_unit_price_incl_vat() = money::ToWire(line.draft.unit_price, 4);
    *out->mutable_unit_net_price() = money::ToWire(line.unit_net_price, 4);
    *out->mutable_net_amount() = money::ToWire(line.net_amount);
    *out->mutable_gross_amount() = money::ToWire(line.gross_amount_incl_vat);
    out->set_vat_category(line.draft.vat_category_code);
    *out->mutable_vat_rate() = money::ToWire(line.draft.vat_rate, 2);
    out->set_source_row(document.lines(index).source_row());
    ++index;
  }
  for (const domain::VatGroup& group : computed.vat_breakdown) {
    v1::VatBreakdown* out = invoice.add_vat_breakdown();
    out->set_vat_category(group.category_code);
    *out->mutable_vat_rate() = money::ToWire(group.rate, 2);
    *out->mutable_basis() = money::ToWire(group.basis);
    *out->mutable_vat_amount() = money::ToWire(group.vat_amount);
    out->set_exemption_reason(group.exemption_reason);
    out->set_exemption_reason_code(group.exemption_reason_code);
  }
}

}  // namespace

absl::StatusOr<v1::Invoice> BuildInvoice(const importer::v1::ApprovedDocument& document,
                                         const IssueContext& context) {
  const v1::Tenant& tenant = *context.tenant;
  const domain::VatTreatment treatment = TreatmentOf(document, tenant);
  auto drafts = DraftLines(document, treatment, context.issue_date);
  absl::StatusOr<domain::ComputedInvoice> computed =
      drafts.ok() ? domain::ComputeInvoice(*drafts, domain::PriceBasis::kInclVat)
                  : absl::StatusOr<domain::ComputedInvoice>(drafts.status());
  if (!computed.ok()) {
    return absl::Status(computed.status().code(),
                        absl::StrCat("commande ", document.external_id(), " : ",
                                     std::string(computed.status().message())));
  }
  v1::Invoice invoice;
  invoice.set_invoice_id(logging::NewUuid());
  invoice.set_series_code(context.series_code);
  invoice.set_type_code("380");
  invoice.set_issue_date(context.issue_date);
  // Sales collected by the marketplace are paid when the invoice is issued.
  invoice.set_due_date(context.issue_date);
  // The marketplace gives the order date, not a delivery date.
  invoice.set_order_date(document.document_date());
  // An intra-EU supply (K) needs its delivery date (BR-IC-11): marketplace orders are invoiced
  // once shipped, so the goods left on the issue date at the latest; VAT on an intra-EU supply
  // is chargeable on that date too (art. 269, 1-d du CGI).
  if (treatment.category == "K") invoice.set_delivery_date(context.issue_date);
  invoice.set_currency("EUR");
  invoice.set_send_state(ToProto(context.initial_state));
  *invoice.mutable_seller() = SellerFromTenant(tenant);
  *invoice.mutable_buyer() = BuyerFromDocument(document);
  invoice.set_oss_country(treatment.oss_country);
  // BG-13/BG-15 when the goods go elsewhere than the buyer's address (always for an intra-EU
  // supply: BR-IC-12 wants the country of delivery).
  const common::v1::PostalAddress& delivery = document.delivery_address();
  if ((!delivery.line1().empty() || !delivery.city().empty()) &&
      (!SameAddress(delivery, invoice.buyer().address()) || treatment.category == "K")) {
    *invoice.mutable_delivery_address() = delivery;
    invoice.set_delivery_party_name(invoice.buyer().name());
  }
  SetLines(*computed, document, invoice);
  *invoice.mutable_total_net() = money::ToWire(computed->total_net);
  *invoice.mutable_total_vat() = money::ToWire(computed->total_vat);
  *invoice.mutable_total_with_vat() = money::ToWire(computed->total_with_vat);
  *invoice.mutable_amount_due() = money::ToWire(Decimal());
  invoice.set_payment_means_code(kOnlinePaymentService);
  invoice.set_payment_mode(document.payment_mode());
  invoice.set_payment_terms(absl::StrCat("Facture acquittée : commande ", document.external_id(),
                                         " réglée via ", document.payment_mode()));
  invoice.set_payee_iban(tenant.company().iban());
  invoice.set_payee_bic(tenant.company().bic());
  AddLegalNotes(tenant, treatment.category == "K" || !invoice.buyer().siren().empty() ||
                            !document.buyer().company().empty(),
                invoice);
  // The marketplace order id is the seller's order reference (BT-14, source_external_id), not
  // the buyer's purchase order or commitment number (BT-13).
  invoice.set_batch_id(context.batch_id);
  invoice.set_batch_number(context.batch_number);
  invoice.set_generation_id(context.generation_id);
  invoice.set_invoice_template(context.invoice_template);
  invoice.set_source_external_id(document.external_id());
  invoice.set_created_by(context.operator_id);
  return invoice;
}

v1::Party TenantAsSeller(const v1::Tenant& tenant) { return SellerFromTenant(tenant); }

void AddTenantLegalNotes(const v1::Tenant& tenant, v1::Invoice& invoice) {
  // A buyer known by a legal identifier or form is a business: the B2B mentions apply.
  const v1::Party& buyer = invoice.buyer();
  const bool business_buyer = !buyer.siren().empty() || !buyer.siret().empty() ||
                              !buyer.vat_number().empty() || !buyer.legal_form().empty();
  AddLegalNotes(tenant, business_buyer, invoice);
}

}  // namespace factflow::invoicing
