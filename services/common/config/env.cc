#include "config/env.h"

#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace factflow::config {
namespace {

std::string Get(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  return value == nullptr ? std::string() : std::string(value);
}

std::string Hostname() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof(buffer) - 1) != 0) return "unknown";
  return buffer;
}

}  // namespace

std::string Env::Required(std::string_view name) {
  std::string value = Get(name);
  if (value.empty()) problems_.push_back(absl::StrCat(std::string(name), " is not set"));
  return value;
}

std::string Env::Optional(std::string_view name, std::string_view fallback) const {
  std::string value = Get(name);
  return value.empty() ? std::string(fallback) : value;
}

int64_t Env::Integer(std::string_view name, int64_t fallback, int64_t min, int64_t max) {
  std::string text = Get(name);
  if (text.empty()) return fallback;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    problems_.push_back(absl::StrCat(std::string(name), "='", text, "' is not an integer in [", min,
                                     ", ", max, "]"));
    return fallback;
  }
  return value;
}

bool Env::Flag(std::string_view name, bool fallback) {
  std::string text = Get(name);
  if (text.empty()) return fallback;
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  problems_.push_back(
      absl::StrCat(std::string(name), "='", text, "' is not a boolean (true/false)"));
  return fallback;
}

absl::Status Env::Finish() const {
  if (problems_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(problems_, "; "));
}

ServiceConfig ReadServiceConfig(Env& env, std::string_view service_name) {
  ServiceConfig config;
  config.service_name = std::string(service_name);
  config.grpc_address = env.Required("FACTFLOW_GRPC_ADDRESS");
  config.metrics_address = env.Optional("FACTFLOW_METRICS_ADDRESS", "");
  config.database_url = env.Required("FACTFLOW_DATABASE_URL");
  config.migration_database_url = env.Optional("FACTFLOW_MIGRATION_DATABASE_URL", "");
  config.kafka_bootstrap_file = env.Optional("FACTFLOW_KAFKA_BOOTSTRAP_FILE", "");
  config.kafka_bootstrap = config.kafka_bootstrap_file.empty()
                               ? env.Required("FACTFLOW_KAFKA_BOOTSTRAP")
                               : env.Optional("FACTFLOW_KAFKA_BOOTSTRAP", "");
  config.outbox_retention_hours =
      static_cast<int>(env.Integer("FACTFLOW_OUTBOX_RETENTION_HOURS", 168, 1, 24 * 366));
  config.auth_secret = env.Required("FACTFLOW_AUTH_SECRET");
  config.log_format = env.Optional("FACTFLOW_LOG_FORMAT", "text");
  config.log_level = env.Optional("FACTFLOW_LOG_LEVEL", "info");
  config.instance_id = env.Optional("FACTFLOW_INSTANCE_ID", Hostname());
  config.db_pool_size = static_cast<int>(env.Integer("FACTFLOW_DB_POOL_SIZE", 4, 1, 64));
  config.migrate_only = env.Flag("FACTFLOW_MIGRATE_ONLY", false);
  config.kafka_session_timeout_ms =
      static_cast<int>(env.Integer("FACTFLOW_KAFKA_SESSION_TIMEOUT_MS", 10000, 3000, 300000));
  return config;
}

void ExitOnConfigError(std::string_view service_name, const absl::Status& status) {
  std::cerr << service_name << ": configuration error: " << status.message() << std::endl;
  std::exit(2);
}

}  // namespace factflow::config
