// The outbox relay against a devbroker that crashes and comes back as a new, empty cluster:
// what was published within the retention is published again on the new cluster, older
// published rows are purged, and the relay is unhealthy while no broker answers.
// Uses a real PostgreSQL database and private devbroker processes (never the shared broker).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "factflow/events/v1/events.pb.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "logging/logging.h"
#include "outbox/outbox.h"
#include "testing/devbroker_process.h"
#include "testing/test_database.h"

namespace factflow::outbox {
namespace {

constexpr char kTopic[] = "factflow.catalog.v1";

using testing::QueryInt;

// The aggregate ids of every event in kTopic of the broker named by `settings`.
std::multiset<std::string> ReadAll(const kafka::KafkaSettings& settings, size_t expected) {
  auto consumer =
      kafka::Consumer::Create(settings, "outbox-cluster-" + logging::NewUuid(), {kTopic});
  EXPECT_TRUE(consumer.ok()) << consumer.status();
  std::multiset<std::string> seen;
  if (!consumer.ok()) return seen;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  // Past `expected`, keeps reading briefly so that duplicates would show up.
  absl::Time quiet_until = absl::InfiniteFuture();
  while (absl::Now() < std::min(deadline, quiet_until)) {
    auto polled = (*consumer)->Poll(absl::Milliseconds(200));
    EXPECT_TRUE(polled.ok()) << polled.status();
    if (!polled.ok()) break;
    if (!polled->has_value()) continue;
    events::v1::EventEnvelope envelope;
    EXPECT_TRUE(envelope.ParseFromString((*polled)->payload));
    seen.insert(envelope.aggregate_id());
    if (seen.size() == expected) quiet_until = absl::Now() + absl::Seconds(1);
  }
  (*consumer)->Close();
  return seen;
}

TEST(OutboxClusterTest, ANewClusterGetsTheRetentionHorizonAgainAndExpiredRowsArePurged) {
  testing::TestDatabase db;
  const std::string dir = absl::StrCat(::testing::TempDir(), "/outbox-cluster-", getpid());
  std::filesystem::create_directories(dir);
  kafka::KafkaSettings settings;
  settings.bootstrap_file = dir + "/bootstrap";
  settings.client_id = "outbox-cluster-test";

  auto first = std::make_unique<testing::DevBrokerProcess>(settings.bootstrap_file);
  auto producer = kafka::Producer::Create(settings);
  ASSERT_TRUE(producer.ok()) << producer.status();
  ASSERT_TRUE(db.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    for (int i = 1; i <= 3; ++i) {
                      events::v1::CorrespondencesChanged payload;
                      Append(tx, kTopic,
                             MakeEnvelope(payload, {"tenant-x", "connector", std::to_string(i),
                                                    "test", ""}));
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  Relay relay(db.pool(), **producer, Relay::Options{.retention = absl::Hours(1)});
  auto published = relay.PublishPending();
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(*published, 3);
  EXPECT_EQ(relay.republished_total(), 0) << "the first cluster seen is adopted as is";
  // Event 1 was published before the retention horizon.
  ASSERT_TRUE(db.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    tx.exec(
                        "UPDATE outbox SET published_at = now() - interval '2 hours' "
                        "WHERE id = (SELECT min(id) FROM outbox)");
                    return absl::OkStatus();
                  })
                  .ok());

  first->Kill();  // The three events lived only in its memory.
  testing::DevBrokerProcess second(settings.bootstrap_file);
  // The relay's own loop finds the new address and cluster (its probe, every second), purges
  // what is older than the retention, and republishes the rest before anything else.
  relay.Start();
  const absl::Time republish_deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < republish_deadline &&
         (relay.republished_total() < 2 ||
          QueryInt(db.pool(), "SELECT count(*) FROM outbox WHERE published_at IS NULL") > 0)) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(relay.republished_total(), 2);
  EXPECT_EQ(QueryInt(db.pool(), "SELECT count(*) FROM outbox WHERE published_at IS NULL"), 0);
  EXPECT_EQ(QueryInt(db.pool(), "SELECT count(*) FROM outbox"), 2) << "the expired row is purged";
  EXPECT_EQ(ReadAll(settings, 2), (std::multiset<std::string>{"2", "3"}));
  EXPECT_EQ(relay.republished_total(), 2) << "the same cluster again: nothing more";

  // No broker at all: the relay says so through its health.
  EXPECT_TRUE(relay.healthy());
  second.Kill();
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (relay.healthy() && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(100));
  EXPECT_FALSE(relay.healthy()) << "the relay did not notice the broker is gone";
  relay.Stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace factflow::outbox
