#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <climits>
#include <set>
#include <utility>
// After rdkafka.h, which it requires.
#include <librdkafka/rdkafka_mock.h>

#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "kafka/rdkafka_util.h"

namespace factflow::kafka {
namespace {

using ::testing::HasSubstr;

TEST(HeaderValueTest, ReturnsFirstMatchingHeaderOrEmpty) {
  IncomingMessage message;
  message.headers = {{"event-type", "InvoiceIssued"}, {"tenant", "t1"}, {"tenant", "t2"}};
  EXPECT_EQ(HeaderValue(message, "event-type"), "InvoiceIssued");
  EXPECT_EQ(HeaderValue(message, "tenant"), "t1");
  EXPECT_EQ(HeaderValue(message, "Tenant"), "");
  EXPECT_EQ(HeaderValue(message, "missing"), "");
}

TEST(StatusFromRdKafkaTest, MapsByWhatTheCallerShouldDo) {
  EXPECT_TRUE(StatusFromRdKafka(RD_KAFKA_RESP_ERR_NO_ERROR, "x").ok());
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR__TRANSPORT, "x").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, "x").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, "x").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE, "x").code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET, "x").code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, "x").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StatusFromRdKafka(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, "x").code(),
            absl::StatusCode::kInternal);
  absl::Status status = StatusFromRdKafka(RD_KAFKA_RESP_ERR__TRANSPORT, "producing to t");
  EXPECT_THAT(status.message(), HasSubstr("producing to t"));
  EXPECT_THAT(status.message(), HasSubstr("_TRANSPORT"));
}

TEST(ToTimeoutMsTest, RoundsUpAndClamps) {
  EXPECT_EQ(ToTimeoutMs(absl::ZeroDuration()), 0);
  EXPECT_EQ(ToTimeoutMs(absl::Milliseconds(-5)), 0);
  EXPECT_EQ(ToTimeoutMs(absl::Microseconds(1)), 1);
  EXPECT_EQ(ToTimeoutMs(absl::Seconds(2)), 2000);
  EXPECT_EQ(ToTimeoutMs(absl::InfiniteDuration()), INT_MAX);
}

