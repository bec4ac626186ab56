// The transactional outbox, the relay, the consumer loop and the inbox, against a real
// PostgreSQL database and the devbroker (a Kafka-protocol broker): events are published only
// when their transaction commits, in order, and applied exactly once even when delivered twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "factflow/events/v1/events.pb.h"
#include "kafka/producer.h"
#include "logging/logging.h"
#include "metrics/metrics.h"
#include "outbox/event_consumer.h"
#include "outbox/inbox.h"
#include "outbox/outbox.h"
#include "testing/test_database.h"

namespace factflow::outbox {
namespace {

// A topic of the devbroker's default set, with group ids unique per test run.
constexpr char kTopic[] = "factflow.catalog.v1";

kafka::KafkaSettings Settings() {
  kafka::KafkaSettings settings;
  settings.bootstrap_servers = testing::RequireEnv("FACTFLOW_KAFKA_BOOTSTRAP");
  settings.client_id = "outbox-integration-test";
  // As the services do (runtime.cc): a reopened group gets its partitions back quickly.
  settings.extra["session.timeout.ms"] = "6000";
  settings.extra["heartbeat.interval.ms"] = "600";
  return settings;
}

events::v1::EventEnvelope Event(const std::string& tenant, int n) {
  events::v1::CorrespondencesChanged payload;
  payload.set_connector_code("test-" + std::to_string(n));
  return MakeEnvelope(payload, {tenant, "connector", std::to_string(n), "test", ""});
}

using testing::QueryInt;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto producer = kafka::Producer::Create(Settings());
    ASSERT_TRUE(producer.ok()) << producer.status();
    producer_ = std::move(*producer);
    tenant_ = "tenant-" + logging::NewUuid().substr(0, 8);
  }

  // Consumes until `expected` events of this test's tenant were applied, or the timeout.
  std::vector<std::string> ConsumeApplied(const std::string& group, size_t expected,
                                          std::atomic<int>* handler_calls) {
    std::mutex mutex;
    std::vector<std::string> applied;
    EventConsumer consumer(Settings(), group, {kTopic}, db_.pool(),
                           [&](const events::v1::EventEnvelope& envelope) {
                             if (envelope.tenant_id() != tenant_) return absl::OkStatus();
                             ++*handler_calls;
                             return ApplyOnce(db_.pool(), group, envelope, [&](pqxx::work&) {
                               std::lock_guard lock(mutex);
                               applied.push_back(envelope.aggregate_id());
                               return absl::OkStatus();
                             });
                           });
    EXPECT_TRUE(consumer.Start().ok());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex);
        if (applied.size() >= expected) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Let stray duplicates arrive before judging.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    consumer.Stop();
    std::lock_guard lock(mutex);
    return applied;
  }

  testing::TestDatabase db_;
  std::unique_ptr<kafka::Producer> producer_;
  std::string tenant_;
};

