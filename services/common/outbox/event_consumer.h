#pragma once

// The consuming side of the event flow: polls Kafka, unpacks each envelope, runs the handler
// (which applies the event with ApplyOnce), and commits the offset only after the handler's
// database transaction committed.
//
// - transient failures (Unavailable, Aborted, DeadlineExceeded, Internal...) retry the same event
//   with backoff, so nothing is skipped;
// - permanent ones (InvalidArgument, FailedPrecondition, NotFound, ...) and undecodable records
//   go to the dead_letters table, then the offset moves on;
// - falling behind the broker's retention (DataLoss) stops the consumer and marks it unhealthy:
//   events were lost, an operator must republish them from the producer's outbox;
// - the broker is probed every second: while no broker answers, the consumer is unhealthy (its
//   service NOT_SERVING); when the bootstrap file names a new address, or the cluster id changed
//   (a new, empty cluster: the devbroker restarted), the Kafka consumer is rebuilt, and on a new
//   cluster the group has no committed offsets, so it reads from the earliest offset. The
//   producers republish their outbox there (outbox.h); the inbox discards what was applied.

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "db/pool.h"
#include "factflow/events/v1/envelope.pb.h"
#include "kafka/config.h"
#include "kafka/consumer.h"

namespace factflow::outbox {

class EventConsumer {
 public:
  using Handler = std::function<absl::Status(const events::v1::EventEnvelope&)>;

  // group_id is also the inbox consumer name.
  EventConsumer(kafka::KafkaSettings settings, std::string group_id,
                std::vector<std::string> topics, db::Pool& pool, Handler handler);
  ~EventConsumer();

  absl::Status Start();
  void Stop();

  // False while a record keeps failing, after DataLoss, or while no broker answers.
  bool healthy() const { return healthy_.load() && connected_.load(); }
  int64_t processed() const { return processed_.load(); }

 private:
  void Run();
  // Applies one record until it succeeds, is dead-lettered, or the consumer stops.
  // Returns false when the consumer is stopping and the record was not applied.
  bool Process(const kafka::IncomingMessage& message);
  // Probes the broker; reconnects when it moved or is a new cluster. Returns false when the
  // consumer was rebuilt (or could not be), i.e. the caller must not use an old message.
  bool CheckBroker();
  // Drops the Kafka consumer without leaving its (lost) group and creates a new one.
  void Reconnect(const std::string& why);
  void DeadLetter(const kafka::IncomingMessage& message, const events::v1::EventEnvelope* envelope,
                  const absl::Status& error);

  kafka::KafkaSettings settings_;
  std::string group_id_;
  std::vector<std::string> topics_;
  db::Pool& pool_;
  Handler handler_;
  std::unique_ptr<kafka::Consumer> consumer_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> healthy_{true};
  std::atomic<bool> connected_{true};
  std::string cluster_id_;  // Of the current Kafka consumer's cluster; "" until first probed.
  std::atomic<int64_t> processed_{0};
  std::thread thread_;
};

}  // namespace factflow::outbox
