#include "config.h"

namespace factflow::catalog_mapping {

config::ServiceConfig ReadConfig(config::Env& env) {
  return config::ReadServiceConfig(env, kServiceName);
}

}  // namespace factflow::catalog_mapping
