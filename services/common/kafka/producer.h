#pragma once

// Kafka producer for the transactional-outbox relays: publish a batch and know, per message,
// that the broker acknowledged it before marking the outbox rows published.
//
// Delivery: idempotent (enable.idempotence=true, acks=all), so broker retries never duplicate
// or reorder messages of one partition. Keys are partitioned with murmur2 (as the Java client
// does), so one key (the tenant id) always lands on the same partition and stays in order.
//
// Thread safety: every method may be called concurrently from any thread, except that the
// object must not be destroyed while a call is in progress.

#include <memory>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
  // caller retries the whole batch and consumers deduplicate by event id.
  absl::Status ProduceAndWait(std::span<const OutgoingMessage> messages, absl::Duration timeout);

  // Waits until every message produced so far has a delivery report.
  // Errors: Unavailable when `timeout` passes first.
  absl::Status Flush(absl::Duration timeout);

 private:
  explicit Producer(KafkaHandle handle);
  void PollLoop(std::stop_token stop);

  KafkaHandle handle_;
  std::jthread poller_;  // Serves delivery reports; declared last so it stops first.
};

}  // namespace factflow::kafka
