#pragma once

// Typed configuration from the environment. A service reads every variable through one Env,
// then calls Finish(): all missing or malformed variables are reported together, by name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factflow::config {

// Not thread-safe; used once at start-up.
class Env {
 public:
  // The value of `name`; records it as missing when unset or empty.
  std::string Required(std::string_view name);
  // The value of `name`, or `fallback` when unset or empty.
  std::string Optional(std::string_view name, std::string_view fallback) const;
  // An integer in [min, max]; records a problem when it is not one.
  int64_t Integer(std::string_view name, int64_t fallback, int64_t min, int64_t max);
  bool Flag(std::string_view name, bool fallback);

  // InvalidArgument naming every missing or malformed variable, or OK.
  absl::Status Finish() const;

 private:
  std::vector<std::string> problems_;
};

// The settings every factflow service shares.
struct ServiceConfig {
  std::string service_name;
  std::string grpc_address;     // FACTFLOW_GRPC_ADDRESS, e.g. 0.0.0.0:50051
  std::string metrics_address;  // FACTFLOW_METRICS_ADDRESS (Prometheus /metrics); none if empty
  std::string database_url;     // FACTFLOW_DATABASE_URL (libpq URI): the application role
  // FACTFLOW_MIGRATION_DATABASE_URL: the owner role, used only to apply migrations at start.
  // Unset: the service only verifies that the migrations were applied (by the migrations job);
  // with FACTFLOW_MIGRATE_ONLY it then migrates through FACTFLOW_DATABASE_URL.
  std::string migration_database_url;
  std::string kafka_bootstrap;  // FACTFLOW_KAFKA_BOOTSTRAP (optional when the file is given)
  // FACTFLOW_KAFKA_BOOTSTRAP_FILE: a file holding the bootstrap list, re-read when the broker
  // is lost (the devbroker supervisor rewrites it on restart); wins over FACTFLOW_KAFKA_BOOTSTRAP.
  std::string kafka_bootstrap_file;
  // FACTFLOW_OUTBOX_RETENTION_HOURS (default 168 = 7 days): published outbox rows are kept
  // this long, and republished when the broker turns out to be a new, empty cluster.
  int outbox_retention_hours = 168;
  std::string auth_secret;               // FACTFLOW_AUTH_SECRET (HS256 token key, >= 32 bytes)
  std::string log_format;                // FACTFLOW_LOG_FORMAT: text (default) | json
  std::string log_level;                 // FACTFLOW_LOG_LEVEL: info (default) | debug | warn ...
  std::string instance_id;               // FACTFLOW_INSTANCE_ID (default: hostname)
  int db_pool_size = 4;                  // FACTFLOW_DB_POOL_SIZE
  int kafka_session_timeout_ms = 10000;  // FACTFLOW_KAFKA_SESSION_TIMEOUT_MS: how soon a
                                         // crashed consumer's partitions are reassigned
  bool migrate_only = false;  // FACTFLOW_MIGRATE_ONLY: apply migrations, then exit (Helm Job)
};

// Reads the shared settings; problems are recorded in `env` (call env.Finish()).
ServiceConfig ReadServiceConfig(Env& env, std::string_view service_name);

// Prints "<service>: configuration error: <status message>" to stderr and exits with code 2.
[[noreturn]] void ExitOnConfigError(std::string_view service_name, const absl::Status& status);

}  // namespace factflow::config