TEST(BuildConfTest, ExtraOverridesDefaultsAndBadPropertiesAreNamed) {
  KafkaSettings settings{.bootstrap_servers = "127.0.0.1:9092", .client_id = "unit"};
  settings.extra["linger.ms"] = "50";
  absl::StatusOr<ConfHandle> conf = BuildConf(settings, {{"linger.ms", "5"}});
  ASSERT_TRUE(conf.ok()) << conf.status();
  char value[64];
  size_t size = sizeof(value);
  ASSERT_EQ(rd_kafka_conf_get(conf->get(), "linger.ms", value, &size), RD_KAFKA_CONF_OK);
  EXPECT_STREQ(value, "50");

  settings.extra["no.such.property"] = "1";
  conf = BuildConf(settings, {});
  EXPECT_EQ(conf.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(conf.status().message(), HasSubstr("no.such.property"));
}

TEST(ProducerTest, RejectsEmptyBootstrapAndBadConfig) {
  EXPECT_EQ(Producer::Create(KafkaSettings{}).status().code(), absl::StatusCode::kInvalidArgument);
  KafkaSettings settings{.bootstrap_servers = "127.0.0.1:1"};
  settings.extra["acks"] = "sometimes";
  EXPECT_EQ(Producer::Create(settings).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProducerTest, UnreachableBrokerIsUnavailableWithinTheTimeout) {
  // Port 1 on loopback: connection refused, nothing listens there.
  absl::StatusOr<std::unique_ptr<Producer>> producer =
      Producer::Create({.bootstrap_servers = "127.0.0.1:1", .client_id = "unit"});
  ASSERT_TRUE(producer.ok()) << producer.status();
  std::vector<OutgoingMessage> messages = {{.topic = "t", .key = "k", .payload = "p"}};
  const absl::Time start = absl::Now();
  absl::Status status = (*producer)->ProduceAndWait(messages, absl::Milliseconds(500));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_EQ((*producer)->Flush(absl::Milliseconds(10)).code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE((*producer)->ProduceAndWait({}, absl::Milliseconds(1)).ok());
}

TEST(ConsumerTest, RejectsMissingGroupOrTopics) {
  KafkaSettings settings{.bootstrap_servers = "127.0.0.1:1"};
  EXPECT_EQ(Consumer::Create(settings, "", {"t"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Consumer::Create(settings, "g", {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConsumerTest, PollWithoutBrokerTimesOutQuietlyAndCloseIsIdempotent) {
  absl::StatusOr<std::unique_ptr<Consumer>> consumer =
      Consumer::Create({.bootstrap_servers = "127.0.0.1:1"}, "g", {"t"});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  absl::StatusOr<std::optional<IncomingMessage>> polled =
      (*consumer)->Poll(absl::Milliseconds(200));
  ASSERT_TRUE(polled.ok()) << polled.status();
  EXPECT_FALSE(polled->has_value());
  (*consumer)->Close();
  (*consumer)->Close();
  EXPECT_EQ((*consumer)->Poll(absl::Milliseconds(1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// The committed-offset lookup on assignment can fail (coordinator moving, broker flapping).
// The partitions must then still start at their committed offset or, having none, at the
// beginning. Uses an in-process mock cluster, the only way to inject request errors.
TEST(ConsumerTest, StartsAtBeginningWhenTheCommittedOffsetLookupFails) {
  char error[512];
  rd_kafka_conf_t* mock_conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(mock_conf, "log_level", "4", error, sizeof(error)), RD_KAFKA_CONF_OK);
  KafkaHandle mock_handle(rd_kafka_new(RD_KAFKA_PRODUCER, mock_conf, error, sizeof(error)));
  ASSERT_NE(mock_handle, nullptr) << error;
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(mock_handle.get(), 1);
  ASSERT_NE(cluster, nullptr);
  ASSERT_EQ(rd_kafka_mock_topic_create(cluster, "fallback", 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  const KafkaSettings settings{.bootstrap_servers = rd_kafka_mock_cluster_bootstraps(cluster)};
  {
    absl::StatusOr<std::unique_ptr<Producer>> producer = Producer::Create(settings);
    ASSERT_TRUE(producer.ok()) << producer.status();
    std::vector<OutgoingMessage> messages;
    for (int i = 0; i < 10; ++i) {
      messages.push_back({.topic = "fallback", .key = std::to_string(i), .payload = "p"});
    }
    ASSERT_TRUE((*producer)->ProduceAndWait(messages, absl::Seconds(10)).ok());
  }
  // Fails the consumer's three lookups (OffsetFetch is Kafka API key 9); librdkafka's own
  // OffsetFetch after the assignment then succeeds and finds no committed offset.
  constexpr int16_t kOffsetFetch = 9;
  rd_kafka_mock_push_request_errors(
      cluster, kOffsetFetch, 3, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
      RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
  {
    absl::StatusOr<std::unique_ptr<Consumer>> consumer =
        Consumer::Create(settings, "fallback-group", {"fallback"});
    ASSERT_TRUE(consumer.ok()) << consumer.status();
    std::set<std::pair<int32_t, int64_t>> received;  // (partition, offset)
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (received.size() < 10 && absl::Now() < deadline) {
      absl::StatusOr<std::optional<IncomingMessage>> polled =
          (*consumer)->Poll(absl::Milliseconds(100));
      ASSERT_TRUE(polled.ok()) << polled.status();
      if (!polled->has_value()) continue;
      EXPECT_TRUE(received.emplace((*polled)->partition, (*polled)->offset).second)
          << "delivered twice: " << (*polled)->partition << "@" << (*polled)->offset;
    }
    EXPECT_EQ(received.size(), 10u);
  }
  rd_kafka_mock_cluster_destroy(cluster);
}

}  // namespace
}  // namespace factflow::kafka
