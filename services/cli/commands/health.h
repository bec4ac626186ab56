#pragma once

// The standard gRPC health check (grpc.health.v1.Health/Check) as factflowctl reports it.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace factflow::cli {

struct HealthReport {
  // "SERVING", "NOT_SERVING", "INJOIGNABLE (...)", "ERREUR <CODE> (...)".
  std::string state;
  bool serving = false;
};

// Checks the overall health (service "") of the server behind `channel`. No token is sent: the
// health service answers probes, which have none.
HealthReport CheckHealth(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout);

}  // namespace factflow::cli
