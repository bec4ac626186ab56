#include "kafka/producer.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <limits>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "kafka/bootstrap.h"
#include "spdlog/spdlog.h"

namespace factflow::kafka {
namespace {

constexpr absl::Duration kDestructorFlush = absl::Seconds(2);
constexpr absl::Duration kQueueFullBackoff = absl::Milliseconds(10);
// How often a wait for delivery reports checks whether the broker moved (bootstrap file).
constexpr absl::Duration kMoveCheckInterval = absl::Seconds(1);

// The shared state of one ProduceAndWait call. Shared because delivery reports can arrive after
// the call gave up waiting (timeout), when only the in-flight tickets still reference it.
class DeliveryBatch {
 public:
  void Expect() {
    absl::MutexLock lock(&mu_);
    ++pending_;
  }

  void Complete(size_t index, absl::Status status) {
    absl::MutexLock lock(&mu_);
    --pending_;
    if (!status.ok() && index < first_error_index_) {
      first_error_index_ = index;
      first_error_ = std::move(status);
    }
  }

  // Returns the number of reports still missing at the deadline (0 when all arrived).
  size_t AwaitAll(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithDeadline(absl::Condition(
                              +[](size_t* pending) { return *pending == 0; }, &pending_),
                          deadline);
    return pending_;
  }

  absl::Status first_error() {
    absl::MutexLock lock(&mu_);
    return first_error_;
  }

 private:
  absl::Mutex mu_;
  size_t pending_ ABSL_GUARDED_BY(mu_) = 0;
  size_t first_error_index_ ABSL_GUARDED_BY(mu_) = std::numeric_limits<size_t>::max();
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
};

// Per-message opaque: owned by librdkafka from a successful enqueue until the delivery report.
struct DeliveryTicket {
  std::shared_ptr<DeliveryBatch> batch;
  size_t index;
};

void OnDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message, void* /*opaque*/) {
  auto* ticket = static_cast<DeliveryTicket*>(message->_private);
  if (ticket == nullptr) return;
  absl::Status status;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status =
        StatusFromRdKafka(message->err, absl::StrCat("delivering message ", ticket->index, " to ",
                                                     rd_kafka_topic_name(message->rkt)));
  }
  ticket->batch->Complete(ticket->index, std::move(status));
  delete ticket;
}

void OnError(rd_kafka_t* rk, int err, const char* reason, void* /*opaque*/) {
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    char fatal[512];
    rd_kafka_fatal_error(rk, fatal, sizeof(fatal));
    spdlog::critical("Kafka producer {} fatal error, recreate it: {}", rd_kafka_name(rk), fatal);
    return;
  }
  // Connection failures are already logged through the log callback; only the summary is new.
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
    spdlog::warn("Kafka producer {}: {}", rd_kafka_name(rk), reason);
  } else {
    spdlog::debug("Kafka producer {}: {} ({})", rd_kafka_name(rk), reason,
                  rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)));
  }
}

HeadersHandle MakeHeaders(const OutgoingMessage& message) {
  if (message.headers.empty()) return nullptr;
  HeadersHandle headers(rd_kafka_headers_new(message.headers.size()));
  for (const auto& [name, value] : message.headers) {
    rd_kafka_header_add(headers.get(), name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  return headers;
}

// Enqueues one message, waiting while the local queue is full. On success librdkafka owns the
// ticket and the headers.
rd_kafka_resp_err_t Enqueue(rd_kafka_t* rk, const OutgoingMessage& message,
                            std::unique_ptr<DeliveryTicket>& ticket, absl::Time deadline) {
  while (true) {
    HeadersHandle headers = MakeHeaders(message);
    const void* key = message.key.empty() ? nullptr : message.key.data();
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(message.topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key, message.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(message.payload.data()), message.payload.size()),
        RD_KAFKA_V_HEADERS(headers.get()), RD_KAFKA_V_OPAQUE(ticket.get()), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      headers.release();
      ticket.release();
      return err;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || absl::Now() >= deadline) return err;
    rd_kafka_poll(rk, ToTimeoutMs(kQueueFullBackoff));
  }
}

}  // namespace

