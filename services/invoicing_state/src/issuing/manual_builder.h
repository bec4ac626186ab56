#pragma once

// The content of the documents an operator enters by hand, ready to be numbered:
//   * a manual invoice (CreateInvoice): buyer, lines with article or free text, quantity, unit
//     price excl. or incl. VAT, VAT rate and discount, payment mode and due date;
//   * a credit note (CreateCreditNote): lines of the invoice it corrects, at the invoice's
//     prices, for the quantities domain::PlanCredit allowed.
// Amounts come from domain::ComputeInvoice (decimal, EN 16931 consistent). The number is set by
// the caller, under the series lock.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/manual_documents.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing {

struct ManualContext {
  const v1::Tenant* tenant = nullptr;
  std::string issue_date;  // YYYY-MM-DD (today)
  std::string operator_id;
  std::string series_code;
};

// At most this many lines per manual document (refused beyond, never cut).
inline constexpr int kMaxManualLines = 1000;

// Errors: InvalidArgument (French) naming the field, and the line (1-based) for line fields:
// missing buyer name/address, no line, a blank label, an unreadable or out-of-range quantity,
// price, rate or discount, unspecified price basis or payment mode, a due date before the issue
// date, a transfer without IBAN; FailedPrecondition from ComputeInvoice (BR-CO-17).
absl::StatusOr<v1::Invoice> BuildManualInvoice(const v1::CreateInvoiceRequest& request,
                                               const ManualContext& context);

// A credit note of `original` for `plan` (quantities per original line). Errors: as
// ComputeInvoice.
absl::StatusOr<v1::Invoice> BuildCreditNote(const v1::Invoice& original,
                                            const std::vector<domain::CreditedQuantity>& plan,
                                            const std::string& reason,
                                            const ManualContext& context);

// The domain payment mode of a wire one; InvalidArgument (French) for UNSPECIFIED.
absl::StatusOr<domain::PaymentMode> FromProto(v1::PaymentMode mode);

// A plausible IBAN: 15 to 34 letters and digits (spaces ignored), ISO 13616 mod-97 check.
bool IsValidIban(std::string_view iban);

}  // namespace factflow::invoicing
