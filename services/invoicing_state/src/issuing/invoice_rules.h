#pragma once

// The rule engine (services/common/rules) applied to an issued invoice of a tenant: the verdict
// CheckInvoice shows, and the refusal PREPARE and SEND act on. An invoice that breaks a blocking
// rule cannot become PRET nor be sent, while it can still be corrected.
//
// Thread safety: stateless.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "factflow/invoicing/v1/invoicing.pb.h"
#include "rules/rule_engine.h"

namespace factflow::invoicing {

// The verdict on `invoice` of `tenant` (franchise en base from its legal mentions). With
// `for_chorus`, the Chorus Pro deposit rules apply too. InvalidArgument when an amount of the
// invoice is not a decimal.
absl::StatusOr<rules::Verdict> JudgeInvoice(const v1::Invoice& invoice, const v1::Tenant& tenant,
                                            bool for_chorus = false);

// OK when no blocking rule is broken; FailedPrecondition otherwise, in French, naming the
// invoice and every broken blocking rule with its id, field and what to fix.
absl::Status CheckBlockingRules(const v1::Invoice& invoice, const v1::Tenant& tenant);

// The verdict as the CheckInvoice response.
v1::CheckInvoiceResponse ToResponse(const v1::Invoice& invoice, const rules::Verdict& verdict);

}  // namespace factflow::invoicing
