// Talks to a real Kafka-protocol broker over TCP (the devbroker in the test script):
//   factflow-devbroker --bootstrap-file /tmp/kafka-dev/bootstrap &
//   FACTFLOW_KAFKA_BOOTSTRAP=$(cat /tmp/kafka-dev/bootstrap) kafka_integration_test
// Every test uses its own topics (auto-created by the first produce) and consumer groups.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "kafka/rdkafka_util.h"

namespace factflow::kafka {
namespace {

using ::testing::HasSubstr;

constexpr absl::Duration kConsumeDeadline = absl::Seconds(60);
// Long enough for messages still in flight on another partition to show up.
constexpr absl::Duration kQuietPeriod = absl::Seconds(2);

class KafkaIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bootstrap = std::getenv("FACTFLOW_KAFKA_BOOTSTRAP");
    ASSERT_TRUE(bootstrap != nullptr && *bootstrap != '\0')
        << "FACTFLOW_KAFKA_BOOTSTRAP is not set. This test needs a running broker: start "
           "`factflow-devbroker --bootstrap-file /tmp/kafka-dev/bootstrap &` and export "
           "FACTFLOW_KAFKA_BOOTSTRAP=$(cat /tmp/kafka-dev/bootstrap)";
    settings_.bootstrap_servers = bootstrap;
    settings_.client_id = "kafka-integration-test";
    // The mock cluster waits (session timeout - 1 s) for former members before re-forming a
    // group that a member just left; a short session keeps reopen-the-group tests quick.
    settings_.extra = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "500"}};
    KafkaSettings producer_settings = settings_;
    producer_settings.extra.clear();  // Consumer-only properties.
    absl::StatusOr<std::unique_ptr<Producer>> producer = Producer::Create(producer_settings);
    ASSERT_TRUE(producer.ok()) << producer.status();
    producer_ = std::move(*producer);
  }

  static std::string Unique(std::string_view what) {
    static std::atomic<int> counter{0};
    return absl::StrCat("factflow.test.", std::string(what), ".", getpid(), ".",
                        absl::ToUnixMillis(absl::Now()), ".", counter++);
  }

  std::unique_ptr<Consumer> Subscribe(const std::string& group, const std::string& topic) {
    absl::StatusOr<std::unique_ptr<Consumer>> consumer =
        Consumer::Create(settings_, group, {topic});
    EXPECT_TRUE(consumer.ok()) << consumer.status();
    return consumer.ok() ? std::move(*consumer) : nullptr;
  }

  // Produces events [first, first + count) keyed by tenant-(id % tenants); the payload is
  // "<key>:<per-key sequence>" and header event-id carries the id.
  void ProduceEvents(const std::string& topic, int first, int count, int tenants,
                     std::map<std::string, int>& next_seq) {
    std::vector<OutgoingMessage> messages;
    for (int id = first; id < first + count; ++id) {
      std::string key = absl::StrCat("tenant-", id % tenants);
      int seq = next_seq[key]++;
      messages.push_back({.topic = topic,
                          .key = key,
                          .payload = absl::StrCat(key, ":", seq),
                          .headers = {{"event-id", std::to_string(id)}}});
    }
    absl::Status status = producer_->ProduceAndWait(messages, absl::Seconds(30));
    ASSERT_TRUE(status.ok()) << status;
  }

  // Polls until `count` messages arrived, committing those for which `commit` says so.
  static std::vector<IncomingMessage> Consume(
      Consumer& consumer, size_t count,
      const std::function<bool(size_t index)>& commit = [](size_t) { return true; }) {
    std::vector<IncomingMessage> received;
    const absl::Time deadline = absl::Now() + kConsumeDeadline;
    while (received.size() < count && absl::Now() < deadline) {
      absl::StatusOr<std::optional<IncomingMessage>> polled =
          consumer.Poll(absl::Milliseconds(200));
      EXPECT_TRUE(polled.ok()) << polled.status();
      if (!polled.ok()) break;
      if (!polled->has_value()) continue;
      if (commit(received.size())) {
        absl::Status committed = consumer.Commit(**polled);
        EXPECT_TRUE(committed.ok()) << committed;
      }
      received.push_back(std::move(**polled));
    }
    EXPECT_EQ(received.size(), count) << "timed out waiting for messages";
    return received;
  }

  static void ExpectNothingMore(Consumer& consumer) {
    const absl::Time until = absl::Now() + kQuietPeriod;
    while (absl::Now() < until) {
      absl::StatusOr<std::optional<IncomingMessage>> polled =
          consumer.Poll(absl::Milliseconds(100));
      ASSERT_TRUE(polled.ok()) << polled.status();
      ASSERT_FALSE(polled->has_value())
          << "unexpected message " << (*polled)->topic << "/" << (*polled)->partition << "@"
          << (*polled)->offset << " event-id " << HeaderValue(**polled, "event-id");
    }
  }

  // Polls until Poll fails; returns that status (DeadlineExceeded if it never does).
  static absl::Status PollUntilError(Consumer& consumer) {
    const absl::Time deadline = absl::Now() + kConsumeDeadline;
    while (absl::Now() < deadline) {
      absl::StatusOr<std::optional<IncomingMessage>> polled =
          consumer.Poll(absl::Milliseconds(200));
      if (!polled.ok()) return polled.status();
    }
    return absl::DeadlineExceededError("Poll never failed");
  }

  static std::set<int> EventIds(const std::vector<IncomingMessage>& messages) {
    std::set<int> ids;
    for (const IncomingMessage& m : messages) {
      int id = -1;
      EXPECT_TRUE(absl::SimpleAtoi(std::string(HeaderValue(m, "event-id")), &id)) << m.payload;
      EXPECT_TRUE(ids.insert(id).second) << "event " << id << " delivered twice";
    }
    return ids;
  }

  static std::set<int> Range(int first, int end) {
    std::set<int> ids;
    for (int id = first; id < end; ++id) ids.insert(id);
    return ids;
  }

  // Each key stays on one partition and its sequence numbers arrive in order, continuing from
  // `expected_seq` (updated).
  static void ExpectPerKeyOrder(const std::vector<IncomingMessage>& messages,
                                std::map<std::string, int>& expected_seq,
                                std::map<std::string, int32_t>& partition_of_key) {
    for (const IncomingMessage& m : messages) {
      std::vector<std::string> parts = absl::StrSplit(m.payload, ':');
      ASSERT_EQ(parts.size(), 2u) << m.payload;
      EXPECT_EQ(parts[0], m.key);
      EXPECT_EQ(parts[1], std::to_string(expected_seq[m.key]++)) << "out of order for " << m.key;
      auto [it, inserted] = partition_of_key.emplace(m.key, m.partition);
      EXPECT_EQ(it->second, m.partition) << m.key << " moved partitions";
    }
  }

  // Commits `offset` for group/topic/partition from a handle that is not a group member, the
  // way an operator's offset reset would.
  void CommitRawOffset(const std::string& group, const std::string& topic, int32_t partition,
                       int64_t offset) {
    absl::StatusOr<ConfHandle> conf =
        BuildConf(settings_, {{"group.id", group}, {"enable.auto.commit", "false"}});
    ASSERT_TRUE(conf.ok()) << conf.status();
    char error[512];
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), error, sizeof(error)));
    ASSERT_NE(rk, nullptr) << error;
    conf->release();
    PartitionList offsets(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(offsets.get(), topic.c_str(), partition)->offset = offset;
    ASSERT_EQ(rd_kafka_commit(rk.get(), offsets.get(), 0), RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(offsets->elems[0].err, RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_consumer_close(rk.get());
  }

  std::pair<int64_t, int64_t> Watermarks(const std::string& topic, int32_t partition) {
    absl::StatusOr<ConfHandle> conf =
        BuildConf({.bootstrap_servers = settings_.bootstrap_servers}, {});
    EXPECT_TRUE(conf.ok()) << conf.status();
    char error[512];
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf->release(), error, sizeof(error)));
    int64_t low = -1;
    int64_t high = -1;
    EXPECT_EQ(
        rd_kafka_query_watermark_offsets(rk.get(), topic.c_str(), partition, &low, &high, 10000),
        RD_KAFKA_RESP_ERR_NO_ERROR);
    return {low, high};
  }

  KafkaSettings settings_;
  std::unique_ptr<Producer> producer_;
};

