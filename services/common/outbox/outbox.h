#pragma once

// Transactional outbox: an event is written in the same database transaction as the state
// change it reports (Append), and a relay publishes committed events to Kafka in id order,
// marking them published only once the broker acknowledged them. Nothing is lost when the
// service, the broker or the database restarts; a consumer may see an event twice (at least
// once) and deduplicates it with the inbox (inbox.h).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "factflow/events/v1/envelope.pb.h"
#include "google/protobuf/message.h"
#include "kafka/producer.h"

namespace factflow::outbox {

// Event metadata; the correlation id defaults to the calling thread's logging context.
struct EventOrigin {
  std::string tenant_id;
  std::string aggregate_type;
  std::string aggregate_id;
  std::string producer;
  std::string causation_id;
};

events::v1::EventEnvelope MakeEnvelope(const google::protobuf::Message& payload,
                                       const EventOrigin& origin);

// Writes the event into the outbox within `tx` (throws libpqxx exceptions like any statement).
// The record key is the tenant id.
void Append(pqxx::work& tx, std::string_view topic, const events::v1::EventEnvelope& envelope);

// Publishes the outbox. One relay per process; among replicas, a transaction-scoped advisory lock
// lets one publish at a time, which keeps the per-tenant order. Thread-safe.
class Relay {
 public:
  Relay(db::Pool& pool, kafka::Producer& producer, absl::Duration poll_interval);
  ~Relay();

  void Start();
  // Publishes what is pending (best effort), then stops.
  void Stop();
  // Publish soon (after a commit that appended events).
  void Wake();

  // One round: publishes up to `limit` pending events; returns how many were published.
  absl::StatusOr<int> PublishPending(int limit = 500);

  // Marks events [from_id, to_id] as unpublished so that the relay publishes them again
  // (consumers deduplicate): the recovery tool when the broker lost its log.
  static absl::StatusOr<int64_t> Republish(db::Pool& pool, int64_t from_id, int64_t to_id);

  bool healthy() const { return healthy_.load(); }
  int64_t published_total() const { return published_total_.load(); }

 private:
  void Run();

  db::Pool& pool_;
  kafka::Producer& producer_;
  absl::Duration poll_interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool wake_requested_ = false;
  bool stopping_ = false;
  std::atomic<bool> healthy_{true};
  std::atomic<int64_t> published_total_{0};
  std::thread thread_;
};

}  // namespace factflow::outbox
