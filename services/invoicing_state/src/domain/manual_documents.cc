#include "domain/manual_documents.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace factflow::invoicing::domain {

using money::Decimal;

namespace {

// "2", "1,5", "0,25": a quantity without its trailing zeros.
std::string Quantity(Decimal quantity) {
  std::string text = quantity.ToFrench(4);
  if (text.find(',') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == ',') text.pop_back();
  return text;
}

}  // namespace

PaymentModeInfo Describe(PaymentMode mode) {
  switch (mode) {
    case PaymentMode::kCheque:
      return {"20", "Chèque", false, false};
    case PaymentMode::kVirement:
      return {"58", "Virement", true, false};
    case PaymentMode::kPrelevement:
      return {"59", "Prélèvement", false, false};
    case PaymentMode::kLcr:
      return {"70", "LCR (lettre de change relevé)", false, true};
    case PaymentMode::kBilletAOrdre:
      return {"60", "Billet à ordre", false, true};
    case PaymentMode::kCarte:
      return {"48", "Carte bancaire", false, false};
    case PaymentMode::kEspeces:
      return {"10", "Espèces", false, false};
    case PaymentMode::kPaiementEnLigne:
      return {"68", "Paiement en ligne", false, false};
  }
  return {"1", "Non défini", false, false};
}

absl::StatusOr<Decimal> DiscountedPrice(Decimal unit_price, Decimal percent) {
  const Decimal hundred = Decimal::FromUnits(100);
  if (percent.is_negative() || percent > hundred) {
    return absl::InvalidArgumentError(absl::StrCat("remise « ", percent.ToString(2),
                                                   " % » invalide : elle va de 0 à 100 %"));
  }
  if (percent.is_zero()) return unit_price;
  return (unit_price * (hundred - percent)).DividedBy(hundred, 4);
}

absl::StatusOr<std::vector<CreditedQuantity>> PlanCredit(std::span<const CreditableLine> lines,
                                                         std::span<const CreditedQuantity> requested,
                                                         const std::string& invoice_number) {
  std::vector<CreditedQuantity> plan;
  auto left_on = [](const CreditableLine& line) {
    return line.invoiced_quantity - line.credited_quantity;
  };
  if (requested.empty()) {
    for (const CreditableLine& line : lines) {
      if (left_on(line) > Decimal()) plan.push_back({line.line_number, left_on(line)});
    }
    if (plan.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "facture ", invoice_number, " : plus rien à créditer, elle est entièrement créditée"));
    }
    return plan;
  }
  std::set<int> seen;
  for (const CreditedQuantity& want : requested) {
    const CreditableLine* line = nullptr;
    for (const CreditableLine& candidate : lines) {
      if (candidate.line_number == want.line_number) line = &candidate;
    }
    if (line == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("facture ", invoice_number, " : pas de ligne ",
                                                     want.line_number, " (elle a ", lines.size(),
                                                     " lignes)"));
    }
    if (!seen.insert(want.line_number).second) {
      return absl::InvalidArgumentError(absl::StrCat("facture ", invoice_number, ", ligne ",
                                                     want.line_number, " : demandée deux fois"));
    }
    if (want.quantity <= Decimal()) {
      return absl::InvalidArgumentError(
          absl::StrCat("facture ", invoice_number, ", ligne ", want.line_number,
                       " : la quantité à créditer doit être positive (",
                       Quantity(want.quantity), ")"));
    }
    if (want.quantity > left_on(*line)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "facture ", invoice_number, ", ligne ", want.line_number, " : quantité à créditer ",
          Quantity(want.quantity), " supérieure au reste à créditer ",
          Quantity(left_on(*line)), " (facturé ", Quantity(line->invoiced_quantity),
          ", déjà crédité ", Quantity(line->credited_quantity), ")"));
    }
    plan.push_back(want);
  }
  return plan;
}

absl::Status CheckCreditAmount(Decimal credit_total, Decimal invoice_total,
                               Decimal already_credited, const std::string& invoice_number) {
  const Decimal left = invoice_total - already_credited;
  if (credit_total > left) {
    return absl::FailedPreconditionError(absl::StrCat(
        "facture ", invoice_number, " : l'avoir de ", credit_total.ToFrench(2),
        " € dépasse le reste à créditer de ", left.ToFrench(2), " € (facture ",
        invoice_total.ToFrench(2), " €, déjà crédité ", already_credited.ToFrench(2), " €)"));
  }
  return absl::OkStatus();
}

}  // namespace factflow::invoicing::domain
