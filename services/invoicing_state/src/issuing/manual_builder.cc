#include "issuing/manual_builder.h"

#include <initializer_list>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/civil_date.h"
#include "domain/invoice_calculator.h"
#include "domain/payment_terms.h"
#include "identifiers/french_company_ids.h"
#include "issuing/chorus_buyer.h"
#include "issuing/invoice_builder.h"
#include "logging/logging.h"
#include "money/decimal_wire.h"
#include "status/grpc_status.h"
#include "validation/fields.h"

namespace factflow::invoicing {
namespace {

using money::Decimal;

constexpr size_t kMaxLabelBytes = 500;
constexpr size_t kMaxCodeBytes = 64;
constexpr size_t kMaxNameBytes = 200;
constexpr int64_t kMaxQuantity = 1'000'000;
constexpr int64_t kMaxUnitPrice = 1'000'000'000;
constexpr char kBasisExclVat[] = "HT";
constexpr char kBasisInclVat[] = "TTC";

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(message); }

absl::StatusOr<Decimal> LineDecimal(const common::v1::Decimal& value, int line,
                                    const char* field, bool optional = false) {
  if (optional && value.value().empty()) return Decimal();
  auto parsed = money::FromWire(value);
  if (!parsed) {
    return Invalid(absl::StrCat("lines[", line, "] : ", field, " ",
                                validation::Echo(value.value()), " n'est pas un nombre décimal"));
  }
  return *parsed;
}

absl::Status ValidateBuyer(const v1::Party& buyer) {
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("buyer.name", buyer.name(), kMaxNameBytes));
  if (absl::StripAsciiWhitespace(buyer.name()).empty()) {
    return Invalid("buyer.name : le nom du client est obligatoire");
  }
  const auto& a = buyer.address();
  if (a.line1().empty() || a.postal_code().empty() || a.city().empty()) {
    return Invalid("buyer.address : adresse, code postal et ville du client sont obligatoires");
  }
  using Field = std::pair<const char*, std::string>;
  for (const auto& [field, value] :
       std::initializer_list<Field>{{"buyer.address.line1", a.line1()},
                                    {"buyer.address.line2", a.line2()},
                                    {"buyer.address.city", a.city()},
                                    {"buyer.email", buyer.email()}}) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText(field, value, kMaxNameBytes));
  }
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckText("buyer.address.postal_code", a.postal_code(), 16));
  if (!a.country_code().empty() &&
      (a.country_code().size() != 2 || !absl::ascii_isupper(a.country_code()[0]) ||
       !absl::ascii_isupper(a.country_code()[1]))) {
    return Invalid(absl::StrCat("buyer.address.country_code : ",
                                validation::Echo(a.country_code()),
                                " n'est pas un code pays ISO à 2 lettres (FR)"));
  }
  if (!buyer.siren().empty() && !identifiers::IsValidSiren(buyer.siren())) {
    return Invalid(absl::StrCat("buyer.siren : ", validation::Echo(buyer.siren()),
                                " n'est pas un SIREN valide"));
  }
  if (!buyer.siret().empty() && !identifiers::IsValidSiret(buyer.siret(), buyer.siren())) {
    return Invalid(absl::StrCat("buyer.siret : ", validation::Echo(buyer.siret()),
                                " n'est pas un SIRET valide", buyer.siren().empty() ? "" : " de ce SIREN"));
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("buyer.bank_name", buyer.bank_name(), 64));
  if (!buyer.iban().empty() && !IsValidIban(absl::StrReplaceAll(buyer.iban(), {{" ", ""}}))) {
    return Invalid(absl::StrCat("buyer.iban : ", validation::Echo(buyer.iban()),
                                " n'est pas un IBAN valide (clé de contrôle)"));
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("buyer.vat_number", buyer.vat_number(), 20));
  FACTFLOW_RETURN_IF_ERROR(
      validation::CheckText("buyer.electronic_address", buyer.electronic_address(), 200));
  const std::string& scheme = buyer.electronic_address_scheme();
  if (!buyer.electronic_address().empty() && scheme != "0225" && scheme != "EM" &&
      scheme != "0009" && scheme != "0002") {
    return Invalid(absl::StrCat("buyer.electronic_address_scheme : ", validation::Echo(scheme),
                                " inconnu, attendu 0225 (annuaire de la réforme, SIREN), 0009 "
                                "(SIRET), 0002 (SIREN) ou EM (e-mail)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<domain::DraftLine>> ManualDrafts(
    const v1::CreateInvoiceRequest& request, bool vat_exempt,
    std::vector<std::pair<Decimal, Decimal>>& prices_and_discounts) {
  if (request.lines().empty()) return Invalid("lines : au moins une ligne est obligatoire");
  if (request.lines_size() > kMaxManualLines) {
    return Invalid(absl::StrCat("lines : au plus ", kMaxManualLines, " lignes par facture (",
                                request.lines_size(), " reçues)"));
  }
  std::vector<domain::DraftLine> drafts;
  int n = 0;
  for (const v1::ManualLine& line : request.lines()) {
    ++n;
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText(absl::StrCat("lines[", n, "].article_code"),
                                                   line.article_code(), kMaxCodeBytes));
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText(absl::StrCat("lines[", n, "].label"),
                                                   line.label(), kMaxLabelBytes));
    FACTFLOW_RETURN_IF_ERROR(
        validation::CheckText(absl::StrCat("lines[", n, "].unit_code"), line.unit_code(), 3));
    FACTFLOW_ASSIGN_OR_RETURN(Decimal quantity, LineDecimal(line.quantity(), n, "quantité"));
    FACTFLOW_ASSIGN_OR_RETURN(Decimal price, LineDecimal(line.unit_price(), n, "prix unitaire"));
    FACTFLOW_ASSIGN_OR_RETURN(Decimal rate, LineDecimal(line.vat_rate(), n, "taux de TVA"));
    FACTFLOW_ASSIGN_OR_RETURN(Decimal discount,
                              LineDecimal(line.discount_percent(), n, "remise", true));
    // Bounds that keep every product within the Decimal range (refused, never cut).
    if (quantity > Decimal::FromUnits(kMaxQuantity)) {
      return Invalid(absl::StrCat("lines[", n, "] : quantité ", quantity.ToString(4),
                                  " hors limites (au plus ", kMaxQuantity, ")"));
    }
    if (price.is_negative() || price > Decimal::FromUnits(kMaxUnitPrice)) {
      return Invalid(absl::StrCat("lines[", n, "] : prix unitaire ", price.ToString(4),
                                  " hors limites (de 0 à ", kMaxUnitPrice, ")"));
    }
    auto discounted = domain::DiscountedPrice(price, discount);
    if (!discounted.ok()) {
      return Invalid(absl::StrCat("lines[", n, "] : ", discounted.status().message()));
    }
    if (vat_exempt && !rate.is_zero()) {
      return Invalid(absl::StrCat("lines[", n, "] : taux de TVA ", rate.ToString(2),
                                  " % impossible, le dossier est en franchise en base de TVA "
                                  "(art. 293 B du CGI) : taux 0 attendu"));
    }
    domain::DraftLine draft;
    draft.article_code = line.article_code();
    draft.label = line.label();
    draft.quantity = quantity;
    draft.unit_price = *discounted;
    draft.vat_rate = rate;
    bool exempt = rate.is_zero();
    draft.vat_category_code =
        std::string(exempt ? domain::kVatCategoryExempt : domain::kVatCategoryStandard);
    if (exempt) draft.exemption_reason = std::string(domain::kFranchiseEnBaseReason);
    drafts.push_back(std::move(draft));
    prices_and_discounts.emplace_back(price, discount);
  }
  return drafts;
}

