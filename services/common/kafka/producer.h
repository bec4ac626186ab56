#pragma once

// Kafka producer for the transactional-outbox relays: publish a batch and know, per message,
// that the broker acknowledged it before marking the outbox rows published.
//
// Delivery: idempotent (enable.idempotence=true, acks=all), so broker retries never duplicate
// or reorder messages of one partition. Keys are partitioned with murmur2 (as the Java client
// does), so one key (the tenant id) always lands on the same partition and stays in order.
//
// Reconnection: when the broker cannot be reached and settings.bootstrap_file now names another
// address (the devbroker restarted on a new port), the producer drops its connection (what was
// in flight on it is reported failed, so the outbox sends it again) and builds a new one on the
// new address. Probe() says whether a broker answers and which cluster it is.
//
// Thread safety: every method may be called concurrently from any thread, except that the
// object must not be destroyed while a call is in progress.

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "kafka/config.h"
#include "kafka/rdkafka_util.h"

namespace factflow::kafka {

struct OutgoingMessage {
  std::string topic;
  std::string key;  // Partitioning key (tenant id). Empty means no key (any partition).
  std::string payload;
  std::vector<std::pair<std::string, std::string>> headers;
};

class Producer {
 public:
  // Creates the producer and its delivery-report thread. Connects lazily: an unreachable
  // broker shows up as Unavailable from ProduceAndWait, not here.
  // Errors: InvalidArgument for an empty bootstrap list or a property librdkafka rejects
  // (settings.extra is applied last and may override the defaults above).
  static absl::StatusOr<std::unique_ptr<Producer>> Create(const KafkaSettings& settings);

  // Flushes for up to 2 s, then drops what is still queued (those messages were never
  // reported as delivered, so their outbox rows stay unpublished and are sent again).
  ~Producer();

  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Enqueues every message, then waits until each one has its own delivery report or
  // `timeout` passes. OK means the broker acknowledged all of them (acks=all). Otherwise
  // returns the failure of the lowest-numbered failed message, or:
  //   Unavailable     timeout, broker unreachable, leader change, local queue full;
  //   InvalidArgument message too large, unknown partition;
  //   Internal        e.g. a fatal idempotence error (recreate the producer).
  // On failure some messages may still have been delivered (or be delivered later): the
  // caller retries the whole batch and consumers deduplicate by event id. Returns early with
  // Unavailable when the bootstrap file moved to another broker meanwhile (and reconnects).
  absl::Status ProduceAndWait(std::span<const OutgoingMessage> messages, absl::Duration timeout);

  // Waits until every message produced so far has a delivery report.
  // Errors: Unavailable when `timeout` passes first.
  absl::Status Flush(absl::Duration timeout);

  // Asks the cluster for its metadata within `timeout` and returns its cluster id ("" if the
  // broker reports none). When no broker answers and the bootstrap file names another address,
  // reconnects there and asks once more. Errors: Unavailable when no broker answers.
  absl::StatusOr<std::string> Probe(absl::Duration timeout);

  // The cluster id of the current connection: the last one its metadata reported, or, on a
  // fresh connection, the first one reported within `timeout`. Cheap (no request) once known.
  // Errors: Unavailable when none is known within `timeout`.
  absl::StatusOr<std::string> ClusterId(absl::Duration timeout);

 private:
  // One librdkafka handle on one bootstrap address, with its delivery-report thread.
  class Connection;

  explicit Producer(KafkaSettings settings, std::shared_ptr<Connection> connection);
  static absl::StatusOr<std::shared_ptr<Connection>> Connect(const KafkaSettings& settings);
  std::shared_ptr<Connection> current() const;
  // Replaces `lost` by a connection on the bootstrap file's address if that address changed.
  // Returns whether the connection now in use differs from `lost`.
  bool ReconnectIfMoved(const std::shared_ptr<Connection>& lost);

  const KafkaSettings settings_;
  mutable absl::Mutex mu_;
  std::shared_ptr<Connection> connection_ ABSL_GUARDED_BY(mu_);
};

}  // namespace factflow::kafka
