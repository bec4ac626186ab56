#pragma once

// The embedded Kafka-protocol broker: librdkafka's mock cluster (rdkafka_mock.h) with the
// project's topics created up front. Services connect to it exactly as to Kafka.
//
// What the mock cluster (librdkafka 2.0.2) does and does not do:
//   - keeps the log in memory, at most about 5 MiB per partition (older message sets are dropped,
//     which moves the log start like retention would);
//   - supports idempotent and transactional producers, consumer groups and committed offsets;
//   - auto-creates unknown topics with 4 partitions when a producer uses them; the CreateTopics
//     admin API is not supported;
//   - listens on 127.0.0.1 only, on an ephemeral port per broker chosen by the kernel: 2.0.2 has
//     no API or property to choose the port, hence the bootstrap file;
//   - delays an empty fetch by the client's fetch.wait.max.ms.
//
// Thread safety: MockCluster is not copied or shared; its broker threads are librdkafka's.

#include <librdkafka/rdkafka.h>
// After rdkafka.h, which it requires.
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "kafka/rdkafka_util.h"

namespace factflow::devbroker {

struct TopicSpec {
  std::string name;
  int partitions = 0;
};

// The project's topics: factflow.{importer,invoicing,dispatch,catalog}.v1 with 3 partitions.
std::vector<TopicSpec> DefaultTopics();

// Parses "NAME:PARTITIONS". InvalidArgument when the name is not a legal Kafka topic name
// ([A-Za-z0-9._-], at most 249 characters, not "." or "..") or the partition count is not in
// 1..1000.
absl::StatusOr<TopicSpec> ParseTopicSpec(std::string_view spec);

// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
// reader sees either the old file or the whole new one. Creates missing parent folders.
// Errors: Internal naming the path and the system error.
absl::Status WriteFileAtomically(const std::string& path, std::string_view content);

class MockCluster {
 public:
  struct Options {
    int brokers = 1;                // 1..16.
    std::vector<TopicSpec> topics;  // Created with replication factor min(brokers, 3).
    std::string debug;              // librdkafka `debug` contexts, e.g. "mock,protocol".
  };

  // Starts the brokers and creates the topics. Errors: InvalidArgument for bad options,
  // Internal when librdkafka cannot create the cluster or a topic.
  static absl::StatusOr<std::unique_ptr<MockCluster>> Start(const Options& options);

  // Stops the brokers; clients see the connection drop.
  ~MockCluster();

  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:PORT[,127.0.0.1:PORT...]".
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  MockCluster(kafka::KafkaHandle handle, rd_kafka_mock_cluster_t* cluster);

  kafka::KafkaHandle handle_;  // Owns the cluster's bookkeeping; destroyed after the cluster.
  rd_kafka_mock_cluster_t* cluster_;
  std::string bootstrap_;
};

}  // namespace factflow::devbroker
