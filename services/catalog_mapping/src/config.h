#pragma once

// catalog-mapping's configuration, from the environment: the settings every factflow service
// shares (config::ReadServiceConfig: FACTFLOW_GRPC_ADDRESS, FACTFLOW_DATABASE_URL,
// FACTFLOW_KAFKA_BOOTSTRAP, FACTFLOW_AUTH_SECRET, FACTFLOW_LOG_*, FACTFLOW_DB_POOL_SIZE...).
// The service has no variables of its own yet; they would be read here.
//
// Thread safety: used once at start-up.

#include <string_view>

#include "config/env.h"

namespace factflow::catalog_mapping {

// The service's name in logs, event envelopes and Kafka client ids.
inline constexpr std::string_view kServiceName = "catalog-mapping";

// Problems are recorded in `env`: call env.Finish() afterwards.
config::ServiceConfig ReadConfig(config::Env& env);

}  // namespace factflow::catalog_mapping
