#pragma once

// The Chorus Pro data of a manual invoice's buyer (factflow.invoicing.v1.ChorusBuyer): checked at
// entry for what would corrupt it (length, UTF-8, a malformed SIRET or country code). What makes
// Chorus Pro reject the file (a missing SIRET, both commitment and purchase order numbers) is not
// refused here: the Chorus export shows it as an anomaly (rules CHORUS-...), as seed 003 asks,
// so a document can be entered first and completed later.
//
// Thread safety: pure functions.

#include "absl/status/status.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::invoicing {

// InvalidArgument in French naming the field (chorus.customer_code, chorus.commitment_number,
// chorus.delivery.siret, chorus.delivery.address.country_code...) and the value.
absl::Status ValidateChorusBuyer(const v1::ChorusBuyer& chorus);

}  // namespace factflow::invoicing
