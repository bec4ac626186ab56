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
#include <span>
#include <stdexcept>
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

// The largest serialized envelope the outbox accepts: well under Kafka's default 1,000,000-byte
// message limit, so that every committed event can be published. An event that would be larger
// carries an unbounded list: publish it in chunks, or carry a reference the consumer pages
// through over gRPC.
inline constexpr size_t kMaxEnvelopeBytes = 256 * 1024;

// Thrown by Append when an envelope is over kMaxEnvelopeBytes. Like a failed statement it
// aborts the caller's transaction (Pool::InTransaction rolls back and returns Internal): an
// oversize event is a producer bug and can never be committed.
class EventTooLargeError : public std::length_error {
 public:
  EventTooLargeError(const events::v1::EventEnvelope& envelope, size_t bytes);
};

// OK when the serialized envelope fits kMaxEnvelopeBytes; FailedPrecondition naming the event
// type and its size otherwise. For producers that want to check before they write.
absl::Status CheckEventSize(const events::v1::EventEnvelope& envelope);

// Writes the event into the outbox within `tx` (throws libpqxx exceptions like any statement,
// and EventTooLargeError, before writing anything, when the event is over the limit).
// The record key is the tenant id.
void Append(pqxx::work& tx, std::string_view topic, const events::v1::EventEnvelope& envelope);

// Writes several events in one multi-row statement, in order (same errors as Append: nothing is
// written when one of them is over the limit).
void AppendAll(pqxx::work& tx, std::string_view topic,
               std::span<const events::v1::EventEnvelope> envelopes);

// Publishes the outbox. One relay per process; among replicas, a transaction-scoped advisory lock
// lets one publish at a time, which keeps the per-tenant order. Thread-safe.
//
// Surviving a broker that forgets (the devbroker keeps its log in memory; a Kafka cluster can be
// rebuilt): published rows are kept for `retention` (then purged, set-based, in bounded
// chunks). The database remembers which cluster the outbox was published to (table
// outbox_cluster). Before each publishing round the relay compares it with the producer's
// cluster id; on a new cluster it marks every row published within the retention horizon as
// unpublished, in the same transaction, so they are sent again, in id order, before anything
// newer. Consumers discard the duplicates with their inbox. The relay also probes the broker
// every second: unhealthy while no broker answers (the producer reconnects when the bootstrap
// file moves).
class Relay {
 public:
  struct Options {
    absl::Duration poll_interval = absl::Milliseconds(50);
    // How long published rows are kept, i.e. how far back a new cluster is refilled.
    absl::Duration retention = absl::Hours(24 * 7);
    // How often the broker is probed and expired rows are purged.
    absl::Duration probe_interval = absl::Seconds(1);
    absl::Duration purge_interval = absl::Minutes(10);
  };

  Relay(db::Pool& pool, kafka::Producer& producer, Options options);
  Relay(db::Pool& pool, kafka::Producer& producer, absl::Duration poll_interval)
      : Relay(pool, producer, Options{.poll_interval = poll_interval}) {}
  ~Relay();

  void Start();
  // Publishes what is pending (best effort), then stops.
  void Stop();
  // Publish soon (after a commit that appended events).
  void Wake();

  // One round: adopts the producer's cluster (republishing the retention horizon when it is a
  // new one), then publishes up to `limit` pending events (parked ones are skipped: admin.h);
  // returns how many were published. A
  // row that cannot be published (over kMaxEnvelopeBytes, or refused by the broker) fails the
  // round after the rows before it were published; the error names the row, its type and size,
  // and stuck_row() holds its id until it is published or parked; the row's last_error says why.
  // Errors: Unavailable when the broker cannot be reached or did not acknowledge; database
  // errors as db::Pool reports them.
  absl::StatusOr<int> PublishPending(int limit = 500);

  // Deletes published rows older than the retention, at most `chunk` per statement, until none
  // is left. Returns how many were deleted.
  absl::StatusOr<int64_t> PurgeExpired(int chunk = 10000);

  // Marks events [from_id, to_id] as unpublished so that the relay publishes them again
  // (consumers deduplicate): the recovery tool when the broker lost its log. Parked rows
  // (admin.h) stay parked: the relay skips them until an administrator republishes them.
  static absl::StatusOr<int64_t> Republish(db::Pool& pool, int64_t from_id, int64_t to_id);

  // False while publishing fails or no broker answers the probe.
  bool healthy() const { return healthy_.load() && broker_reachable_.load(); }
  int64_t published_total() const { return published_total_.load(); }
  // The id of the outbox row the relay cannot publish (0 while it publishes): every later row
  // waits behind it, per-tenant order. Repair it (e.g. Republish after a fix), never skip it.
  int64_t stuck_row() const { return stuck_row_.load(); }
  // Rows marked for publishing again because the cluster changed, since start.
  int64_t republished_total() const { return republished_total_.load(); }
  // Why the relay cannot publish, in French for the administrator ("" while it publishes or
  // while it only waits for a broker). Thread-safe.
  std::string stuck_reason() const;

 private:
  void Run();
  void ProbeBroker();
  // In `tx` (holding the relay lock): records `cluster_id` as the outbox's cluster; when it
  // replaces another one, marks the retention horizon unpublished. Returns rows marked.
  int64_t AdoptCluster(pqxx::work& tx, const std::string& cluster_id);
  // Records on the row (last_error, last_error_at, in a transaction of its own) why the relay
  // cannot publish it, so that `factflowctl outbox list` shows it.
  void RecordFailure(int64_t row_id, const std::string& reason);

  db::Pool& pool_;
  kafka::Producer& producer_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool wake_requested_ = false;
  bool stopping_ = false;
  std::atomic<bool> healthy_{true};
  std::atomic<bool> broker_reachable_{true};
  std::atomic<int64_t> published_total_{0};
  std::atomic<int64_t> stuck_row_{0};
  std::atomic<int64_t> republished_total_{0};
  mutable std::mutex reason_mutex_;
  std::string stuck_reason_;
  std::thread thread_;
};

}  // namespace factflow::outbox
