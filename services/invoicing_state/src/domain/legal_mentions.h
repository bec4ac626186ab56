#pragma once

// Mandatory mentions of a French B2B invoice that are fixed texts (art. L441-9 and L441-10 du
// Code de commerce, art. 242 nonies A de l'annexe II au CGI), for the PDF templates and the
// EN 16931 notes (BT-22).
//
// Thread safety: pure functions; safe to call concurrently.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::invoicing::domain {

// How the late-payment penalty rate is expressed in the tenant's terms of sale.
struct LatePaymentPenalty {
  enum class Basis {
    kTimesLegalRate,     // value = multiple of the legal interest rate (at least 3)
    kAnnualRate,         // value = annual percentage
    kEcbRatePlusPoints,  // value = points added to the ECB refinancing rate (legal default 10)
  };
  Basis basis = Basis::kTimesLegalRate;
  money::Decimal value = money::Decimal::FromUnits(3);
};

// "Pénalités de retard : 3 fois le taux d'intérêt légal",
// "Pénalités de retard : taux annuel de 12 %",
// "Pénalités de retard : taux directeur de la BCE majoré de 10 points".
// Errors: InvalidArgument (French) if value <= 0, or a multiple of the legal rate below 3 (the
// legal minimum). An annual rate cannot be checked against the legal rate of the semester here.
absl::StatusOr<std::string> LatePaymentPenaltyText(const LatePaymentPenalty& penalty);

// "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €
// (art. L441-10 et D441-5 du Code de commerce)".
std::string_view RecoveryIndemnityText();

// "Pas d'escompte pour paiement anticipé".
std::string_view NoEarlyPaymentDiscountText();

// "TVA non applicable, art. 293 B du CGI" (sellers under the franchise en base; also the
// exemption reason of their "E" lines).
std::string_view VatFranchiseText();

}  // namespace factflow::invoicing::domain
