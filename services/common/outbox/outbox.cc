#include "outbox/outbox.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

EventTooLargeError::EventTooLargeError(const events::v1::EventEnvelope& envelope, size_t bytes)
    : std::length_error(absl::StrCat("event ", envelope.event_type(), " ", envelope.event_id(),
                                     " is ", bytes, " bytes, over the outbox limit of ",
                                     kMaxEnvelopeBytes,
                                     " bytes: publish it in chunks or by reference")) {}

absl::Status CheckEventSize(const events::v1::EventEnvelope& envelope) {
  size_t bytes = envelope.ByteSizeLong();
  if (bytes <= kMaxEnvelopeBytes) return absl::OkStatus();
  return absl::FailedPreconditionError(EventTooLargeError(envelope, bytes).what());
}

namespace {

// The serialized envelope, or EventTooLargeError.
std::string Serialize(const events::v1::EventEnvelope& envelope) {
  std::string bytes = envelope.SerializeAsString();
  if (bytes.size() > kMaxEnvelopeBytes) throw EventTooLargeError(envelope, bytes.size());
  return bytes;
}

}  // namespace

void Append(pqxx::work& tx, std::string_view topic, const events::v1::EventEnvelope& envelope) {
  AppendAll(tx, topic, std::span<const events::v1::EventEnvelope>(&envelope, 1));
}

void AppendAll(pqxx::work& tx, std::string_view topic,
               std::span<const events::v1::EventEnvelope> envelopes) {
  if (envelopes.empty()) return;
  std::vector<std::string> values;
  values.reserve(envelopes.size());
  const std::string quoted_topic = tx.quote(std::string(topic));
  for (const auto& envelope : envelopes) {
    std::string bytes = Serialize(envelope);  // all checked before anything is written
    values.push_back(absl::StrCat(
        "(", tx.quote(envelope.event_id()), ", ", quoted_topic, ", ",
        tx.quote(envelope.tenant_id()), ", ", tx.quote(envelope.event_type()), ", ",
        tx.quote_raw(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()), ")"));
  }
  tx.exec(absl::StrCat(
      "INSERT INTO outbox (event_id, topic, partition_key, event_type, envelope) VALUES ",
      absl::StrJoin(values, ", ")));
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
  int64_t stuck = 0;
  int64_t republished = 0;
  bool ran = false;  // this replica held the relay lock and looked at the pending rows
  std::string reason;  // French, for the administrator, when a row cannot be published
  absl::Status unpublishable;  // a row the broker can never take; the rows before it are sent
  absl::Status status = pool_.InTransaction([&](pqxx::work& tx) -> absl::Status {
    published = 0;
    stuck = 0;
    republished = 0;
    ran = false;
    reason.clear();
    unpublishable = absl::OkStatus();
    if (!tx.exec_params1("SELECT pg_try_advisory_xact_lock($1)", kRelayLock)[0].as<bool>()) {
      return absl::OkStatus();  // another replica is publishing
    }
    ran = true;
    absl::StatusOr<std::string> cluster = producer_.ClusterId(kClusterIdTimeout);
    if (!cluster.ok()) return cluster.status();
    republished = AdoptCluster(tx, *cluster);
    pqxx::result rows = tx.exec_params(
        "SELECT id, topic, partition_key, envelope, event_type, octet_length(envelope) "
        "FROM outbox WHERE published_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT $1",
        limit);
    if (rows.empty()) return absl::OkStatus();
    std::vector<kafka::OutgoingMessage> messages;
    messages.reserve(rows.size());
    for (const auto& row : rows) {
      if (row[5].as<int64_t>() > static_cast<int64_t>(kMaxEnvelopeBytes)) {
        stuck = row[0].as<int64_t>();
        unpublishable = absl::FailedPreconditionError(absl::StrCat(
            "outbox row ", stuck, " (", row[4].as<std::string>(), ", ", row[5].as<int64_t>(),
            " bytes) is over the ", kMaxEnvelopeBytes,
            "-byte event limit and can never be published; later rows wait behind it"));
        reason = absl::StrCat("événement de ", row[5].as<int64_t>(),
                              " octets, au-delà de la limite de ", kMaxEnvelopeBytes,
                              " octets : il ne pourra jamais être publié ; mettez-le de côté "
                              "(factflowctl outbox park)");
        break;
      }
      pqxx::binarystring envelope(row[3]);
      messages.push_back({row[1].as<std::string>(), row[2].as<std::string>(), envelope.str(), {}});
    }
    if (messages.empty()) return absl::OkStatus();
    const int64_t first = rows.front()[0].as<int64_t>();
    const int64_t last = rows[messages.size() - 1][0].as<int64_t>();
    absl::Status sent = producer_.ProduceAndWait(messages, absl::Seconds(30));
    if (!sent.ok()) {
      stuck = first;
      reason = absl::StrCat("le broker Kafka n'a pas accepté l'événement (",
                            absl::StatusCodeToString(sent.code()),
                            ") ; le détail est dans le journal du service");
      const std::string which =
          first == last ? absl::StrCat("outbox row ", first, " (", rows.front()[4].c_str(), ")")
                        : absl::StrCat("outbox rows ", first, " to ", last);
      return absl::Status(sent.code(), absl::StrCat(which, ": ", sent.message()));
    }
    tx.exec_params(
        "UPDATE outbox SET published_at = now() WHERE id BETWEEN $1 AND $2 "
        "AND published_at IS NULL",
        first, last);
    published = static_cast<int>(messages.size());
    return absl::OkStatus();
  });
  if (status.ok()) {
    republished_total_ += republished;
    published_total_ += published;
    if (published > 0) metrics::Metrics::Get().CountPublished(published);
    status = unpublishable;
  }
  if (!status.ok()) {
    metrics::Metrics::Get().CountPublishFailure();
    if (stuck != 0) {
      if (stuck_row_.exchange(stuck) != stuck) {
        spdlog::error("outbox: cannot publish: {}", status.ToString());
      }
      RecordFailure(stuck, reason);
    }
    metrics::Metrics::Get().SetOutboxStuckRow(stuck_row_.load());
    return status;
  }
  // A round that ran without failing: the stuck row (if any) was published or parked meanwhile.
  if ((published > 0 || ran) && stuck_row_.exchange(0) != 0) {
    metrics::Metrics::Get().SetOutboxStuckRow(0);
    std::lock_guard lock(reason_mutex_);
    stuck_reason_.clear();
  }
  return published;
}