class Producer::Connection {
 public:
  Connection(KafkaHandle handle, std::string bootstrap)
      : handle_(std::move(handle)),
        bootstrap_(std::move(bootstrap)),
        poller_([this](std::stop_token stop) {
          while (!stop.stop_requested()) rd_kafka_poll(handle_.get(), 100);
        }) {}

  // Flushes for up to 2 s (none when abandoned: its broker is gone), then drops what is still
  // queued. Those messages were never reported as delivered, so their outbox rows stay
  // unpublished and are sent again.
  ~Connection() {
    poller_.request_stop();
    poller_.join();
    rd_kafka_t* rk = handle_.get();
    const absl::Duration flush = abandoned_ ? absl::ZeroDuration() : kDestructorFlush;
    if (rd_kafka_flush(rk, ToTimeoutMs(flush)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      spdlog::warn("Kafka producer {} closing with {} undelivered messages; they are dropped",
                   rd_kafka_name(rk), rd_kafka_outq_len(rk));
      rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      // Serves the purged messages' delivery reports, which free their tickets.
      rd_kafka_flush(rk, 500);
    }
  }

  rd_kafka_t* get() const { return handle_.get(); }
  const std::string& bootstrap() const { return bootstrap_; }
  void Abandon() { abandoned_ = true; }

 private:
  KafkaHandle handle_;
  const std::string bootstrap_;
  std::atomic<bool> abandoned_{false};
  std::jthread poller_;  // Serves delivery reports; declared last so it stops first.
};

absl::StatusOr<std::shared_ptr<Producer::Connection>> Producer::Connect(
    const KafkaSettings& settings) {
  const std::string bootstrap = CurrentBootstrap(settings);
  absl::StatusOr<ConfHandle> conf =
      BuildConf(settings, {{"enable.idempotence", "true"},
                           {"acks", "all"},
                           {"linger.ms", "5"},
                           {"partitioner", "murmur2_random"},
                           {"message.timeout.ms", std::to_string(settings.message_timeout_ms)}});
  if (!conf.ok()) return conf.status();
  // BuildConf read the bootstrap file too; pin the address this connection really uses.
  if (absl::Status s = SetProperty(conf->get(), "bootstrap.servers", bootstrap); !s.ok()) return s;
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &OnDelivery);
  rd_kafka_conf_set_error_cb(conf->get(), &OnError);

  char error[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), error, sizeof(error));
  if (rk == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("cannot create Kafka producer: ", error));
  }
  conf->release();  // rd_kafka_new took ownership.
  spdlog::info("Kafka producer {} created for {}", rd_kafka_name(rk), bootstrap);
  return std::make_shared<Connection>(KafkaHandle(rk), bootstrap);
}

absl::StatusOr<std::unique_ptr<Producer>> Producer::Create(const KafkaSettings& settings) {
  absl::StatusOr<std::shared_ptr<Connection>> connection = Connect(settings);
  if (!connection.ok()) return connection.status();
  return std::unique_ptr<Producer>(new Producer(settings, *std::move(connection)));
}

Producer::Producer(KafkaSettings settings, std::shared_ptr<Connection> connection)
    : settings_(std::move(settings)), connection_(std::move(connection)) {}

Producer::~Producer() = default;

std::shared_ptr<Producer::Connection> Producer::current() const {
  absl::MutexLock lock(&mu_);
  return connection_;
}

