#include "kafka/rdkafka_util.h"

#include <climits>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "kafka/bootstrap.h"
#include "spdlog/spdlog.h"

namespace factflow::kafka {
namespace {

// librdkafka logs from its own threads; spdlog's default logger is thread-safe.
void ForwardLog(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  const char* name = rk != nullptr ? rd_kafka_name(rk) : "rdkafka";
  if (level <= 2) {
    spdlog::critical("{} {}: {}", name, facility, message);
  } else if (level == 3) {
    spdlog::error("{} {}: {}", name, facility, message);
  } else if (level == 4) {
    spdlog::warn("{} {}: {}", name, facility, message);
  } else if (level <= 6) {
    spdlog::info("{} {}: {}", name, facility, message);
  } else {
    spdlog::debug("{} {}: {}", name, facility, message);
  }
}

bool IsDataLoss(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE ||
         err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET;
}

bool IsInvalidArgument(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__INVALID_TYPE:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_INVALID_REQUIRED_ACKS:
    case RD_KAFKA_RESP_ERR_INVALID_SESSION_TIMEOUT:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsTransient(rd_kafka_resp_err_t err) {
  switch (err) {
    // Client side: connectivity, timeouts, back-pressure, shutdown purges.
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__RESOLVE:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
    case RD_KAFKA_RESP_ERR__WAIT_COORD:
    case RD_KAFKA_RESP_ERR__WAIT_CACHE:
    case RD_KAFKA_RESP_ERR__RETRY:
    case RD_KAFKA_RESP_ERR__IN_PROGRESS:
    case RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
    case RD_KAFKA_RESP_ERR__DESTROY:
    case RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST:
    // Broker side: leadership moves, coordinator moves, rebalances, topic being created.
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
    case RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_COORDINATOR:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID:
    case RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR:
    case RD_KAFKA_RESP_ERR_FETCH_SESSION_ID_NOT_FOUND:
    case RD_KAFKA_RESP_ERR_INVALID_FETCH_SESSION_EPOCH:
    case RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH:
    case RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH:
    case RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED:
    case RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT:
      return true;
    default:
      return false;
  }
}

absl::Status StatusFromRdKafka(rd_kafka_resp_err_t err, std::string_view context) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();
  std::string message = absl::StrCat(std::string(context), ": ", rd_kafka_err2str(err), " (",
                                     rd_kafka_err2name(err), ")");
  if (IsTransient(err)) return absl::UnavailableError(message);
  if (IsDataLoss(err)) return absl::DataLossError(message);
  if (IsInvalidArgument(err)) return absl::InvalidArgumentError(message);
  return absl::InternalError(message);
}

absl::Status SetProperty(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof(error)) !=
      RD_KAFKA_CONF_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("Kafka property ", name, "=", value, " rejected: ", error));
  }
  return absl::OkStatus();
}

absl::StatusOr<ConfHandle> BuildConf(const KafkaSettings& settings, const Properties& defaults) {
  const std::string bootstrap = CurrentBootstrap(settings);
  if (bootstrap.empty()) {
    return absl::InvalidArgumentError(
        "Kafka bootstrap servers are empty: set them to the broker list (host:port,...)");
  }
  ConfHandle conf(rd_kafka_conf_new());
  for (const auto& [name, value] : defaults) {
    if (absl::Status s = SetProperty(conf.get(), name, value); !s.ok()) return s;
  }
  if (absl::Status s = SetProperty(conf.get(), "bootstrap.servers", bootstrap); !s.ok()) {
    return s;
  }
  if (!settings.client_id.empty()) {
    if (absl::Status s = SetProperty(conf.get(), "client.id", settings.client_id); !s.ok()) {
      return s;
    }
  }
  for (const auto& [name, value] : settings.extra) {
    if (absl::Status s = SetProperty(conf.get(), name, value); !s.ok()) return s;
  }
  ForwardLogsToSpdlog(conf.get());
  return conf;
}

void ForwardLogsToSpdlog(rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, &ForwardLog); }

absl::StatusOr<std::string> ProbeClusterId(rd_kafka_t* rk, absl::Duration timeout) {
  const rd_kafka_metadata_t* metadata = nullptr;
  // all_topics=0 with no topic: only the topics this handle already knows, a small request.
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, nullptr, &metadata, ToTimeoutMs(timeout));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return StatusFromRdKafka(err, "asking the Kafka cluster for its metadata");
  }
  rd_kafka_metadata_destroy(metadata);
  // Cached by the answer above; a cluster that reports no id (before Kafka 0.10.1) gives "".
  char* id = rd_kafka_clusterid(rk, 0);
  if (id == nullptr) return std::string();
  std::string result(id);
  rd_kafka_mem_free(rk, id);
  return result;
}

int ToTimeoutMs(absl::Duration timeout) {
  if (timeout <= absl::ZeroDuration()) return 0;
  const int64_t ms = absl::ToInt64Milliseconds(absl::Ceil(timeout, absl::Milliseconds(1)));
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

}  // namespace factflow::kafka
