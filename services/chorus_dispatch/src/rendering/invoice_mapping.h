#pragma once

// The issued invoice as invoicing-state serves it (factflow.invoicing.v1.Invoice) mapped to the
// renderers' document model. Amounts are copied, never recomputed.

#include "absl/status/statusor.h"
#include "domain/invoice_document.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::dispatch {

// InvalidArgument naming the field when an amount is not a decimal.
absl::StatusOr<domain::InvoiceDocument> ToDocument(const invoicing::v1::Invoice& invoice);

}  // namespace factflow::dispatch
