#pragma once

// The one mapping between absl::Status (used inside services) and grpc::Status (on the wire).
// Codes keep their meaning for the caller: InvalidArgument / NotFound / FailedPrecondition = do
// not retry as is, Aborted = retry the transaction, Unavailable = retry the call.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace factflow::status {

grpc::Status ToGrpc(const absl::Status& status);
absl::Status FromGrpc(const grpc::Status& status);

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define FACTFLOW_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::absl::Status factflow_status_ = (expr);            \
    if (!factflow_status_.ok()) return factflow_status_; \
  } while (false)

#define FACTFLOW_CONCAT_INNER(a, b) a##b
#define FACTFLOW_CONCAT(a, b) FACTFLOW_CONCAT_INNER(a, b)
#define FACTFLOW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(*tmp)
// `lhs = value of expr` (an absl::StatusOr), or returns its status from the enclosing function.
#define FACTFLOW_ASSIGN_OR_RETURN(lhs, expr) \
  FACTFLOW_ASSIGN_OR_RETURN_IMPL(FACTFLOW_CONCAT(factflow_statusor_, __LINE__), lhs, expr)

}  // namespace factflow::status
