#pragma once

// Kafka consumer-group member for services that apply events idempotently: poll a message,
// apply it in a database transaction (inbox + effect), then Commit it. Offsets are committed
// only by Commit (no auto-commit, no auto offset store), so a crash between the database
// commit and Commit redelivers the message (at-least-once; the inbox makes it harmless).
//
// Where a partition starts when assigned:
//   - at the group's committed offset when it has one;
//   - at the beginning of the log when it has none (a brand-new group reads everything);
//   - never silently elsewhere: if the committed offset is no longer in the log (the group fell
//     behind retention, or the log was reset), Poll returns DataLoss for that partition and
//     stops fetching it. auto.offset.reset is "error".
//
// Thread safety: not thread-safe. One thread creates, polls, commits and closes it (the
// rebalance callback runs inside Poll and Close, on that thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "kafka/config.h"
#include "kafka/rdkafka_util.h"

namespace factflow::kafka {

struct IncomingMessage {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;  // Empty when the message had no key.
  std::string payload;
  std::vector<std::pair<std::string, std::string>> headers;  // In message order.
};

// The value of the first header called `name` (case-sensitive), or "" when there is none.
// The view points into `message`.
std::string_view HeaderValue(const IncomingMessage& message, std::string_view name);

class Consumer {
 public:
  // Creates the consumer and subscribes `group_id` to `topics`. Joining the group happens in the
  // background and completes during the first Polls.
  // Errors: InvalidArgument for an empty bootstrap list, group id or topic list, or a property
  // librdkafka rejects (settings.extra is applied last and may override the defaults);
  // Internal if the subscription is refused.
  static absl::StatusOr<std::unique_ptr<Consumer>> Create(const KafkaSettings& settings,
                                                          std::string group_id,
                                                          std::vector<std::string> topics);

  // Closes (see Close) if not done yet.
  ~Consumer();

  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Waits up to `timeout` for the next message. nullopt on timeout and on transient conditions
  // (broker down, rebalance, topic not created yet), which are logged and retried internally.
  // Errors:
  //   DataLoss  a partition's committed offset is outside the retained log; the message names the
  //             group, topic/partition, committed offset and log start. Logged as critical. That
  //             partition is no longer fetched by this consumer: an operator must decide (reset
  //             the group's offsets, re-publish from the producers' outboxes).
  //   Internal  non-transient broker errors (e.g. authorisation).
  //   FailedPrecondition  called after Close.
  absl::StatusOr<std::optional<IncomingMessage>> Poll(absl::Duration timeout);

  // Synchronously commits offset `message.offset + 1` for the message's partition: the group
  // will resume after it. Call after the database transaction that applied it has committed.
  // Errors: Unavailable when the commit did not happen (broker down, or the group rebalanced and
  // the partition moved) — the message may be delivered again; FailedPrecondition after Close;
  // Internal otherwise.
  absl::Status Commit(const IncomingMessage& message);

  // Leaves the group cleanly (partitions are reassigned at once instead of after the session
  // timeout). Idempotent; Poll and Commit fail afterwards.
  void Close();

  // Destroys the handle without leaving the group (which would wait for a broker that is gone):
  // for a consumer whose broker was lost or replaced. Poll, Commit and Probe fail afterwards.
  void Abandon();

  // Asks the cluster for its metadata within `timeout` and returns its cluster id ("" if the
  // broker reports none): whether a broker answers, and whether it is still the same cluster.
  // Errors: Unavailable when no broker answers; FailedPrecondition after Close or Abandon.
  absl::StatusOr<std::string> Probe(absl::Duration timeout);

  const std::string& group_id() const { return group_id_; }
  // The bootstrap address this consumer connected to (settings' file or list at Create).
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  Consumer(std::string group_id, std::string bootstrap);

  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);
  void Assign(rd_kafka_topic_partition_list_t* partitions);
  void Revoke(rd_kafka_topic_partition_list_t* partitions);
  void SetStartOffsets(rd_kafka_topic_partition_list_t* partitions);
  void RestartAtBeginning(const std::string& topic, int32_t partition);
  absl::Status OffsetOutOfRange(const rd_kafka_message_t& error);
  absl::Status ConvertError(const rd_kafka_message_t& error);
  bool cooperative() const;

  std::string group_id_;
  std::string bootstrap_;
  KafkaHandle handle_;
  bool closed_ = false;
  // Assigned partitions found to have no committed offset after a failed lookup; they start at
  // the beginning whenever the assignment is re-issued. Cleared on every rebalance.
  std::set<std::pair<std::string, int32_t>> without_commit_;
};

}  // namespace factflow::kafka