TEST_F(OutboxTest, PublishesCommittedEventsOnlyInOrderAndConsumersApplyThemOnce) {
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    for (int i = 1; i <= 5; ++i) Append(tx, kTopic, Event(tenant_, i));
                    return absl::OkStatus();
                  })
                  .ok());
  // A transaction that fails leaves no event behind.
  EXPECT_FALSE(db_.pool()
                   .InTransaction([&](pqxx::work& tx) {
                     Append(tx, kTopic, Event(tenant_, 99));
                     return absl::AbortedError("business failure");
                   })
                   .ok());
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox"), 5);

  Relay relay(db_.pool(), *producer_, absl::Milliseconds(20));
  auto published = relay.PublishPending();
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(*published, 5);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox WHERE published_at IS NULL"), 0);

  // Republishing a range (the recovery tool) sends the same events again: consumers must
  // apply each one once.
  ASSERT_TRUE(Relay::Republish(db_.pool(), 1, 5).ok());
  published = relay.PublishPending();
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(*published, 5);

  std::atomic<int> calls{0};
  std::string group = "outbox-test-" + logging::NewUuid().substr(0, 8);
  std::vector<std::string> applied = ConsumeApplied(group, 5, &calls);
  EXPECT_EQ(applied, (std::vector<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(calls.load(), 10) << "each event was delivered twice";
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM inbox WHERE consumer = '" + group + "'"), 5);

  // A restarted consumer of the same group resumes after its committed offsets.
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    Append(tx, kTopic, Event(tenant_, 6));
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(relay.PublishPending().ok());
  calls = 0;
  applied = ConsumeApplied(group, 1, &calls);
  EXPECT_EQ(applied, (std::vector<std::string>{"6"}));
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(OutboxTest, PermanentFailuresAreDeadLetteredNotRetriedForever) {
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    Append(tx, kTopic, Event(tenant_, 1));
                    Append(tx, kTopic, Event(tenant_, 2));
                    return absl::OkStatus();
                  })
                  .ok());
  Relay relay(db_.pool(), *producer_, absl::Milliseconds(20));
  ASSERT_TRUE(relay.PublishPending().ok());

  std::string group = "dead-letter-test-" + logging::NewUuid().substr(0, 8);
  std::atomic<int> applied{0};
  EventConsumer consumer(Settings(), group, {kTopic}, db_.pool(),
                         [&](const events::v1::EventEnvelope& envelope) -> absl::Status {
                           if (envelope.tenant_id() != tenant_) return absl::OkStatus();
                           if (envelope.aggregate_id() == "1") {
                             return absl::InvalidArgumentError("cannot apply event 1");
                           }
                           ++applied;
                           return absl::OkStatus();
                         });
  ASSERT_TRUE(consumer.Start().ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (applied.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  consumer.Stop();
  EXPECT_EQ(applied.load(), 1);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM dead_letters WHERE consumer = '" + group +
                                     "' AND error LIKE '%cannot apply event 1%'"),
            1);
}

// An event carrying `codes` codes of 40 characters: over the outbox limit from about 6,000.
events::v1::EventEnvelope EventWithCodes(const std::string& tenant, int codes) {
  events::v1::CorrespondencesChanged payload;
  payload.set_connector_code("bulk");
  for (int i = 0; i < codes; ++i)
    payload.add_external_codes(std::string(36, 'x') + std::to_string(1000 + i));
  return MakeEnvelope(payload, {tenant, "connector", "bulk", "test", ""});
}

TEST_F(OutboxTest, AnOversizeEventIsRefusedInTheTransactionThatWritesIt) {
  events::v1::EventEnvelope fits = EventWithCodes(tenant_, 5000);
  events::v1::EventEnvelope too_large = EventWithCodes(tenant_, 8000);
  ASSERT_LE(fits.ByteSizeLong(), kMaxEnvelopeBytes);
  ASSERT_GT(too_large.ByteSizeLong(), kMaxEnvelopeBytes);
  EXPECT_TRUE(CheckEventSize(fits).ok());
  EXPECT_EQ(CheckEventSize(too_large).code(), absl::StatusCode::kFailedPrecondition);

  // The state change and the small event written before it are rolled back with it.
  absl::Status status = db_.pool().InTransaction([&](pqxx::work& tx) {
    tx.exec("CREATE TABLE state_change (id int)");
    tx.exec("INSERT INTO state_change VALUES (1)");
    Append(tx, kTopic, Event(tenant_, 1));
    Append(tx, kTopic, too_large);
    return absl::OkStatus();
  });
  // Refused; the detail (event, size, limit) goes to the log only, never to a client.
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), ::testing::Not(::testing::HasSubstr("INSERT")));
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox"), 0);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM pg_tables WHERE tablename = 'state_change'"),
            0);

  // AppendAll writes all or nothing.
  std::vector<events::v1::EventEnvelope> batch = {Event(tenant_, 1), too_large};
  EXPECT_FALSE(db_.pool()
                   .InTransaction([&](pqxx::work& tx) {
                     AppendAll(tx, kTopic, batch);
                     return absl::OkStatus();
                   })
                   .ok());
  batch = {Event(tenant_, 1), fits, Event(tenant_, 2)};
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    AppendAll(tx, kTopic, batch);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox"), 3);
  EXPECT_GT(
      QueryInt(db_.pool(), "SELECT octet_length(envelope) FROM outbox ORDER BY id OFFSET 1 LIMIT 1"),
      200000)
      << "rows keep their order";
}