// Lines, VAT breakdown and totals of `computed` into `invoice`.
void SetAmounts(const domain::ComputedInvoice& computed,
                const std::vector<std::pair<Decimal, Decimal>>& prices_and_discounts,
                v1::Invoice& invoice) {
  const bool incl = computed.price_basis == domain::PriceBasis::kInclVat;
  invoice.set_price_basis(incl ? kBasisInclVat : kBasisExclVat);
  for (size_t i = 0; i < computed.lines.size(); ++i) {
    const domain::ComputedLine& line = computed.lines[i];
    v1::InvoiceLine* out = invoice.add_lines();
    out->set_line_number(static_cast<int>(i) + 1);
    out->set_article_code(line.draft.article_code);
    out->set_label(line.draft.label);
    *out->mutable_quantity() = money::ToWire(line.draft.quantity, 4);
    out->set_unit_code("C62");
    if (incl) *out->mutable_unit_price_incl_vat() = money::ToWire(line.draft.unit_price, 4);
    *out->mutable_unit_net_price() = money::ToWire(line.unit_net_price, 4);
    *out->mutable_net_amount() = money::ToWire(line.net_amount);
    *out->mutable_gross_amount() = money::ToWire(line.gross_amount_incl_vat);
    out->set_vat_category(line.draft.vat_category_code);
    *out->mutable_vat_rate() = money::ToWire(line.draft.vat_rate, 2);
    if (i < prices_and_discounts.size() && !prices_and_discounts[i].second.is_zero()) {
      *out->mutable_unit_price_before_discount() = money::ToWire(prices_and_discounts[i].first, 4);
      *out->mutable_discount_percent() = money::ToWire(prices_and_discounts[i].second, 2);
    }
  }
  for (const domain::VatGroup& group : computed.vat_breakdown) {
    v1::VatBreakdown* out = invoice.add_vat_breakdown();
    out->set_vat_category(group.category_code);
    *out->mutable_vat_rate() = money::ToWire(group.rate, 2);
    *out->mutable_basis() = money::ToWire(group.basis);
    *out->mutable_vat_amount() = money::ToWire(group.vat_amount);
    out->set_exemption_reason(group.exemption_reason);
  }
  *invoice.mutable_total_net() = money::ToWire(computed.total_net);
  *invoice.mutable_total_vat() = money::ToWire(computed.total_vat);
  *invoice.mutable_total_with_vat() = money::ToWire(computed.total_with_vat);
  *invoice.mutable_amount_due() = money::ToWire(computed.amount_due);
}

