#include "outbox/outbox.h"

#include <vector>

#include "google/protobuf/util/time_util.h"
#include "logging/logging.h"
#include "metrics/metrics.h"
#include "spdlog/spdlog.h"

namespace factflow::outbox {
namespace {

// Relay leadership among replicas sharing one database ("outbox" in ASCII).
constexpr int64_t kRelayLock = 0x6f7574626f78;
// A fresh producer connection learns the cluster id from its first metadata answer.
constexpr absl::Duration kClusterIdTimeout = absl::Seconds(5);

}  // namespace

events::v1::EventEnvelope MakeEnvelope(const google::protobuf::Message& payload,
                                       const EventOrigin& origin) {
  events::v1::EventEnvelope envelope;
  envelope.set_event_id(logging::NewUuid());
  envelope.set_event_type(payload.GetTypeName());
  envelope.set_tenant_id(origin.tenant_id);
  envelope.set_aggregate_type(origin.aggregate_type);
  envelope.set_aggregate_id(origin.aggregate_id);
  *envelope.mutable_occurred_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  const std::string& correlation = logging::Current().correlation_id;
  envelope.set_correlation_id(correlation.empty() ? logging::NewUuid() : correlation);
  envelope.set_causation_id(origin.causation_id);
  envelope.set_producer(origin.producer);
  envelope.mutable_payload()->PackFrom(payload);
  return envelope;
}

void Append(pqxx::work& tx, std::string_view topic, const events::v1::EventEnvelope& envelope) {
  std::string bytes = envelope.SerializeAsString();
  tx.exec_params(
      "INSERT INTO outbox (event_id, topic, partition_key, event_type, envelope) "
      "VALUES ($1, $2, $3, $4, $5)",
      envelope.event_id(), std::string(topic), envelope.tenant_id(), envelope.event_type(),
      pqxx::binarystring(bytes.data(), bytes.size()));
}

Relay::Relay(db::Pool& pool, kafka::Producer& producer, Options options)
    : pool_(pool), producer_(producer), options_(options) {}

Relay::~Relay() { Stop(); }

void Relay::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Relay::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  auto flushed = PublishPending();
  if (!flushed.ok()) spdlog::warn("outbox: final flush failed: {}", flushed.status().ToString());
}

void Relay::Wake() {
  {
    std::lock_guard lock(mutex_);
    wake_requested_ = true;
  }
  wake_.notify_all();
}

int64_t Relay::AdoptCluster(pqxx::work& tx, const std::string& cluster_id) {
  pqxx::result known = tx.exec("SELECT cluster_id FROM outbox_cluster");
  if (known.empty()) {
    tx.exec_params("INSERT INTO outbox_cluster (cluster_id) VALUES ($1)", cluster_id);
    spdlog::info("outbox: publishing to Kafka cluster {}", cluster_id);
    return 0;
  }
  const std::string previous = known[0][0].as<std::string>();
  if (previous == cluster_id) return 0;
  const int64_t marked =
      tx.exec_params(
            "UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL "
            "AND published_at >= now() - make_interval(secs => $1)",
            absl::ToDoubleSeconds(options_.retention))
          .affected_rows();
  tx.exec_params("UPDATE outbox_cluster SET cluster_id = $1, adopted_at = now()", cluster_id);
  spdlog::warn(
      "outbox: the Kafka cluster changed from {} to {} (a new, empty log): republishing the {} "
      "events published within the retention of {}",
      previous, cluster_id, marked, absl::FormatDuration(options_.retention));
  return marked;
}