TEST_F(KafkaIntegrationTest, NewGroupReadsEverythingOnceThenOnlyNewEventsInKeyOrder) {
  const std::string topic = Unique("all");
  const std::string group = Unique("group");
  std::map<std::string, int> produced_seq;
  ProduceEvents(topic, 0, 200, /*tenants=*/40, produced_seq);

  std::map<std::string, int> consumed_seq;
  std::map<std::string, int32_t> partition_of_key;
  {
    std::unique_ptr<Consumer> consumer = Subscribe(group, topic);
    ASSERT_NE(consumer, nullptr);
    std::vector<IncomingMessage> first = Consume(*consumer, 200);
    EXPECT_EQ(EventIds(first), Range(0, 200));
    ExpectPerKeyOrder(first, consumed_seq, partition_of_key);
    std::set<int32_t> partitions;
    for (const IncomingMessage& m : first) partitions.insert(m.partition);
    EXPECT_GE(partitions.size(), 2u) << "keys should spread over the topic's partitions";
    consumer->Close();
  }

  // Reopened: the committed offsets hold, so only the 50 new events arrive. Any redelivered old
  // event would precede the new ones of its partition, and the new ones cover every partition.
  std::unique_ptr<Consumer> reopened = Subscribe(group, topic);
  ASSERT_NE(reopened, nullptr);
  ProduceEvents(topic, 200, 50, /*tenants=*/40, produced_seq);
  std::vector<IncomingMessage> second = Consume(*reopened, 50);
  EXPECT_EQ(EventIds(second), Range(200, 250));
  ExpectPerKeyOrder(second, consumed_seq, partition_of_key);
  ExpectNothingMore(*reopened);
  reopened->Close();
}

