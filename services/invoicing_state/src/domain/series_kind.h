#pragma once

// Which document kind a numbering series numbers: an invoice is numbered only in an INVOICE
// series and a credit note only in a CREDIT_NOTE series, so that each chain stays one kind of
// document (CGI ann. II art. 242 nonies A; the type code 380/381 follows the series).
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <string_view>

#include "absl/status/status.h"

namespace factflow::invoicing::domain {

inline constexpr std::string_view kInvoiceSeriesKind = "INVOICE";
inline constexpr std::string_view kCreditNoteSeriesKind = "CREDIT_NOTE";

// OK when series `code` (of kind `series_kind`, as stored) may number documents of kind
// `expected`. Errors: FailedPrecondition (French) naming the series, its kind and what to do.
absl::Status CheckSeriesKind(std::string_view code, std::string_view series_kind,
                             std::string_view expected);

}  // namespace factflow::invoicing::domain
