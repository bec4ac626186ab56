#include "domain/invoice_calculator.h"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/french_format.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;

__extension__ typedef __int128 Wide;  // exact products of two raw Decimals

constexpr int64_t kRawPerCent = Decimal::kOne / 100;

// raw x raw is in 1e-8 units; a cent is 1e-2.
constexpr int64_t kProductUnitsPerCent = Decimal::kOne * kRawPerCent;

Decimal Percent(int64_t hundredths) { return Decimal::FromCents(hundredths); }

const std::array<Decimal, 9> kFrenchRates = {Percent(0),    Percent(90),   Percent(105),
                                             Percent(210),  Percent(550),  Percent(850),
                                             Percent(1000), Percent(1300), Percent(2000)};

// Decimal's operator* rounds to 4 digits; rounding that again to cents would round twice
// (1.5 x 2.3633 = 3.54495 -> 3.5450 -> 3.55 instead of 3.54), so the exact product of the raw
// values is rounded once, half away from zero. Throws std::overflow_error like Decimal does, so
// that ComputeInvoice handles every overflow in one place.
Decimal ProductRoundedToCents(Decimal a, Decimal b, int64_t divisor = 1) {
  Wide num = Wide(a.raw()) * b.raw();
  Wide den = Wide(kProductUnitsPerCent) * divisor;
  Wide abs_num = num < 0 ? -num : num;
  Wide cents = (abs_num + den / 2) / den;
  if (num < 0) cents = -cents;
  if (cents > std::numeric_limits<int64_t>::max() / kRawPerCent ||
      cents < std::numeric_limits<int64_t>::min() / kRawPerCent) {
    throw std::overflow_error("decimal overflow");
  }
  return Decimal::FromCents(static_cast<int64_t>(cents));
}

// 1 + rate/100. Exact: every accepted rate has at most 2 decimals, so rate/100 fits in the 4
// decimals of a Decimal and each later division rounds only once.
Decimal VatDivisor(Decimal rate) {
  return Decimal::FromUnits(1) + rate.DividedBy(Decimal::FromUnits(100));
}

absl::Status LineError(int number, std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("Ligne ", number, ", ", AsAbsl(field), " : ", AsAbsl(problem)));
}

absl::Status ValidateVatCategory(const DraftLine& line, int number) {
  const std::string& code = line.vat_category_code;
  if (!IsSupportedVatCategory(code)) {
    return LineError(number, "catégorie de TVA",
                     absl::StrCat("la catégorie « ", code,
                                  " » n'est pas prise en charge. Utilisez « S » (taux normal ou "
                                  "réduit), « Z » (taux zéro), « E » (exonération, taux 0 % avec "
                                  "motif), « AE » (autoliquidation), « K » (livraison "
                                  "intracommunautaire), « G » (exportation) ou « O » (hors "
                                  "champ)."));
  }
  const bool standard = code == kVatCategoryStandard;
  if (line.vat_rate.is_zero()) {
    if ((standard || NeedsExemptionReason(code)) && line.exemption_reason.empty()) {
      return LineError(number, "motif d'exonération",
                       absl::StrCat("une ligne à 0 % de TVA doit indiquer son motif "
                                    "d'exonération (catégorie « E »), par exemple « ",
                                    AsAbsl(kFranchiseEnBaseReason), " »."));
    }
    if (standard) {
      return LineError(number, "catégorie de TVA",
                       "une ligne à 0 % de TVA doit être en catégorie « E » (exonération), "
                       "pas « S ».");
    }
  } else if (!standard) {
    return LineError(number, "taux de TVA",
                     absl::StrCat("une ligne de catégorie « ", code,
                                  " » (sans TVA) doit avoir un taux de 0 % (reçu : ",
                                  FrenchDecimal(line.vat_rate),
                                  " %). Indiquez le taux 0 ou la catégorie « S »."));
  }
  return absl::OkStatus();
}

