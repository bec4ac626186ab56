#pragma once

// The tenant's zero-amount invoice policy (seed 002 "Paramètres"; issue 9): an invoice whose
// total is zero is created as usual, refused, or kept internal ("Conservé en interne") at once,
// so that it is never sent to a customer by mistake.
//
// Thread safety: pure functions.

#include "absl/status/statusor.h"
#include "domain/send_state.h"
#include "money/decimal.h"

namespace factflow::invoicing::domain {

enum class ZeroAmountPolicy { kAllow, kRefuse, kKeepInternal };

// The state a new invoice of total `total_with_vat` starts in under `policy` (kEnAttente unless
// it is zero and kept internal). InvalidArgument (French, saying which setting refuses it and
// how to change it) when it is zero and refused.
absl::StatusOr<SendState> InitialState(ZeroAmountPolicy policy, money::Decimal total_with_vat);

}  // namespace factflow::invoicing::domain