TEST_F(KafkaIntegrationTest, UncommittedMessagesAreRedeliveredAfterReopen) {
  const std::string topic = Unique("half");
  const std::string group = Unique("group");
  std::map<std::string, int> produced_seq;
  ProduceEvents(topic, 0, 100, /*tenants=*/20, produced_seq);

  std::vector<IncomingMessage> first;
  {
    std::unique_ptr<Consumer> consumer = Subscribe(group, topic);
    ASSERT_NE(consumer, nullptr);
    first = Consume(*consumer, 100, [](size_t index) { return index < 50; });
    ASSERT_EQ(first.size(), 100u);
    consumer->Close();
  }
  // Per partition, delivery order is offset order, so committing the first 50 received commits
  // a prefix of each partition: exactly the other 50 come back.
  std::vector<IncomingMessage> uncommitted(first.begin() + 50, first.end());

  std::unique_ptr<Consumer> reopened = Subscribe(group, topic);
  ASSERT_NE(reopened, nullptr);
  std::vector<IncomingMessage> again = Consume(*reopened, 50);
  EXPECT_EQ(EventIds(again), EventIds(uncommitted));
  ExpectNothingMore(*reopened);
  reopened->Close();
}

TEST_F(KafkaIntegrationTest, ConcurrentProduceAndWaitDeliversEveryMessage) {
  const std::string topic = Unique("concurrent");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int batch = 0; batch < 5; ++batch) {
        std::vector<OutgoingMessage> messages;
        for (int i = 0; i < kPerThread / 5; ++i) {
          int id = t * kPerThread + batch * (kPerThread / 5) + i;
          messages.push_back({.topic = topic,
                              .key = absl::StrCat("tenant-", t),
                              .payload = absl::StrCat("tenant-", t, ":", id - t * kPerThread),
                              .headers = {{"event-id", std::to_string(id)}}});
        }
        absl::Status status = producer_->ProduceAndWait(messages, absl::Seconds(30));
        EXPECT_TRUE(status.ok()) << status;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::unique_ptr<Consumer> consumer = Subscribe(Unique("group"), topic);
  ASSERT_NE(consumer, nullptr);
  std::vector<IncomingMessage> received = Consume(*consumer, kThreads * kPerThread);
  EXPECT_EQ(EventIds(received), Range(0, kThreads * kPerThread));
  std::map<std::string, int> seq;
  std::map<std::string, int32_t> partition_of_key;
  ExpectPerKeyOrder(received, seq, partition_of_key);
  consumer->Close();
}