absl::StatusOr<int> Relay::PublishPending(int limit) {
  int published = 0;
  int64_t republished = 0;
  absl::Status status = pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    published = 0;
    republished = 0;
    if (!tx.exec_params1("SELECT pg_try_advisory_xact_lock($1)", kRelayLock)[0].as<bool>()) {
      return absl::OkStatus();  // another replica is publishing
    }
    absl::StatusOr<std::string> cluster = producer_.ClusterId(kClusterIdTimeout);
    if (!cluster.ok()) return cluster.status();
    republished = AdoptCluster(tx, *cluster);
    pqxx::result rows = tx.exec_params(
        "SELECT id, topic, partition_key, envelope FROM outbox WHERE published_at IS NULL "
        "ORDER BY id LIMIT $1",
        limit);
    if (rows.empty()) return absl::OkStatus();
    std::vector<kafka::OutgoingMessage> messages;
    messages.reserve(rows.size());
    for (const auto& row : rows) {
      pqxx::binarystring envelope(row[3]);
      messages.push_back({row[1].as<std::string>(), row[2].as<std::string>(), envelope.str(), {}});
    }
    absl::Status sent = producer_.ProduceAndWait(messages, absl::Seconds(30));
    if (!sent.ok()) return sent;
    tx.exec_params(
        "UPDATE outbox SET published_at = now() WHERE id BETWEEN $1 AND $2 "
        "AND published_at IS NULL",
        rows.front()[0].as<int64_t>(), rows.back()[0].as<int64_t>());
    published = static_cast<int>(rows.size());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  republished_total_ += republished;
  published_total_ += published;
  if (published > 0) metrics::Metrics::Get().CountPublished(published);
  return published;
}

absl::StatusOr<int64_t> Relay::PurgeExpired(int chunk) {
  int64_t total = 0;
  while (true) {
    int64_t deleted = 0;
    absl::Status status = pool_.InTransaction([&](pqxx::work& tx) {
      deleted = tx.exec_params(
                      "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
                      "WHERE published_at < now() - make_interval(secs => $1) ORDER BY id "
                      "LIMIT $2)",
                      absl::ToDoubleSeconds(options_.retention), chunk)
                    .affected_rows();
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    total += deleted;
    if (deleted < chunk) break;
  }
  if (total > 0) {
    spdlog::info("outbox: purged {} events published more than {} ago", total,
                 absl::FormatDuration(options_.retention));
  }
  return total;
}

void Relay::ProbeBroker() {
  absl::StatusOr<std::string> cluster = producer_.Probe(options_.probe_interval);
  if (!cluster.ok()) {
    if (broker_reachable_.exchange(false)) {
      spdlog::error("outbox: no Kafka broker answers: {}", cluster.status().ToString());
    }
    return;
  }
  if (!broker_reachable_.exchange(true)) spdlog::info("outbox: Kafka broker reachable again");
}

absl::StatusOr<int64_t> Relay::Republish(db::Pool& pool, int64_t from_id, int64_t to_id) {
  int64_t count = 0;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    count = tx.exec_params("UPDATE outbox SET published_at = NULL WHERE id BETWEEN $1 AND $2",
                           from_id, to_id)
                .affected_rows();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return count;
}

void Relay::Run() {
  absl::Time next_probe = absl::InfinitePast();
  absl::Time next_purge = absl::InfinitePast();
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.poll_interval),
                     [&] { return stopping_ || wake_requested_; });
      if (stopping_) return;
      wake_requested_ = false;
    }
    // Without pending events nothing else would notice that the broker went away.
    if (absl::Now() >= next_probe) {
      ProbeBroker();
      next_probe = absl::Now() + options_.probe_interval;
    }
    if (absl::Now() >= next_purge) {
      if (auto purged = PurgeExpired(); !purged.ok()) {
        spdlog::warn("outbox: purge of expired events failed: {}", purged.status().ToString());
      }
      next_purge = absl::Now() + options_.purge_interval;
    }
    // Drain: keep publishing while full pages come back.
    while (true) {
      auto published = PublishPending();
      if (!published.ok()) {
        if (healthy_.exchange(false)) {
          spdlog::error("outbox: cannot publish: {}", published.status().ToString());
        }
        break;
      }
      if (!healthy_.exchange(true)) spdlog::info("outbox: publishing again");
      if (*published < 500) break;
    }
  }
}

}  // namespace factflow::outbox
