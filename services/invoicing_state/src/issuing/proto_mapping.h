#pragma once

// Conversions between the wire enums of factflow.invoicing.v1 and the domain's.

#include "absl/status/statusor.h"
#include "domain/send_state.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing {

v1::SendState ToProto(domain::SendState state);
// InvalidArgument for SEND_STATE_UNSPECIFIED or an unknown value.
absl::StatusOr<domain::SendState> FromProto(v1::SendState state);
// InvalidArgument for INVOICE_ACTION_UNSPECIFIED or an unknown value.
absl::StatusOr<domain::InvoiceAction> FromProto(v1::InvoiceAction action);

}  // namespace factflow::invoicing
