#include "kafka/consumer.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "kafka/bootstrap.h"
#include "spdlog/spdlog.h"

namespace factflow::kafka {
namespace {

constexpr int kCommittedLookupAttempts = 3;
constexpr int kCommittedLookupTimeoutMs = 10'000;
constexpr int kWatermarkTimeoutMs = 5'000;

std::string DescribeOffset(int64_t offset) {
  switch (offset) {
    case RD_KAFKA_OFFSET_BEGINNING:
      return "beginning";
    case RD_KAFKA_OFFSET_END:
      return "end";
    case RD_KAFKA_OFFSET_STORED:
    case RD_KAFKA_OFFSET_INVALID:
      return "committed";
    default:
      return std::to_string(offset);
  }
}

std::string Describe(const rd_kafka_topic_partition_list_t& partitions) {
  std::vector<std::string> parts;
  parts.reserve(partitions.cnt);
  for (int i = 0; i < partitions.cnt; ++i) {
    const rd_kafka_topic_partition_t& p = partitions.elems[i];
    parts.push_back(absl::StrCat(p.topic, "/", p.partition, "@", DescribeOffset(p.offset)));
  }
  return parts.empty() ? "nothing" : absl::StrJoin(parts, ", ");
}

IncomingMessage ToIncoming(const rd_kafka_message_t& message) {
  IncomingMessage out;
  out.topic = rd_kafka_topic_name(message.rkt);
  out.partition = message.partition;
  out.offset = message.offset;
  if (message.key != nullptr)
    out.key.assign(static_cast<const char*>(message.key), message.key_len);
  if (message.payload != nullptr) {
    out.payload.assign(static_cast<const char*>(message.payload), message.len);
  }
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      out.headers.emplace_back(name, value == nullptr
                                         ? std::string()
                                         : std::string(static_cast<const char*>(value), size));
    }
  }
  return out;
}

}  // namespace

std::string_view HeaderValue(const IncomingMessage& message, std::string_view name) {
  for (const auto& [header, value] : message.headers) {
    if (header == name) return value;
  }
  return {};
}

absl::StatusOr<std::unique_ptr<Consumer>> Consumer::Create(const KafkaSettings& settings,
                                                           std::string group_id,
                                                           std::vector<std::string> topics) {
  if (group_id.empty()) return absl::InvalidArgumentError("Kafka consumer group id is empty");
  if (topics.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("Kafka consumer group ", group_id, " has no topics to subscribe to"));
  }
  absl::StatusOr<ConfHandle> conf =
      BuildConf(settings, {{"group.id", group_id},
                           {"enable.auto.commit", "false"},
                           {"enable.auto.offset.store", "false"},
                           {"enable.partition.eof", "false"},
                           {"auto.offset.reset", "error"},
                           {"fetch.wait.max.ms", std::to_string(settings.fetch_wait_max_ms)}});
  if (!conf.ok()) return conf.status();
  // BuildConf read the bootstrap file too; pin the address this consumer really uses.
  const std::string bootstrap = CurrentBootstrap(settings);
  if (absl::Status s = SetProperty(conf->get(), "bootstrap.servers", bootstrap); !s.ok()) return s;

  // The object exists before the handle so the rebalance callback can reach it.
  std::unique_ptr<Consumer> consumer(new Consumer(std::move(group_id), bootstrap));
  rd_kafka_conf_set_opaque(conf->get(), consumer.get());
  rd_kafka_conf_set_rebalance_cb(conf->get(), &Consumer::OnRebalance);

  char error[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), error, sizeof(error));
  if (rk == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create Kafka consumer for group ", consumer->group_id_, ": ", error));
  }
  conf->release();  // rd_kafka_new took ownership.
  consumer->handle_.reset(rk);
  // Errors and rebalances then all arrive through rd_kafka_consumer_poll.
  rd_kafka_poll_set_consumer(rk);

  PartitionList subscription(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& topic : topics) {
    rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, subscription.get()); err) {
    return StatusFromRdKafka(
        err, absl::StrCat("subscribing Kafka consumer group ", consumer->group_id_, " to ",
                          absl::StrJoin(topics, ",")));
  }
  spdlog::info("Kafka consumer {} of group {} subscribed to {} on {}", rd_kafka_name(rk),
               consumer->group_id_, absl::StrJoin(topics, ","), bootstrap);
  return consumer;
}

Consumer::Consumer(std::string group_id, std::string bootstrap)
    : group_id_(std::move(group_id)), bootstrap_(std::move(bootstrap)) {}

Consumer::~Consumer() { Close(); }

