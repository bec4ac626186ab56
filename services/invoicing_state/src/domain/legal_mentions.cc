#include "domain/legal_mentions.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/french_format.h"
#include "domain/invoice_calculator.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {
namespace {

using money::Decimal;

constexpr std::string_view kPenaltyPrefix = "Pénalités de retard : ";

absl::Status CheckPenalty(const LatePaymentPenalty& penalty) {
  if (penalty.value <= Decimal()) {
    return absl::InvalidArgumentError(absl::StrCat("Taux des pénalités de retard invalide (",
                                                   FrenchDecimal(penalty.value),
                                                   ") : indiquez une valeur positive."));
  }
  if (penalty.basis == LatePaymentPenalty::Basis::kTimesLegalRate &&
      penalty.value < Decimal::FromUnits(3)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Pénalités de retard de ", FrenchDecimal(penalty.value),
        " fois le taux d'intérêt légal : la loi impose au moins 3 fois ce taux (art. L441-10 du "
        "Code de commerce). Indiquez un multiple de 3 ou plus."));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> LatePaymentPenaltyText(const LatePaymentPenalty& penalty) {
  if (absl::Status s = CheckPenalty(penalty); !s.ok()) return s;
  const std::string value = FrenchDecimal(penalty.value);
  switch (penalty.basis) {
    case LatePaymentPenalty::Basis::kTimesLegalRate:
      return absl::StrCat(AsAbsl(kPenaltyPrefix), value, " fois le taux d'intérêt légal");
    case LatePaymentPenalty::Basis::kAnnualRate:
      return absl::StrCat(AsAbsl(kPenaltyPrefix), "taux annuel de ", value, "\xC2\xA0%");
    case LatePaymentPenalty::Basis::kEcbRatePlusPoints:
      // French plural starts at 2: "1,5 point", "10 points".
      return absl::StrCat(AsAbsl(kPenaltyPrefix), "taux directeur de la BCE majoré de ", value,
                          penalty.value < Decimal::FromUnits(2) ? " point" : " points");
  }
  return absl::InvalidArgumentError("Base de calcul des pénalités de retard inconnue.");
}

std::string_view RecoveryIndemnityText() {
  return "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : "
         "40\xC2\xA0\xE2\x82\xAC (art. L441-10 et D441-5 du Code de commerce)";
}

std::string_view NoEarlyPaymentDiscountText() { return "Pas d'escompte pour paiement anticipé"; }

std::string_view VatFranchiseText() { return kFranchiseEnBaseReason; }

}  // namespace factflow::invoicing::domain
