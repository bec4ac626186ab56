#include "domain/payment_terms.h"

#include "absl/strings/str_cat.h"
#include "domain/civil_date.h"
#include "strings/absl_bridge.h"

namespace factflow::invoicing::domain {

absl::Status ValidatePaymentTerms(const PaymentTerms& terms) {
  if (terms.days >= 0 && terms.days <= kMaxPaymentDays) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("Délai de paiement invalide (", terms.days,
                                                 " jours) : indiquez un nombre de jours de 0 à ",
                                                 kMaxPaymentDays, "."));
}

absl::StatusOr<absl::CivilDay> DueDate(absl::CivilDay issue_date, const PaymentTerms& terms) {
  if (absl::Status s = ValidatePaymentTerms(terms); !s.ok()) return s;
  const absl::CivilDay due = issue_date + terms.days;
  return terms.end_of_month ? LastDayOfMonth(due) : due;
}

absl::StatusOr<std::string> DueDate(std::string_view issue_date_iso, const PaymentTerms& terms) {
  absl::StatusOr<absl::CivilDay> issue_date = ParseIsoDate(issue_date_iso);
  if (!issue_date.ok()) return issue_date.status();
  absl::StatusOr<absl::CivilDay> due = DueDate(*issue_date, terms);
  if (!due.ok()) return due.status();
  return ToIsoDate(*due);
}

std::string PaymentTermsText(const PaymentTerms& terms) {
  const std::string_view end_of_month = terms.end_of_month ? " fin de mois" : "";
  if (terms.days == 0) {
    return terms.end_of_month ? "Paiement fin de mois" : "Paiement à réception";
  }
  return absl::StrCat("Paiement à ", terms.days, terms.days == 1 ? " jour" : " jours",
                      AsAbsl(end_of_month));
}

}  // namespace factflow::invoicing::domain