void AddNote(v1::Invoice& invoice, std::string subject, std::string text) {
  v1::Note* note = invoice.add_notes();
  note->set_subject_code(std::move(subject));
  note->set_text(std::move(text));
}

absl::Status SetDueDate(const v1::CreateInvoiceRequest& request, const v1::Tenant& tenant,
                        const std::string& issue_date, v1::Invoice& invoice) {
  FACTFLOW_ASSIGN_OR_RETURN(absl::CivilDay issued, domain::ParseIsoDate(issue_date));
  const domain::PaymentTerms terms{tenant.legal_mentions().payment_days(),
                                   tenant.legal_mentions().payment_end_of_month()};
  if (request.due_date().empty()) {
    FACTFLOW_ASSIGN_OR_RETURN(absl::CivilDay due, domain::DueDate(issued, terms));
    invoice.set_due_date(domain::ToIsoDate(due));
    invoice.set_payment_terms(domain::PaymentTermsText(terms));
    return absl::OkStatus();
  }
  auto due = domain::ParseIsoDate(request.due_date());
  if (!due.ok()) return Invalid(absl::StrCat("due_date : ", due.status().message()));
  if (*due < issued) {
    return Invalid(absl::StrCat("due_date : l'échéance du ", domain::ToFrenchDate(*due),
                                " précède la date de facture du ", domain::ToFrenchDate(issued)));
  }
  invoice.set_due_date(domain::ToIsoDate(*due));
  invoice.set_payment_terms(absl::StrCat("Paiement au ", domain::ToFrenchDate(*due)));
  return absl::OkStatus();
}

