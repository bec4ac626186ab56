#pragma once

// Internal to factflow_kafka: RAII handles for librdkafka objects, configuration building and the
// one place where librdkafka error codes become absl::Status. Services use producer.h and
// consumer.h instead.
//
// Thread safety: the functions are reentrant; the handles follow librdkafka's own rules.

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "kafka/config.h"

namespace factflow::kafka {

struct RdKafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
struct HeadersDeleter {
  void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;
using ConfHandle = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
using HeadersHandle = std::unique_ptr<rd_kafka_headers_t, HeadersDeleter>;
using MessageHandle = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

using Properties = std::vector<std::pair<std::string, std::string>>;

// Converts a librdkafka error code. OK for RD_KAFKA_RESP_ERR_NO_ERROR; otherwise:
//   Unavailable     transient (broker down, timeout, leader change, rebalance): retry;
//   DataLoss        offset out of range (the consumer fell behind retention);
//   InvalidArgument bad configuration or request (too large, unknown partition): don't retry;
//   Internal        everything else (authorisation, fatal idempotence errors, bugs).
// `context` says what was being done, e.g. "producing to factflow.invoicing.v1".
absl::Status StatusFromRdKafka(rd_kafka_resp_err_t err, std::string_view context);

// Whether StatusFromRdKafka maps `err` to Unavailable.
bool IsTransient(rd_kafka_resp_err_t err);

// Builds a configuration: `defaults` first, then bootstrap.servers, client.id and
// settings.extra (so extra wins). Installs a log callback that forwards librdkafka logs to
// spdlog. InvalidArgument names the offending property when librdkafka rejects one or when
// bootstrap_servers is empty.
absl::StatusOr<ConfHandle> BuildConf(const KafkaSettings& settings, const Properties& defaults);

// Routes librdkafka's log lines for handles made from `conf` to spdlog (BuildConf does this).
void ForwardLogsToSpdlog(rd_kafka_conf_t* conf);

// Sets one property; InvalidArgument naming it on failure.
absl::Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

// Asks a broker of `rk`'s cluster for metadata (a real round trip, so it fails when no broker
// can be reached within `timeout`) and returns the cluster id it reported ("" when the cluster
// reports none). A new id means a new cluster: its log and committed offsets start empty.
// Errors: Unavailable (or Internal) from StatusFromRdKafka.
absl::StatusOr<std::string> ProbeClusterId(rd_kafka_t* rk, absl::Duration timeout);

// librdkafka timeouts are int milliseconds: rounds up, clamps to [0, INT_MAX].
int ToTimeoutMs(absl::Duration timeout);

}  // namespace factflow::kafka
