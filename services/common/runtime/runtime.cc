#include "runtime/runtime.h"

#include <algorithm>
#include <csignal>
#include <thread>

#include "logging/logging.h"
#include "metrics/metrics.h"
#include "outbox/admin.h"
#include "spdlog/spdlog.h"

namespace factflow::runtime {
namespace {

std::atomic<bool> signal_received{false};

extern "C" void OnSignal(int) { signal_received = true; }

absl::StatusOr<std::unique_ptr<db::Pool>> ConnectWithRetry(const std::string& url, int size) {
  absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (true) {
    auto pool = db::Pool::Connect(url, size);
    if (pool.ok() || absl::Now() > deadline || signal_received) return pool;
    spdlog::warn("database not reachable yet: {}", pool.status().ToString());
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

}  // namespace

Runtime::Runtime(config::ServiceConfig config)
    : config_(std::move(config)), signer_(config_.auth_secret), server_(config_.grpc_address) {
  logging::Init(config_.service_name, config_.log_format, config_.log_level);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
}

Runtime::~Runtime() = default;

kafka::KafkaSettings Runtime::kafka_settings(std::string_view client_suffix) const {
  kafka::KafkaSettings settings;
  settings.bootstrap_servers = config_.kafka_bootstrap;
  settings.bootstrap_file = config_.kafka_bootstrap_file;
  settings.client_id =
      config_.service_name + "-" + std::string(client_suffix) + "-" + config_.instance_id;
  return settings;
}

std::string Runtime::ServiceToken(const std::string& tenant_id) const {
  auto token = signer_.Sign(
      {tenant_id, "service:" + config_.service_name, {std::string(auth::kRoleService)}},
      absl::Minutes(5));
  return token.ok() ? *token : std::string();
}

absl::Status Runtime::Connect(const std::vector<db::Migration>& service_migrations) {
  std::vector<db::Migration> migrations = db::CommonMigrations();
  migrations.insert(migrations.end(), service_migrations.begin(), service_migrations.end());
  // Migrations run as the owner role, on a connection of their own; the service then runs as
  // its application role, which has no DDL, TRUNCATE or trigger control (deploy/README.md).
  std::string migration_url = config_.migration_database_url;
  if (migration_url.empty() && config_.migrate_only) migration_url = config_.database_url;
  if (!migration_url.empty()) {
    auto owner = ConnectWithRetry(migration_url, 1);
    if (!owner.ok()) return owner.status();
    if (absl::Status s = db::ApplyMigrations(**owner, migrations); !s.ok()) return s;
  }
  if (config_.migrate_only) return absl::OkStatus();
  auto pool = ConnectWithRetry(config_.database_url, config_.db_pool_size);
  if (!pool.ok()) return pool.status();
  pool_ = std::move(*pool);
  if (migration_url.empty()) {
    if (absl::Status s = db::VerifyMigrations(*pool_, migrations); !s.ok()) return s;
  }
  auto producer = kafka::Producer::Create(kafka_settings("producer"));
  if (!producer.ok()) return producer.status();
  producer_ = std::move(*producer);
  relay_ = std::make_unique<outbox::Relay>(
      *pool_, *producer_,
      outbox::Relay::Options{.retention = absl::Hours(config_.outbox_retention_hours)});
  relay_->Start();
  outbox_admin_ = std::make_unique<outbox::OutboxAdminService>(*pool_, *relay_, signer_);
  server_.AddService(outbox_admin_.get());
  if (auto parked = outbox::CountParkedEvents(*pool_); parked.ok()) {
    metrics::Metrics::Get().SetPending("outbox_parked", *parked);
  }
  return absl::OkStatus();
}

void Runtime::AddConsumer(std::string group, std::vector<std::string> topics,
                          outbox::EventConsumer::Handler handler) {
  kafka::KafkaSettings settings = kafka_settings(group);
  // A restarted replica gets its partitions back after the session timeout of its dead self.
  settings.extra["session.timeout.ms"] = std::to_string(config_.kafka_session_timeout_ms);
  settings.extra["heartbeat.interval.ms"] =
      std::to_string(std::max(500, config_.kafka_session_timeout_ms / 10));
  consumers_.push_back(std::make_unique<outbox::EventConsumer>(
      settings, std::move(group), std::move(topics), *pool_, std::move(handler)));
}

void Runtime::WatchHealth() {
  bool last = false;
  int tick = 0;
  while (!signal_received) {
    if (tick++ % 10 == 0) {  // every second
      bool healthy = pool_->Ping().ok() && relay_->healthy();
      for (const auto& consumer : consumers_) healthy = healthy && consumer->healthy();
      if (healthy != last) {
        server_.SetServing(healthy);
        metrics::Metrics::Get().SetHealthy(healthy);
        spdlog::info("health: {}", healthy ? "SERVING" : "NOT_SERVING");
        last = healthy;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void Runtime::AddWorker(std::function<void()> start, std::function<void()> stop) {
  workers_.emplace_back(std::move(start), std::move(stop));
}

int Runtime::Run() {
  if (config_.migrate_only) {
    spdlog::info("migrations applied; exiting (FACTFLOW_MIGRATE_ONLY)");
    return 0;
  }
  if (absl::Status s = server_.Start(); !s.ok()) {
    spdlog::critical("{}", s.ToString());
    return 1;
  }
  if (!config_.metrics_address.empty()) {
    if (absl::Status s = metrics::Metrics::Get().Serve(config_.metrics_address); !s.ok()) {
      spdlog::critical("{}", s.ToString());
      return 1;
    }
    spdlog::info("metrics on {} (port {})", config_.metrics_address,
                 metrics::Metrics::Get().port());
  }
  server_.SetServing(false);
  for (auto& consumer : consumers_) {
    if (absl::Status s = consumer->Start(); !s.ok()) {
      spdlog::critical("cannot start consumer: {}", s.ToString());
      return 1;
    }
  }
  for (auto& [start, stop] : workers_) start();
  spdlog::info("{} started", config_.service_name);
  WatchHealth();
  spdlog::info("shutting down: RPCs, consumers, outbox, database");
  server_.Shutdown(absl::Seconds(5));
  for (auto& consumer : consumers_) consumer->Stop();
  for (auto& [start, stop] : workers_) stop();
  relay_->Stop();
  if (producer_) (void)producer_->Flush(absl::Seconds(5));
  pool_.reset();
  spdlog::info("{} stopped", config_.service_name);
  return 0;
}

}  // namespace factflow::runtime