void Consumer::Close() {
  if (closed_ || handle_ == nullptr) return;
  closed_ = true;
  if (rd_kafka_resp_err_t err = rd_kafka_consumer_close(handle_.get()); err) {
    spdlog::warn("Kafka consumer group {} did not leave cleanly: {}", group_id_,
                 rd_kafka_err2str(err));
  } else {
    spdlog::info("Kafka consumer {} left group {}", rd_kafka_name(handle_.get()), group_id_);
  }
}

void Consumer::Abandon() {
  if (handle_ == nullptr) return;
  closed_ = true;
  spdlog::warn("Kafka consumer {} of group {} abandoned (its broker at {} is gone)",
               rd_kafka_name(handle_.get()), group_id_, bootstrap_);
  rd_kafka_destroy_flags(handle_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
}

absl::StatusOr<std::string> Consumer::Probe(absl::Duration timeout) {
  if (closed_) {
    return absl::FailedPreconditionError(
        absl::StrCat("Kafka consumer of group ", group_id_, " probed after Close"));
  }
  return ProbeClusterId(handle_.get(), timeout);
}

bool Consumer::cooperative() const {
  return std::string_view(rd_kafka_rebalance_protocol(handle_.get())) == "COOPERATIVE";
}

void Consumer::OnRebalance(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<Consumer*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    self->Assign(partitions);
  } else {
    if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
      spdlog::warn("Kafka consumer group {} rebalance error: {}", self->group_id_,
                   rd_kafka_err2str(err));
    }
    self->Revoke(partitions);
  }
}

void Consumer::Assign(rd_kafka_topic_partition_list_t* partitions) {
  if (!cooperative()) without_commit_.clear();
  SetStartOffsets(partitions);
  spdlog::info("Kafka consumer group {} assigned {}", group_id_, Describe(*partitions));
  rd_kafka_t* rk = handle_.get();
  if (cooperative()) {
    if (rd_kafka_error_t* error = rd_kafka_incremental_assign(rk, partitions)) {
      spdlog::error("Kafka consumer group {} incremental assign failed: {}", group_id_,
                    rd_kafka_error_string(error));
      rd_kafka_error_destroy(error);
    }
  } else if (rd_kafka_resp_err_t err = rd_kafka_assign(rk, partitions); err) {
    spdlog::error("Kafka consumer group {} assign failed: {}", group_id_, rd_kafka_err2str(err));
  }
}

void Consumer::Revoke(rd_kafka_topic_partition_list_t* partitions) {
  spdlog::info("Kafka consumer group {} revoked {}", group_id_, Describe(*partitions));
  for (int i = 0; i < partitions->cnt; ++i) {
    without_commit_.erase({partitions->elems[i].topic, partitions->elems[i].partition});
  }
  rd_kafka_t* rk = handle_.get();
  if (cooperative()) {
    if (rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk, partitions)) {
      rd_kafka_error_destroy(error);
    }
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

// With auto.offset.reset=error, librdkafka would also fail a partition that simply has no
// committed offset yet. Looking the offsets up here lets exactly those partitions start at the
// beginning while a committed offset that fell out of the log still fails loudly.
void Consumer::SetStartOffsets(rd_kafka_topic_partition_list_t* partitions) {
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (int attempt = 1; attempt <= kCommittedLookupAttempts; ++attempt) {
    for (int i = 0; i < partitions->cnt; ++i) {
      partitions->elems[i].offset = RD_KAFKA_OFFSET_INVALID;
      partitions->elems[i].err = RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    err = rd_kafka_committed(handle_.get(), partitions, kCommittedLookupTimeoutMs);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    spdlog::warn("Kafka consumer group {}: committed offsets lookup failed (attempt {}/{}): {}",
                 group_id_, attempt, kCommittedLookupAttempts, rd_kafka_err2str(err));
  }
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_t& p = partitions->elems[i];
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || p.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // Unknown: librdkafka fetches the committed offset itself; if there is none, Poll sees
      // the reset error with no offset and restarts the partition at the beginning.
      p.offset = RD_KAFKA_OFFSET_INVALID;
    } else if (p.offset < 0) {
      p.offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    p.err = RD_KAFKA_RESP_ERR_NO_ERROR;
  }
}

void Consumer::RestartAtBeginning(const std::string& topic, int32_t partition) {
  spdlog::info(
      "Kafka consumer group {} has no committed offset for {}/{}: reading it from the "
      "beginning",
      group_id_, topic, partition);
  without_commit_.emplace(topic, partition);
  rd_kafka_t* rk = handle_.get();
  if (cooperative()) {
    PartitionList one(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(one.get(), topic.c_str(), partition)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
    if (rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk, one.get())) {
      rd_kafka_error_destroy(error);
    }
    if (rd_kafka_error_t* error = rd_kafka_incremental_assign(rk, one.get())) {
      rd_kafka_error_destroy(error);
    }
    return;
  }
  // Eager assign replaces the whole assignment: the others continue from their position, or
  // from where they were going to start if they have not fetched anything yet.
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (rd_kafka_assignment(rk, &raw) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  PartitionList assignment(raw);
  rd_kafka_position(rk, assignment.get());
  for (int i = 0; i < assignment->cnt; ++i) {
    rd_kafka_topic_partition_t& p = assignment->elems[i];
    if (p.offset < 0 && without_commit_.contains({p.topic, p.partition})) {
      p.offset = RD_KAFKA_OFFSET_BEGINNING;
    } else if (p.offset < 0) {
      p.offset = RD_KAFKA_OFFSET_INVALID;
    }
  }
  rd_kafka_assign(rk, assignment.get());
}

absl::Status Consumer::OffsetOutOfRange(const rd_kafka_message_t& error) {
  const std::string topic = rd_kafka_topic_name(error.rkt);
  int64_t low = -1;
  int64_t high = -1;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
      handle_.get(), topic.c_str(), error.partition, &low, &high, kWatermarkTimeoutMs);
  const std::string where = absl::StrCat(topic, "/", error.partition);
  const std::string log_start = err == RD_KAFKA_RESP_ERR_NO_ERROR
                                    ? std::to_string(low)
                                    : absl::StrCat("unknown (", rd_kafka_err2str(err), ")");
  std::string message;
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR && error.offset > high) {
    message =
        absl::StrCat("consumer group ", group_id_, " has committed offset ", error.offset, " on ",
                     where, " beyond the log end ", high, " (log starts at ", log_start,
                     "): the log was reset or recreated (e.g. the broker lost it); "
                     "events after that point may have been lost");
  } else {
    message = absl::StrCat("consumer group ", group_id_, " fell behind retention on ", where,
                           ": committed offset ", error.offset, ", log starts at ", log_start,
                           "; events were lost before this consumer read them");
  }
  spdlog::critical(
      "{} (partition no longer consumed; reset the group's offsets or re-publish "
      "from the outboxes; librdkafka: {})",
      message, rd_kafka_message_errstr(&error));
  return absl::DataLossError(message);
}

