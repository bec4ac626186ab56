#pragma once

// Long-running operations of invoicing-state (actions over a selection, generations) as
// factflowctl shows and follows them; shared by `action`, `generate`, `job fnac` and
// `operations list|show`.

#include <string>

#include "absl/status/statusor.h"
#include "client.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

absl::StatusOr<invoicing::v1::Operation> GetOperation(Client& client,
                                                      const std::string& operation_id);

// Follows `operation` (as ApplyAction returned it) until it is no longer RUNNING, showing its
// progress under `what`; gives up only after the client's stall timeout without progress, saying
// `factflowctl operations show ID`. A FAILED operation is an Aborted error with its French
// reason. Returns the finished operation (SUCCEEDED, maybe with refusals).
absl::StatusOr<invoicing::v1::Operation> WaitForOperation(Client& client,
                                                          invoicing::v1::Operation operation,
                                                          const std::string& what);

// "Préparation de l'envoi : 68 840 factures sélectionnées, 68 838 modifiées, 2 refusées" then
// one line per refusal reason ("  2 × « Préparer ... » ne concerne que ...").
std::string DescribeActionOutcome(const invoicing::v1::Operation& operation);

// "factflowctl operations show ID".
std::string LookAgain(const std::string& operation_id);

}  // namespace factflow::cli
