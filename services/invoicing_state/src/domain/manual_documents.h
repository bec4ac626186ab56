#pragma once

// Rules of the documents an operator enters by hand: manual invoices (payment modes, line
// discounts) and credit notes ("avoirs"), which always correct one invoice and never credit
// more than is left on it.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::invoicing::domain {

// The payment modes of the model (seed 002).
enum class PaymentMode {
  kCheque,
  kVirement,
  kPrelevement,
  kLcr,
  kBilletAOrdre,
  kCarte,
  kEspeces,
  kPaiementEnLigne,
};

struct PaymentModeInfo {
  std::string_view means_code;  // UNTDID 4461 (BT-81)
  std::string_view label;       // French, printed on the invoice
  bool needs_iban = false;      // a credit transfer needs the payee's IBAN (BR-61)
  bool bill_of_exchange = false;  // LCR and billet à ordre: bills of exchange can be printed
};

PaymentModeInfo Describe(PaymentMode mode);

// The unit price after a discount of `percent` (0..100), rounded once to 4 decimals (half away
// from zero). Errors: InvalidArgument (French) when percent is outside 0..100.
absl::StatusOr<money::Decimal> DiscountedPrice(money::Decimal unit_price, money::Decimal percent);

// A line of the corrected invoice and how much of it earlier credit notes already credited.
struct CreditableLine {
  int line_number = 0;
  money::Decimal invoiced_quantity;
  money::Decimal credited_quantity;
};

struct CreditedQuantity {
  int line_number = 0;
  money::Decimal quantity;
};

// The quantities a credit note takes: with `requested` empty, everything left on every line
// (a total credit note); otherwise the requested lines, each at most what is left on it.
// Lines with nothing to credit are left out.
// Errors (French, naming the invoice and the line):
//   InvalidArgument: unknown line number, the same line twice, a quantity <= 0;
//   FailedPrecondition: a quantity above what is left to credit on its line, or nothing left to
//     credit on the invoice at all.
absl::StatusOr<std::vector<CreditedQuantity>> PlanCredit(std::span<const CreditableLine> lines,
                                                         std::span<const CreditedQuantity> requested,
                                                         const std::string& invoice_number);

// The credit note's total against what is left on the invoice (its total minus the credit
// notes already made). Errors: FailedPrecondition (French) with both amounts.
absl::Status CheckCreditAmount(money::Decimal credit_total, money::Decimal invoice_total,
                               money::Decimal already_credited, const std::string& invoice_number);

}  // namespace factflow::invoicing::domain
