#include "outbox/event_consumer.h"

#include <chrono>

#include "kafka/bootstrap.h"
#include "logging/logging.h"
#include "metrics/metrics.h"
#include "spdlog/spdlog.h"

namespace factflow::outbox {
namespace {

constexpr std::chrono::seconds kProbeInterval{1};
constexpr absl::Duration kProbeTimeout = absl::Seconds(1);

bool IsPermanent(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kUnimplemented:
      return true;
    default:
      return false;
  }
}

}  // namespace

EventConsumer::EventConsumer(kafka::KafkaSettings settings, std::string group_id,
                             std::vector<std::string> topics, db::Pool& pool, Handler handler)
    : settings_(std::move(settings)),
      group_id_(std::move(group_id)),
      topics_(std::move(topics)),
      pool_(pool),
      handler_(std::move(handler)) {}

EventConsumer::~EventConsumer() { Stop(); }

absl::Status EventConsumer::Start() {
  auto consumer = kafka::Consumer::Create(settings_, group_id_, topics_);
  if (!consumer.ok()) return consumer.status();
  consumer_ = std::move(*consumer);
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void EventConsumer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (consumer_) {
    // Leaving the group needs a broker; without one, closing would only wait for it.
    if (connected_) {
      consumer_->Close();
    } else {
      consumer_->Abandon();
    }
    consumer_.reset();
  }
}

bool EventConsumer::CheckBroker() {
  if (consumer_ == nullptr) {
    Reconnect("no Kafka consumer (the last reconnection failed)");
    return false;
  }
  absl::StatusOr<std::string> cluster = consumer_->Probe(kProbeTimeout);
  if (!cluster.ok()) {
    if (connected_.exchange(false)) {
      spdlog::error("{}: Kafka broker at {} unreachable: {}", group_id_, consumer_->bootstrap(),
                    cluster.status().ToString());
    }
    const std::string bootstrap = kafka::CurrentBootstrap(settings_);
    if (!bootstrap.empty() && bootstrap != consumer_->bootstrap()) {
      Reconnect("the bootstrap file now names " + bootstrap);
      return false;
    }
    return true;
  }
  if (!connected_.exchange(true)) spdlog::info("{}: Kafka broker reachable again", group_id_);
  if (cluster_id_.empty()) {
    cluster_id_ = *cluster;
  } else if (*cluster != cluster_id_) {
    Reconnect("the Kafka cluster changed from " + cluster_id_ + " to " + *cluster +
              " (a new, empty log)");
    return false;
  }
  return true;
}

void EventConsumer::Reconnect(const std::string& why) {
  spdlog::warn("{}: rebuilding the Kafka consumer: {}", group_id_, why);
  if (consumer_) consumer_->Abandon();
  consumer_.reset();
  cluster_id_.clear();
  auto consumer = kafka::Consumer::Create(settings_, group_id_, topics_);
  if (!consumer.ok()) {
    connected_ = false;
    spdlog::error("{}: cannot create the Kafka consumer: {}", group_id_,
                  consumer.status().ToString());
    return;
  }
  consumer_ = std::move(*consumer);
}

void EventConsumer::Run() {
  auto next_probe = std::chrono::steady_clock::now();
  while (!stopping_) {
    if (std::chrono::steady_clock::now() >= next_probe) {
      CheckBroker();
      next_probe = std::chrono::steady_clock::now() + kProbeInterval;
    }
    if (consumer_ == nullptr) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    auto polled = consumer_->Poll(absl::Milliseconds(100));
    if (!polled.ok()) {
      // A committed offset beyond a new cluster's empty log is not data loss: the producers
      // republish their outboxes there. CheckBroker rebuilds the consumer on the new cluster.
      if (polled.status().code() == absl::StatusCode::kDataLoss && CheckBroker() &&
          consumer_ != nullptr) {
        healthy_ = false;
        spdlog::critical("{}: stopped: {}", group_id_, polled.status().ToString());
        return;
      }
      spdlog::warn("{}: poll failed: {}", group_id_, polled.status().ToString());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    if (!polled->has_value()) continue;
    const kafka::IncomingMessage& message = **polled;
    if (!Process(message)) return;
    absl::Status committed = consumer_->Commit(message);
    if (!committed.ok()) {
      // The event is applied and recorded in the inbox: a redelivery will be skipped.
      spdlog::warn("{}: offset commit failed: {}", group_id_, committed.ToString());
    }
    ++processed_;
  }
}

bool EventConsumer::Process(const kafka::IncomingMessage& message) {
  events::v1::EventEnvelope envelope;
  if (!envelope.ParseFromString(message.payload)) {
    DeadLetter(message, nullptr, absl::InvalidArgumentError("not an EventEnvelope"));
    return true;
  }
  logging::ScopedContext context(
      {envelope.tenant_id(), envelope.correlation_id(), envelope.event_id()});
  int attempt = 0;
  while (true) {
    absl::Status status = handler_(envelope);
    if (status.ok()) {
      if (attempt > 0) healthy_ = true;
      metrics::Metrics::Get().CountEvent(group_id_, "applied");
      return true;
    }
    if (IsPermanent(status)) {
      DeadLetter(message, &envelope, status);
      return true;
    }
    metrics::Metrics::Get().CountEvent(group_id_, "retried");
    ++attempt;
    if (attempt == 1 || attempt % 20 == 0) {
      spdlog::warn("{}: {} failed (attempt {}), retrying: {}", group_id_, envelope.event_type(),
                   attempt, status.ToString());
    }
    if (attempt >= 5) healthy_ = false;
    for (int i = 0; i < std::min(attempt, 10) * 2; ++i) {
      if (stopping_) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void EventConsumer::DeadLetter(const kafka::IncomingMessage& message,
                               const events::v1::EventEnvelope* envelope,
                               const absl::Status& error) {
  metrics::Metrics::Get().CountEvent(group_id_, "dead_letter");
  spdlog::error("{}: event at {}[{}]@{} dead-lettered: {}", group_id_, message.topic,
                message.partition, message.offset, error.ToString());
  absl::Status stored = pool_.InTransaction([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO dead_letters (consumer, event_id, event_type, topic, kafka_partition, "
        "kafka_offset, error, envelope) VALUES ($1, NULLIF($2, '')::uuid, $3, $4, $5, $6, $7, $8)",
        group_id_, envelope ? envelope->event_id() : std::string(),
        envelope ? envelope->event_type() : std::string(), message.topic, message.partition,
        message.offset, error.ToString(),
        pqxx::binarystring(message.payload.data(), message.payload.size()));
    return absl::OkStatus();
  });
  if (!stored.ok())
    spdlog::error("{}: could not record dead letter: {}", group_id_, stored.ToString());
}

}  // namespace factflow::outbox