absl::Status ValidateLine(const DraftLine& line, int number) {
  if (line.label.find_first_not_of(" \t") == std::string::npos) {
    return LineError(number, "libellé",
                     "la désignation de l'article est vide ; elle est obligatoire sur la "
                     "facture. Saisissez le libellé du produit.");
  }
  if (line.quantity <= Decimal()) {
    return LineError(number, "quantité",
                     absl::StrCat("la quantité doit être strictement positive (reçu : ",
                                  FrenchDecimal(line.quantity),
                                  "). Corrigez la quantité ; un retour se facture par un avoir."));
  }
  if (line.unit_price.is_negative()) {
    return LineError(
        number, "prix unitaire",
        absl::StrCat("le prix ne peut pas être négatif (reçu : ", FrenchDecimal(line.unit_price),
                     "). Corrigez le prix ; un remboursement se fait par un avoir."));
  }
  if (!line.destination_rate && !IsFrenchVatRate(line.vat_rate)) {
    return LineError(number, "taux de TVA",
                     absl::StrCat(FrenchDecimal(line.vat_rate),
                                  " % n'est pas un taux de TVA français. Taux acceptés : 20, 10, "
                                  "5,5, 2,1 ou 0 % ; Corse : 13 et 0,9 % ; DOM : 8,5 et 1,05 %."));
  }
  return ValidateVatCategory(line, number);
}

ComputedLine ComputeLine(const DraftLine& draft, PriceBasis basis) {
  ComputedLine line{.draft = draft};
  if (basis == PriceBasis::kInclVat) {
    const Decimal divisor = VatDivisor(draft.vat_rate);
    line.gross_amount_incl_vat = ProductRoundedToCents(draft.quantity, draft.unit_price);
    line.net_amount = line.gross_amount_incl_vat.DividedBy(divisor, 2);
    line.unit_net_price = draft.unit_price.DividedBy(divisor, 4);
  } else {
    line.unit_net_price = draft.unit_price;
    line.net_amount = ProductRoundedToCents(draft.quantity, draft.unit_price);
    line.gross_amount_incl_vat = line.net_amount + ExpectedVat(line.net_amount, draft.vat_rate);
  }
  return line;
}

struct GroupSums {
  int first_line = 0;  // 1-based, for messages
  std::string exemption_reason;
  std::string exemption_reason_code;
  Decimal basis;
  Decimal gross;
};

using GroupKey = std::pair<std::string, int64_t>;  // category, raw rate: orders the breakdown

absl::Status AddToGroup(const ComputedLine& line, int number,
                        std::map<GroupKey, GroupSums>& groups) {
  const DraftLine& draft = line.draft;
  auto [it, inserted] = groups.try_emplace({draft.vat_category_code, draft.vat_rate.raw()});
  GroupSums& sums = it->second;
  const bool exempt = NeedsExemptionReason(draft.vat_category_code);
  if (inserted) {
    sums.first_line = number;
    if (exempt) {
      sums.exemption_reason = draft.exemption_reason;
      sums.exemption_reason_code = draft.exemption_reason_code;
    }
  } else if (exempt && sums.exemption_reason != draft.exemption_reason) {
    // BR-E-01 and siblings: one breakdown per exempt category, so one reason (BT-120).
    return LineError(number, "motif d'exonération",
                     absl::StrCat("« ", draft.exemption_reason, " » diffère du motif de la ligne ",
                                  sums.first_line, " (« ", sums.exemption_reason,
                                  " »). Une facture ne peut porter qu'un seul motif "
                                  "d'exonération : harmonisez-les ou séparez les factures."));
  }
  sums.basis += line.net_amount;
  sums.gross += line.gross_amount_incl_vat;
  return absl::OkStatus();
}

