// The producer and consumer against a devbroker that dies and comes back as a new, empty
// cluster on a new port (what the stack's supervisor does): they report the broker unreachable
// while it is gone, and follow the bootstrap file to the new cluster, whose id differs.
// Starts its own devbroker processes (FACTFLOW_BIN_DIR/factflow-devbroker, set by
// ./factflow test), so the shared test broker is never disturbed.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "kafka/bootstrap.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "testing/devbroker_process.h"

namespace factflow::kafka {
namespace {

using testing::DevBrokerProcess;

TEST(KafkaReconnectTest, ProducerAndConsumerFollowTheBrokerToItsNewClusterAndAddress) {
  const std::string dir = absl::StrCat(::testing::TempDir(), "/kafka-reconnect-", getpid());
  std::filesystem::create_directories(dir);
  KafkaSettings settings;
  settings.bootstrap_file = dir + "/bootstrap";
  settings.client_id = "kafka-reconnect-test";
  const std::string topic = "factflow.catalog.v1";

  auto first = std::make_unique<DevBrokerProcess>(settings.bootstrap_file);
  EXPECT_EQ(CurrentBootstrap(settings), first->address());
  absl::StatusOr<std::unique_ptr<Producer>> producer = Producer::Create(settings);
  ASSERT_TRUE(producer.ok()) << producer.status();
  absl::StatusOr<std::string> first_cluster = (*producer)->Probe(absl::Seconds(10));
  ASSERT_TRUE(first_cluster.ok()) << first_cluster.status();
  OutgoingMessage message{topic, "tenant-a", "before the crash", {}};
  ASSERT_TRUE((*producer)->ProduceAndWait({&message, 1}, absl::Seconds(10)).ok());

  absl::StatusOr<std::unique_ptr<Consumer>> consumer =
      Consumer::Create(settings, "kafka-reconnect-test", {topic});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  EXPECT_EQ((*consumer)->bootstrap(), first->address());
  absl::StatusOr<std::string> consumer_cluster = (*consumer)->Probe(absl::Seconds(10));
  ASSERT_TRUE(consumer_cluster.ok()) << consumer_cluster.status();
  EXPECT_EQ(*consumer_cluster, *first_cluster);

  // Crashed: nothing answers, and the file still names the dead address.
  first->Kill();
  absl::StatusOr<std::string> gone = (*producer)->Probe(absl::Seconds(1));
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kUnavailable) << gone.status();
  EXPECT_EQ((*consumer)->Probe(absl::Seconds(1)).status().code(), absl::StatusCode::kUnavailable);

  // Restarted on another port: a new cluster, which the producer reaches by itself.
  DevBrokerProcess second(settings.bootstrap_file);
  ASSERT_NE(second.address(), first->address());
  absl::StatusOr<std::string> second_cluster = (*producer)->Probe(absl::Seconds(10));
  ASSERT_TRUE(second_cluster.ok()) << second_cluster.status();
  EXPECT_NE(*second_cluster, *first_cluster) << "a restarted devbroker must be a new cluster";
  absl::StatusOr<std::string> cached = (*producer)->ClusterId(absl::Seconds(5));
  ASSERT_TRUE(cached.ok()) << cached.status();
  EXPECT_EQ(*cached, *second_cluster);
  message.payload = "after the crash";
  EXPECT_TRUE((*producer)->ProduceAndWait({&message, 1}, absl::Seconds(10)).ok());

  // The consumer is rebuilt by its owner (EventConsumer) when the file moved.
  EXPECT_NE(CurrentBootstrap(settings), (*consumer)->bootstrap());
  (*consumer)->Abandon();
  absl::StatusOr<std::unique_ptr<Consumer>> rebuilt =
      Consumer::Create(settings, "kafka-reconnect-test", {topic});
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  absl::StatusOr<std::string> rebuilt_cluster = (*rebuilt)->Probe(absl::Seconds(10));
  ASSERT_TRUE(rebuilt_cluster.ok()) << rebuilt_cluster.status();
  EXPECT_EQ(*rebuilt_cluster, *second_cluster);
  // A new cluster has no committed offsets: the group reads the new log from its start.
  bool seen = false;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!seen && absl::Now() < deadline) {
    auto polled = (*rebuilt)->Poll(absl::Milliseconds(200));
    ASSERT_TRUE(polled.ok()) << polled.status();
    seen = polled->has_value() && (*polled)->payload == "after the crash";
  }
  EXPECT_TRUE(seen);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace factflow::kafka