TEST_F(OutboxTest, ARowTheRelayCannotPublishTurnsItUnhealthyNamedAndCountedNeverSilent) {
  // A row written before the limit existed (or by another writer): the relay must say so.
  events::v1::EventEnvelope too_large = EventWithCodes(tenant_, 8000);
  std::string bytes = too_large.SerializeAsString();
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    Append(tx, kTopic, Event(tenant_, 1));
                    tx.exec_params(
                        "INSERT INTO outbox (event_id, topic, partition_key, event_type, "
                        "envelope) VALUES ($1, $2, $3, $4, $5)",
                        too_large.event_id(), std::string(kTopic), tenant_, too_large.event_type(),
                        pqxx::binarystring(bytes.data(), bytes.size()));
                    Append(tx, kTopic, Event(tenant_, 3));
                    return absl::OkStatus();
                  })
                  .ok());

  Relay relay(db_.pool(), *producer_, absl::Milliseconds(20));
  auto published = relay.PublishPending();
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(published.status().message()),
              ::testing::HasSubstr("outbox row 2 (factflow.events.v1.CorrespondencesChanged"));
  EXPECT_EQ(relay.stuck_row(), 2);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL"), 1)
      << "the row before the stuck one went out";
  std::string metrics = metrics::Metrics::Get().Render();
  EXPECT_THAT(metrics, ::testing::HasSubstr("factflow_outbox_stuck_row 2"));
  EXPECT_THAT(metrics, ::testing::HasSubstr("factflow_outbox_publish_failures_total"));

  // The running relay reports it through health (the service turns NOT_SERVING)...
  relay.Start();
  relay.Wake();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (relay.healthy() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(relay.healthy());
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox WHERE published_at IS NULL"), 2)
      << "nothing is skipped: later rows wait behind the stuck one";

  // ...until the row is repaired; then everything goes out and health comes back.
  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    std::string small = Event(tenant_, 2).SerializeAsString();
                    tx.exec_params("UPDATE outbox SET envelope = $1 WHERE id = 2",
                                   pqxx::binarystring(small.data(), small.size()));
                    return absl::OkStatus();
                  })
                  .ok());
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((!relay.healthy() || relay.stuck_row() != 0) &&
         std::chrono::steady_clock::now() < deadline) {
    relay.Wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  relay.Stop();
  EXPECT_TRUE(relay.healthy());
  EXPECT_EQ(relay.stuck_row(), 0);
  EXPECT_EQ(QueryInt(db_.pool(), "SELECT count(*) FROM outbox WHERE published_at IS NULL"), 0);
  EXPECT_THAT(metrics::Metrics::Get().Render(),
              ::testing::HasSubstr("factflow_outbox_stuck_row 0"));
}

// Commits `offset` for every partition of kTopic as `group`, from a handle outside the group:
// what a consumer finds when the broker's retention dropped the events it had not read yet.
void CommitOffsetForGroup(const std::string& group, int64_t offset) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers",
                              testing::RequireEnv("FACTFLOW_KAFKA_BOOTSTRAP").c_str(), error,
                              sizeof(error)),
            RD_KAFKA_CONF_OK);
  ASSERT_EQ(rd_kafka_conf_set(conf, "group.id", group.c_str(), error, sizeof(error)),
            RD_KAFKA_CONF_OK);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof(error));
  ASSERT_NE(rk, nullptr) << error;
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(3);
  for (int32_t partition = 0; partition < 3; ++partition) {
    rd_kafka_topic_partition_list_add(offsets, kTopic, partition)->offset = offset;
  }
  EXPECT_EQ(rd_kafka_commit(rk, offsets, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(offsets);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
}

TEST_F(OutboxTest, AConsumerBehindRetentionStopsLoudlyInsteadOfSkipping) {
  std::string group = "behind-retention-" + logging::NewUuid().substr(0, 8);
  CommitOffsetForGroup(group, 1'000'000);
  std::atomic<int> applied{0};
  EventConsumer consumer(Settings(), group, {kTopic}, db_.pool(),
                         [&](const events::v1::EventEnvelope&) {
                           ++applied;
                           return absl::OkStatus();
                         });
  ASSERT_TRUE(consumer.Start().ok());
  EXPECT_TRUE(consumer.healthy());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (consumer.healthy() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(consumer.healthy()) << "the lost events went unnoticed";
  consumer.Stop();
  EXPECT_EQ(applied.load(), 0);
}

}  // namespace
}  // namespace factflow::outbox
