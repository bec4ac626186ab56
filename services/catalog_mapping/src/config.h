#pragma once

// catalog-mapping's configuration, from the environment: the settings every factflow service
// shares (config::ReadServiceConfig: FACTFLOW_GRPC_ADDRESS, FACTFLOW_DATABASE_URL,
// FACTFLOW_KAFKA_BOOTSTRAP, FACTFLOW_AUTH_SECRET, FACTFLOW_LOG_*, FACTFLOW_DB_POOL_SIZE...).
// Its own: FACTFLOW_CONNECTOR_ROOT, the folder under which every CSV connector's export and
// import folders must lie (optional: without it, CSV_FOLDER connectors are refused).
//
// Thread safety: used once at start-up.

#include <string>
#include <string_view>

#include "config/env.h"

namespace factflow::catalog_mapping {

// The service's name in logs, event envelopes and Kafka client ids.
inline constexpr std::string_view kServiceName = "catalog-mapping";

// Problems are recorded in `env`: call env.Finish() afterwards.
config::ServiceConfig ReadConfig(config::Env& env);

// FACTFLOW_CONNECTOR_ROOT, "" when unset.
std::string ReadConnectorRoot(const config::Env& env);

}  // namespace factflow::catalog_mapping