bool Producer::ReconnectIfMoved(const std::shared_ptr<Connection>& lost) {
  std::shared_ptr<Connection> dropped;  // Destroyed outside the lock (it may purge).
  {
    absl::MutexLock lock(&mu_);
    if (connection_ != lost) return true;  // Another caller already reconnected.
    const std::string bootstrap = CurrentBootstrap(settings_);
    if (bootstrap.empty() || bootstrap == lost->bootstrap()) return false;
    absl::StatusOr<std::shared_ptr<Connection>> fresh = Connect(settings_);
    if (!fresh.ok()) {
      spdlog::error("Kafka producer cannot reconnect to {}: {}", bootstrap,
                    fresh.status().ToString());
      return false;
    }
    spdlog::warn("Kafka producer: broker at {} lost, reconnected to {} (bootstrap file {})",
                 lost->bootstrap(), bootstrap, settings_.bootstrap_file);
    lost->Abandon();
    dropped = std::exchange(connection_, *std::move(fresh));
  }
  return true;
}

absl::Status Producer::ProduceAndWait(std::span<const OutgoingMessage> messages,
                                      absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::shared_ptr<Connection> connection = current();
  auto batch = std::make_shared<DeliveryBatch>();
  absl::Status enqueue_error;
  for (size_t i = 0; i < messages.size(); ++i) {
    auto ticket = std::make_unique<DeliveryTicket>(DeliveryTicket{batch, i});
    batch->Expect();
    rd_kafka_resp_err_t err = Enqueue(connection->get(), messages[i], ticket, deadline);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      batch->Complete(i, absl::OkStatus());  // Never enqueued: no report will come.
      enqueue_error =
          StatusFromRdKafka(err, absl::StrCat("enqueueing message ", i, " of ", messages.size(),
                                              " for ", messages[i].topic));
      break;
    }
  }
  // Even after an enqueue failure, wait for the earlier messages so the caller's picture of
  // what is in flight is as complete as the deadline allows. Waits in slices to notice a broker
  // that moved: its messages would only time out.
  size_t missing = 0;
  while (true) {
    missing = batch->AwaitAll(std::min(deadline, absl::Now() + kMoveCheckInterval));
    if (missing == 0 || absl::Now() >= deadline) break;
    if (ReconnectIfMoved(connection)) {
      return absl::UnavailableError(absl::StrCat(
          "the Kafka broker moved while ", missing, " of ", messages.size(),
          " messages were unacknowledged; they will be sent again on the new connection"));
    }
  }
  if (missing > 0 && enqueue_error.ok()) {
    ReconnectIfMoved(connection);
    return absl::UnavailableError(
        absl::StrCat("Kafka did not acknowledge ", missing, " of ", messages.size(),
                     " messages within ", absl::FormatDuration(timeout),
                     " (broker unreachable or slow); they may still be delivered later"));
  }
  if (!enqueue_error.ok()) {
    ReconnectIfMoved(connection);
    return enqueue_error;
  }
  return batch->first_error();
}

absl::Status Producer::Flush(absl::Duration timeout) {
  std::shared_ptr<Connection> connection = current();
  rd_kafka_resp_err_t err = rd_kafka_flush(connection->get(), ToTimeoutMs(timeout));
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    return absl::UnavailableError(
        absl::StrCat("Kafka flush timed out after ", absl::FormatDuration(timeout), " with ",
                     rd_kafka_outq_len(connection->get()), " messages or requests outstanding"));
  }
  return StatusFromRdKafka(err, "flushing the Kafka producer");
}

absl::StatusOr<std::string> Producer::Probe(absl::Duration timeout) {
  std::shared_ptr<Connection> connection = current();
  absl::StatusOr<std::string> id = ProbeClusterId(connection->get(), timeout);
  if (id.ok() || !ReconnectIfMoved(connection)) return id;
  return ProbeClusterId(current()->get(), timeout);
}

absl::StatusOr<std::string> Producer::ClusterId(absl::Duration timeout) {
  std::shared_ptr<Connection> connection = current();
  char* id = rd_kafka_clusterid(connection->get(), ToTimeoutMs(timeout));
  if (id == nullptr) {
    return absl::UnavailableError(absl::StrCat("the Kafka cluster id is not known after ",
                                               absl::FormatDuration(timeout),
                                               " (broker unreachable?)"));
  }
  std::string result(id);
  rd_kafka_mem_free(connection->get(), id);
  return result;
}

}  // namespace factflow::kafka