TEST_F(KafkaIntegrationTest, CommittedOffsetBeyondLogEndIsDataLossNotASilentSkip) {
  const std::string topic = Unique("beyond");
  const std::string group = Unique("group");
  std::map<std::string, int> produced_seq;
  ProduceEvents(topic, 0, 20, /*tenants=*/20, produced_seq);
  CommitRawOffset(group, topic, 0, 1'000'000);

  std::unique_ptr<Consumer> consumer = Subscribe(group, topic);
  ASSERT_NE(consumer, nullptr);
  absl::Status status = PollUntilError(*consumer);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr(group));
  EXPECT_THAT(status.message(), HasSubstr(topic + "/0"));
  EXPECT_THAT(status.message(), HasSubstr("committed offset 1000000"));
  EXPECT_THAT(status.message(), HasSubstr("log starts at 0"));
  consumer->Close();
}

TEST_F(KafkaIntegrationTest, ConsumerThatFellBehindRetentionGetsDataLoss) {
  const std::string topic = Unique("retention");
  const std::string group = Unique("group");
  // One key, so everything lands on one partition.
  ASSERT_TRUE(
      producer_
          ->ProduceAndWait(
              std::vector<OutgoingMessage>{{.topic = topic, .key = "tenant-1", .payload = "first"}},
              absl::Seconds(30))
          .ok());
  int32_t partition = -1;
  {
    std::unique_ptr<Consumer> consumer = Subscribe(group, topic);
    ASSERT_NE(consumer, nullptr);
    std::vector<IncomingMessage> first = Consume(*consumer, 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].payload, "first");
    partition = first[0].partition;
    consumer->Close();
  }

  // The devbroker (librdkafka mock cluster) keeps about 5 MiB per partition: push 8 MiB through
  // while the group is away so the log start moves past its committed offset (1).
  const std::string big(128 * 1024, 'x');
  for (int batch = 0; batch < 8; ++batch) {
    std::vector<OutgoingMessage> messages(8, {.topic = topic, .key = "tenant-1", .payload = big});
    absl::Status status = producer_->ProduceAndWait(messages, absl::Seconds(30));
    ASSERT_TRUE(status.ok()) << status;
  }
  auto [low, high] = Watermarks(topic, partition);
  ASSERT_GT(low, 1) << "the broker retained the whole log (high watermark " << high
                    << "); this test relies on the devbroker's ~5 MiB per-partition limit";

  std::unique_ptr<Consumer> consumer = Subscribe(group, topic);
  ASSERT_NE(consumer, nullptr);
  absl::Status status = PollUntilError(*consumer);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr("fell behind retention"));
  EXPECT_THAT(status.message(), HasSubstr(absl::StrCat(topic, "/", partition)));
  EXPECT_THAT(status.message(), HasSubstr("committed offset 1,"));
  EXPECT_THAT(status.message(), HasSubstr(absl::StrCat("log starts at ", low)));
  consumer->Close();
}

}  // namespace
}  // namespace factflow::kafka