absl::Status Consumer::ConvertError(const rd_kafka_message_t& error) {
  const bool has_partition = error.rkt != nullptr && error.partition >= 0;
  if ((error.err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET ||
       error.err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) &&
      has_partition) {
    if (error.offset >= 0) return OffsetOutOfRange(error);
    RestartAtBeginning(rd_kafka_topic_name(error.rkt), error.partition);
    return absl::OkStatus();
  }
  if (error.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return absl::OkStatus();
  const std::string context = absl::StrCat(
      "Kafka consumer group ", group_id_,
      has_partition ? absl::StrCat(" on ", rd_kafka_topic_name(error.rkt), "/", error.partition)
                    : std::string(),
      ": ", rd_kafka_message_errstr(&error));
  if (IsTransient(error.err)) {
    spdlog::warn("{} (transient, retrying)", context);
    return absl::OkStatus();
  }
  absl::Status status = StatusFromRdKafka(error.err, context);
  spdlog::error("{}", std::string(status.message()));
  return status;
}

absl::StatusOr<std::optional<IncomingMessage>> Consumer::Poll(absl::Duration timeout) {
  if (closed_) {
    return absl::FailedPreconditionError(
        absl::StrCat("Kafka consumer of group ", group_id_, " polled after Close"));
  }
  MessageHandle message(rd_kafka_consumer_poll(handle_.get(), ToTimeoutMs(timeout)));
  if (message == nullptr) return std::nullopt;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    absl::Status status = ConvertError(*message);
    if (!status.ok()) return status;
    return std::nullopt;
  }
  return ToIncoming(*message);
}

absl::Status Consumer::Commit(const IncomingMessage& message) {
  if (closed_) {
    return absl::FailedPreconditionError(
        absl::StrCat("Kafka consumer of group ", group_id_, " committed after Close"));
  }
  PartitionList offsets(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_t* p =
      rd_kafka_topic_partition_list_add(offsets.get(), message.topic.c_str(), message.partition);
  p->offset = message.offset + 1;
  rd_kafka_resp_err_t err = rd_kafka_commit(handle_.get(), offsets.get(), /*async=*/0);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) err = p->err;
  return StatusFromRdKafka(
      err, absl::StrCat("committing offset ", message.offset + 1, " on ", message.topic, "/",
                        message.partition, " for consumer group ", group_id_));
}

}  // namespace factflow::kafka
