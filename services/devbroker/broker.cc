#include "broker.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace factflow::devbroker {
namespace {

constexpr int kMaxPartitions = 1000;
constexpr int kMaxBrokers = 16;

bool IsLegalTopicName(std::string_view name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

absl::Status CreateTopics(rd_kafka_mock_cluster_t* cluster, const std::vector<TopicSpec>& topics,
                          int brokers) {
  const int replication = std::min(brokers, 3);
  for (const TopicSpec& topic : topics) {
    rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster, topic.name.c_str(), topic.partitions, replication);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return absl::InternalError(
          absl::StrCat("cannot create topic ", topic.name, ": ", rd_kafka_err2str(err)));
    }
    spdlog::info("topic {} created with {} partitions", topic.name, topic.partitions);
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<TopicSpec> DefaultTopics() {
  return {{"factflow.importer.v1", 3},
          {"factflow.invoicing.v1", 3},
          {"factflow.dispatch.v1", 3},
          {"factflow.catalog.v1", 3}};
}

absl::StatusOr<TopicSpec> ParseTopicSpec(std::string_view spec) {
  const std::string text(spec);  // Debian's Abseil has its own string_view type.
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("topic \"", text, "\" must be NAME:PARTITIONS, e.g. factflow.importer.v1:3"));
  }
  TopicSpec topic{.name = text.substr(0, colon)};
  if (!IsLegalTopicName(topic.name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "topic name \"", topic.name,
        "\" is not a legal Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"));
  }
  const std::string count = text.substr(colon + 1);
  if (!absl::SimpleAtoi(count, &topic.partitions) || topic.partitions < 1 ||
      topic.partitions > kMaxPartitions) {
    return absl::InvalidArgumentError(absl::StrCat("topic ", topic.name,
                                                   ": partition count must be 1..", kMaxPartitions,
                                                   ", got \"", count, "\""));
  }
  return topic;
}

absl::Status WriteFileAtomically(const std::string& path, std::string_view content) {
  const std::filesystem::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("cannot create folder for ", path, ": ", ec.message()));
  }
  const std::string temp = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      return absl::InternalError(absl::StrCat("cannot write ", temp, ": ", std::strerror(errno)));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temp.c_str());
    return absl::InternalError(
        absl::StrCat("cannot rename ", temp, " to ", path, ": ", std::strerror(error)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<MockCluster>> MockCluster::Start(const Options& options) {
  if (options.brokers < 1 || options.brokers > kMaxBrokers) {
    return absl::InvalidArgumentError(
        absl::StrCat("broker count must be 1..", kMaxBrokers, ", got ", options.brokers));
  }
  // The mock cluster needs a client handle for its bookkeeping only; it has no bootstrap
  // servers, so its notice about that is silenced by log_level 4.
  kafka::ConfHandle conf(rd_kafka_conf_new());
  kafka::ForwardLogsToSpdlog(conf.get());
  if (absl::Status s = kafka::SetProperty(conf.get(), "log_level", "4"); !s.ok()) return s;
  if (!options.debug.empty()) {
    if (absl::Status s = kafka::SetProperty(conf.get(), "debug", options.debug); !s.ok()) {
      return s;
    }
    if (absl::Status s = kafka::SetProperty(conf.get(), "log_level", "7"); !s.ok()) return s;
  }
  char error[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof(error));
  if (rk == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create librdkafka handle: ", error));
  }
  conf.release();  // rd_kafka_new took ownership.
  kafka::KafkaHandle handle(rk);

  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, options.brokers);
  if (cluster == nullptr) {
    return absl::InternalError("librdkafka could not create the mock cluster (see log above)");
  }
  std::unique_ptr<MockCluster> mock(new MockCluster(std::move(handle), cluster));
  if (absl::Status s = CreateTopics(cluster, options.topics, options.brokers); !s.ok()) return s;
  return mock;
}

MockCluster::MockCluster(kafka::KafkaHandle handle, rd_kafka_mock_cluster_t* cluster)
    : handle_(std::move(handle)),
      cluster_(cluster),
      bootstrap_(rd_kafka_mock_cluster_bootstraps(cluster)) {}

MockCluster::~MockCluster() { rd_kafka_mock_cluster_destroy(cluster_); }

}  // namespace factflow::devbroker
