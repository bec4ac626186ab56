#include "config.h"

namespace factflow::catalog_mapping {

config::ServiceConfig ReadConfig(config::Env& env) {
  return config::ReadServiceConfig(env, kServiceName);
}

std::string ReadConnectorRoot(const config::Env& env) {
  return env.Optional("FACTFLOW_CONNECTOR_ROOT", "");
}

}  // namespace factflow::catalog_mapping
