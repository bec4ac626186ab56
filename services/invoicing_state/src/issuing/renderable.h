#pragma once

// "An invoice that cannot be rendered must never have been sendable": PREPARE and SEND run the
// renderers' own consistency check (chorus-dispatch's CheckConsistency, on the same mapping
// from the wire invoice) before an invoice may become ready or be sent, so amounts that would
// overflow or totals that do not add up are refused while the invoice can still be corrected.
//
// Thread safety: stateless.

#include "absl/status/status.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing {

// OK when chorus-dispatch could render `invoice` (PDF and CII). FailedPrecondition otherwise, in
// French, naming the invoice number; the renderer's detail is logged and echoed capped.
absl::Status CheckRenderable(const v1::Invoice& invoice);

}  // namespace factflow::invoicing