void Relay::RecordFailure(int64_t row_id, const std::string& reason) {
  {
    std::lock_guard lock(reason_mutex_);
    stuck_reason_ = absl::StrCat("l'événement n° ", row_id, " ne peut pas être publié : ", reason);
  }
  absl::Status recorded = pool_.InTransaction([&](pqxx::work& tx) {
    tx.exec_params(
        "UPDATE outbox SET last_error = $2, last_error_at = now() WHERE id = $1 "
        "AND published_at IS NULL AND last_error IS DISTINCT FROM $2",
        row_id, reason);
    return absl::OkStatus();
  });
  if (!recorded.ok()) {
    spdlog::warn("outbox: could not record the failure of row {}: {}", row_id,
                 recorded.ToString());
  }
}

std::string Relay::stuck_reason() const {
  std::lock_guard lock(reason_mutex_);
  return stuck_reason_;
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
    // Drain: keep publishing while full pages come back. After a failure, one row at a time,
    // so that the row that cannot be published is named exactly (and the others go through).
    while (true) {
      const int limit = healthy_.load() ? 500 : 1;
      auto published = PublishPending(limit);
      if (!published.ok()) {
        if (healthy_.exchange(false)) {
          spdlog::error("outbox: cannot publish, service NOT_SERVING until it can: {}",
                        published.status().ToString());
        }
        break;
      }
      if (!healthy_.exchange(true)) spdlog::info("outbox: publishing again");
      if (*published < limit) break;
    }
  }
}

}  // namespace factflow::outbox