absl::Status CheckVatTolerance(const VatGroup& group) {
  const Decimal expected = ExpectedVat(group.basis, group.rate);
  Decimal gap = group.vat_amount - expected;
  if (gap.is_negative()) gap = -gap;
  // Strictly below one unit: the UBL BR-CO-17 and BR-S-09 asserts are strict (the CII
  // BR-CO-17 alone accepts exactly 1.00), and the XML may be produced in either syntax.
  if (gap < Decimal::FromUnits(1)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "TVA à ", FrenchDecimal(group.rate), " % : la TVA issue des prix TTC (",
      FrenchEuros(group.vat_amount), ") s'écarte de ", FrenchEuros(gap),
      " de la TVA calculée sur la base HT (", FrenchEuros(group.basis), " x ",
      FrenchDecimal(group.rate), " % = ", FrenchEuros(expected),
      "), au-delà de la tolérance d'un euro des contrôles EN 16931 (BR-CO-17). Les arrondis au "
      "centime de nombreuses lignes s'additionnent : regroupez les lignes identiques en une "
      "seule ligne avec une quantité, ou répartissez les lignes sur plusieurs factures."));
}

VatGroup MakeGroup(const GroupKey& key, const GroupSums& sums, PriceBasis basis) {
  VatGroup group{.category_code = key.first,
                 .rate = Decimal::FromRaw(key.second),
                 .basis = sums.basis,
                 .exemption_reason = sums.exemption_reason,
                 .exemption_reason_code = sums.exemption_reason_code};
  group.vat_amount = basis == PriceBasis::kInclVat ? sums.gross - sums.basis
                                                   : ExpectedVat(group.basis, group.rate);
  return group;
}

absl::StatusOr<ComputedInvoice> Compute(std::span<const DraftLine> drafts, PriceBasis basis) {
  ComputedInvoice invoice{.price_basis = basis};
  invoice.lines.reserve(drafts.size());
  std::map<GroupKey, GroupSums> groups;
  for (size_t i = 0; i < drafts.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    if (absl::Status s = ValidateLine(drafts[i], number); !s.ok()) return s;
    invoice.lines.push_back(ComputeLine(drafts[i], basis));
    if (absl::Status s = AddToGroup(invoice.lines.back(), number, groups); !s.ok()) return s;
  }
  for (const auto& [key, sums] : groups) {
    VatGroup group = MakeGroup(key, sums, basis);
    if (absl::Status s = CheckVatTolerance(group); !s.ok()) return s;
    invoice.total_net += group.basis;
    invoice.total_vat += group.vat_amount;
    invoice.vat_breakdown.push_back(std::move(group));
  }
  invoice.total_with_vat = invoice.total_net + invoice.total_vat;
  invoice.amount_due = invoice.total_with_vat;
  return invoice;
}

}  // namespace

Decimal ExpectedVat(Decimal basis, Decimal rate) {
  return ProductRoundedToCents(basis, rate, /*divisor=*/100);
}

bool IsSupportedVatCategory(std::string_view code) {
  return code == "S" || code == "Z" || NeedsExemptionReason(code);
}

bool NeedsExemptionReason(std::string_view code) {
  return code == "E" || code == "AE" || code == "K" || code == "G" || code == "O";
}

bool IsFrenchVatRate(Decimal rate) {
  for (Decimal accepted : kFrenchRates) {
    if (rate == accepted) return true;
  }
  return false;
}

absl::StatusOr<ComputedInvoice> ComputeInvoice(std::span<const DraftLine> lines, PriceBasis basis) {
  if (lines.empty()) {
    return absl::InvalidArgumentError(
        "La facture ne contient aucune ligne : ajoutez au moins une ligne (règle EN 16931 "
        "BR-16).");
  }
  // Decimal reports overflow by exception; the domain reports errors as statuses.
  try {
    return Compute(lines, basis);
  } catch (const std::overflow_error&) {
    return absl::InvalidArgumentError(
        "Montants trop élevés pour être calculés : vérifiez les quantités et les prix unitaires "
        "des lignes (une valeur aberrante a probablement été saisie ou importée).");
  }
}

}  // namespace factflow::invoicing::domain