absl::Status SetPayment(const v1::CreateInvoiceRequest& request, const v1::Tenant& tenant,
                        v1::Invoice& invoice) {
  FACTFLOW_ASSIGN_OR_RETURN(domain::PaymentMode mode, FromProto(request.payment_mode()));
  const domain::PaymentModeInfo info = domain::Describe(mode);
  std::string iban = absl::StrReplaceAll(request.iban(), {{" ", ""}});
  if (!iban.empty() && !IsValidIban(iban)) {
    return Invalid(absl::StrCat("iban : ", validation::Echo(request.iban()),
                                " n'est pas un IBAN valide (clé de contrôle)"));
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("bic", request.bic(), 11));
  if (iban.empty()) iban = tenant.company().iban();
  std::string bic = request.bic().empty() ? tenant.company().bic() : request.bic();
  if (info.needs_iban && iban.empty()) {
    return Invalid(absl::StrCat("iban : obligatoire pour un paiement par ", std::string(info.label),
                                " (ni dans la demande, ni dans les coordonnées du dossier)"));
  }
  invoice.set_payment_means_code(std::string(info.means_code));
  invoice.set_payment_mode(std::string(info.label));
  if (mode == domain::PaymentMode::kVirement || mode == domain::PaymentMode::kPrelevement ||
      mode == domain::PaymentMode::kLcr) {
    invoice.set_payee_iban(iban);
    invoice.set_payee_bic(bic);
  }
  invoice.set_payment_terms(
      absl::StrCat(invoice.payment_terms(), " — règlement par ",
                   absl::AsciiStrToLower(std::string(info.label))));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<domain::PaymentMode> FromProto(v1::PaymentMode mode) {
  switch (mode) {
    case v1::PAYMENT_MODE_CHEQUE: return domain::PaymentMode::kCheque;
    case v1::PAYMENT_MODE_VIREMENT: return domain::PaymentMode::kVirement;
    case v1::PAYMENT_MODE_PRELEVEMENT: return domain::PaymentMode::kPrelevement;
    case v1::PAYMENT_MODE_LCR: return domain::PaymentMode::kLcr;
    case v1::PAYMENT_MODE_BILLET_A_ORDRE: return domain::PaymentMode::kBilletAOrdre;
    case v1::PAYMENT_MODE_CARTE: return domain::PaymentMode::kCarte;
    case v1::PAYMENT_MODE_ESPECES: return domain::PaymentMode::kEspeces;
    case v1::PAYMENT_MODE_PAIEMENT_EN_LIGNE: return domain::PaymentMode::kPaiementEnLigne;
    default:
      return Invalid(
          "payment_mode : mode de paiement obligatoire (chèque, virement, prélèvement, LCR, "
          "billet à ordre, carte, espèces ou paiement en ligne)");
  }
}

bool IsValidIban(std::string_view text) {
  std::string iban;
  for (char c : text) {
    if (c != ' ') iban += absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!absl::ascii_isalpha(iban[0]) || !absl::ascii_isalpha(iban[1]) ||
      !absl::ascii_isdigit(iban[2]) || !absl::ascii_isdigit(iban[3])) {
    return false;
  }
  std::string rotated = iban.substr(4) + iban.substr(0, 4);
  int remainder = 0;
  for (char c : rotated) {
    if (absl::ascii_isdigit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else if (absl::ascii_isupper(c)) {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

absl::StatusOr<v1::Invoice> BuildManualInvoice(const v1::CreateInvoiceRequest& request,
                                               const ManualContext& context) {
  const v1::Tenant& tenant = *context.tenant;
  if (request.has_invoice()) {
    return Invalid("invoice : non utilisé, une facture manuelle se saisit avec buyer, lines, "
                   "price_basis, payment_mode et due_date");
  }
  FACTFLOW_RETURN_IF_ERROR(ValidateBuyer(request.buyer()));
  if (request.price_basis() != v1::PRICE_BASIS_EXCL_VAT &&
      request.price_basis() != v1::PRICE_BASIS_INCL_VAT) {
    return Invalid("price_basis : dites si les prix unitaires sont HT ou TTC");
  }
  using Field = std::pair<const char*, std::string>;
  for (const auto& [field, value] : std::initializer_list<Field>{
           {"buyer_reference", request.buyer_reference()},
           {"purchase_order_reference", request.purchase_order_reference()}}) {
    FACTFLOW_RETURN_IF_ERROR(validation::CheckText(field, value, 50));
  }
  FACTFLOW_RETURN_IF_ERROR(validation::CheckText("note", request.note(), 2000));
  FACTFLOW_RETURN_IF_ERROR(ValidateChorusBuyer(request.chorus()));
  std::vector<std::pair<Decimal, Decimal>> prices_and_discounts;
  FACTFLOW_ASSIGN_OR_RETURN(
      std::vector<domain::DraftLine> drafts,
      ManualDrafts(request, tenant.legal_mentions().vat_exempt_293b(), prices_and_discounts));
  const domain::PriceBasis basis = request.price_basis() == v1::PRICE_BASIS_INCL_VAT
                                       ? domain::PriceBasis::kInclVat
                                       : domain::PriceBasis::kExclVat;
  auto computed = domain::ComputeInvoice(drafts, basis);
  if (!computed.ok()) {
    return absl::Status(computed.status().code(),
                        absl::StrCat("facture manuelle : ", computed.status().message()));
  }
  v1::Invoice invoice;
  invoice.set_invoice_id(logging::NewUuid());
  invoice.set_series_code(context.series_code);
  invoice.set_type_code("380");
  invoice.set_issue_date(context.issue_date);
  invoice.set_currency("EUR");
  invoice.set_send_state(v1::SEND_STATE_EN_ATTENTE);
  *invoice.mutable_seller() = TenantAsSeller(tenant);
  *invoice.mutable_buyer() = request.buyer();
  if (invoice.buyer().address().country_code().empty()) {
    invoice.mutable_buyer()->mutable_address()->set_country_code("FR");
  }
  SetAmounts(*computed, prices_and_discounts, invoice);
  FACTFLOW_RETURN_IF_ERROR(SetDueDate(request, tenant, context.issue_date, invoice));
  FACTFLOW_RETURN_IF_ERROR(SetPayment(request, tenant, invoice));
  AddTenantLegalNotes(tenant, invoice);
  if (!request.note().empty()) AddNote(invoice, "AAI", request.note());
  invoice.set_buyer_reference(request.buyer_reference());
  invoice.set_purchase_order_reference(request.purchase_order_reference());
  if (request.has_chorus()) *invoice.mutable_chorus() = request.chorus();
  invoice.set_created_by(context.operator_id);
  return invoice;
}

absl::StatusOr<v1::Invoice> BuildCreditNote(const v1::Invoice& original,
                                            const std::vector<domain::CreditedQuantity>& plan,
                                            const std::string& reason,
                                            const ManualContext& context) {
  const bool excl = original.price_basis() == kBasisExclVat;
  std::vector<domain::DraftLine> drafts;
  for (const domain::CreditedQuantity& credited : plan) {
    const v1::InvoiceLine* line = nullptr;
    for (const auto& candidate : original.lines()) {
      if (candidate.line_number() == credited.line_number) line = &candidate;
    }
    if (line == nullptr) {
      return absl::InternalError(absl::StrCat("credit plan names line ", credited.line_number,
                                              " absent from ", original.number()));
    }
    domain::DraftLine draft;
    draft.article_code = line->article_code();
    draft.label = line->label();
    draft.quantity = credited.quantity;
    draft.unit_price = money::FromWire(excl ? line->unit_net_price() : line->unit_price_incl_vat())
                           .value_or(Decimal());
    draft.vat_rate = money::FromWire(line->vat_rate()).value_or(Decimal());
    draft.vat_category_code = line->vat_category();
    for (const auto& group : original.vat_breakdown()) {
      if (group.vat_category() == line->vat_category() &&
          money::FromWire(group.vat_rate()) == money::FromWire(line->vat_rate())) {
        draft.exemption_reason = group.exemption_reason();
      }
    }
    drafts.push_back(std::move(draft));
  }
  auto computed = domain::ComputeInvoice(
      drafts, excl ? domain::PriceBasis::kExclVat : domain::PriceBasis::kInclVat);
  if (!computed.ok()) {
    return absl::Status(computed.status().code(),
                        absl::StrCat("avoir sur ", original.number(), " : ",
                                     computed.status().message()));
  }
  v1::Invoice note;
  note.set_invoice_id(logging::NewUuid());
  note.set_series_code(context.series_code);
  note.set_type_code("381");
  note.set_issue_date(context.issue_date);
  note.set_currency(original.currency().empty() ? "EUR" : original.currency());
  note.set_send_state(v1::SEND_STATE_EN_ATTENTE);
  *note.mutable_seller() = original.seller();
  *note.mutable_buyer() = original.buyer();
  SetAmounts(*computed, {}, note);
  // Keep the line numbers of the invoice: "line 3 of the invoice" stays line 3 of the note.
  for (size_t i = 0; i < plan.size(); ++i) note.mutable_lines(static_cast<int>(i))->set_line_number(plan[i].line_number);
  note.set_payment_means_code(original.payment_means_code());
  note.set_payment_mode(original.payment_mode());
  note.set_payee_iban(original.payee_iban());
  note.set_payee_bic(original.payee_bic());
  note.set_preceding_invoice_id(original.invoice_id());
  note.set_preceding_invoice_number(original.number());
  note.set_preceding_invoice_date(original.issue_date());
  // The note reverses the same operation: same delivery, same OSS taxation.
  note.set_oss_country(original.oss_country());
  note.set_delivery_party_name(original.delivery_party_name());
  if (original.has_delivery_address()) *note.mutable_delivery_address() = original.delivery_address();
  AddTenantLegalNotes(*context.tenant, note);
  std::string when = original.issue_date();
  if (auto day = domain::ParseIsoDate(original.issue_date()); day.ok()) {
    when = domain::ToFrenchDate(*day);
  }
  AddNote(note, "AAI",
          absl::StrCat("Avoir sur la facture n° ", original.number(), " du ", when, " : ", reason));
  note.set_buyer_reference(original.buyer_reference());
  note.set_purchase_order_reference(original.purchase_order_reference());
  if (original.has_chorus()) *note.mutable_chorus() = original.chorus();
  note.set_source_external_id(original.source_external_id());
  note.set_created_by(context.operator_id);
  return note;
}

}  // namespace factflow::invoicing
