#pragma once

// The wiring every factflow service shares, so that a service's main stays thin:
//
//   config::Env env;
//   auto config = config::ReadServiceConfig(env, "importer");
//   ... read service-specific variables from env ...
//   if (auto s = env.Finish(); !s.ok()) config::ExitOnConfigError("importer", s);
//   runtime::Runtime runtime(config);
//   runtime.Connect(my_migrations) -> database (waits for it), migrations, producer, outbox relay
//   register gRPC services on runtime.server(), consumers with runtime.AddConsumer(...)
//   return runtime.Run();   // until SIGTERM/SIGINT
//
// Shutdown runs in reverse order: stop RPCs -> stop consumers and workers -> flush the outbox ->
// close DB. Health (grpc.health.v1) is NOT_SERVING while the database is unreachable, a consumer is
// stuck or stopped, or the outbox cannot publish.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "auth/token.h"
#include "config/env.h"
#include "db/migrations.h"
#include "db/pool.h"
#include "grpc/server.h"
#include "kafka/config.h"
#include "kafka/producer.h"
#include "outbox/admin_service.h"
#include "outbox/event_consumer.h"
#include "outbox/outbox.h"

namespace factflow::runtime {

class Runtime {
 public:
  explicit Runtime(config::ServiceConfig config);
  ~Runtime();

  // Initialises logging, connects to PostgreSQL (retrying for up to 60 s), applies the common
  // and the service's migrations, and starts the Kafka producer and the outbox relay, whose
  // repair RPCs (factflow.admin.v1.OutboxAdmin, role admin) it registers on the server.
  absl::Status Connect(const std::vector<db::Migration>& service_migrations);

  // Consumes `topics` as consumer group `group` (also the inbox name). Call before Run().
  void AddConsumer(std::string group, std::vector<std::string> topics,
                   outbox::EventConsumer::Handler handler);

  // A background worker of the service (e.g. invoicing-state's operation runner): `start` runs
  // after the consumers started, `stop` after they stopped and before the database closes.
  // Call before Run().
  void AddWorker(std::function<void()> start, std::function<void()> stop);

  // Starts the gRPC server, the consumers and the workers; blocks until SIGTERM/SIGINT; shuts down.
  // With FACTFLOW_MIGRATE_ONLY, returns 0 at once (Connect() applied the migrations).
  int Run();

  const config::ServiceConfig& config() const { return config_; }
  db::Pool& pool() { return *pool_; }
  outbox::Relay& relay() { return *relay_; }
  grpcutil::Server& server() { return server_; }
  const auth::TokenSigner& signer() const { return signer_; }
  kafka::KafkaSettings kafka_settings(std::string_view client_suffix) const;

  // A short-lived token for calling another service on behalf of `tenant_id` (role service).
  std::string ServiceToken(const std::string& tenant_id) const;

 private:
  void WatchHealth();

  config::ServiceConfig config_;
  auth::TokenSigner signer_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<kafka::Producer> producer_;
  std::unique_ptr<outbox::Relay> relay_;
  std::unique_ptr<outbox::OutboxAdminService> outbox_admin_;
  grpcutil::Server server_;
  std::vector<std::unique_ptr<outbox::EventConsumer>> consumers_;
  std::vector<std::pair<std::function<void()>, std::function<void()>>> workers_;
  std::atomic<bool> stopping_{false};
};

}  // namespace factflow::runtime
