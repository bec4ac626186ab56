#pragma once

// Payment terms of an invoice: the due date (a mandatory mention) and the French text printed
// on the invoice.
//
// "N jours fin de mois" uses the first of the two methods the DGCCRF accepts (and the usual
// one): add N days to the issue date, then go to the end of that month (issued 2026-01-15,
// 30 days end of month: 2026-02-14 -> due 2026-02-28); the other method would add the days to
// the end of the issue month. The legal caps (60 days, or 45 days end of month, for
// B2B sales: art. L441-10 du Code de commerce) are the tenant's responsibility, not checked here.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace factflow::invoicing::domain {

inline constexpr int kMaxPaymentDays = 365;

struct PaymentTerms {
  int days = 0;               // 0: payable on receipt (or at the end of the month)
  bool end_of_month = false;  // "fin de mois"
};

// Errors: InvalidArgument (French) unless 0 <= days <= kMaxPaymentDays.
absl::Status ValidatePaymentTerms(const PaymentTerms& terms);

// The due date of an invoice issued on `issue_date`. Errors: as ValidatePaymentTerms.
absl::StatusOr<absl::CivilDay> DueDate(absl::CivilDay issue_date, const PaymentTerms& terms);
// Same on "YYYY-MM-DD" text, returning "YYYY-MM-DD". Errors: also InvalidArgument for a date
// that ParseIsoDate refuses.
absl::StatusOr<std::string> DueDate(std::string_view issue_date_iso, const PaymentTerms& terms);

// French text of the terms: "Paiement à 30 jours fin de mois", "Paiement à 45 jours",
// "Paiement à réception", "Paiement fin de mois", "Paiement à 1 jour".
// Precondition: ValidatePaymentTerms(terms) is OK.
std::string PaymentTermsText(const PaymentTerms& terms);

}  // namespace factflow::invoicing::domain
