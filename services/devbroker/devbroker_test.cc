#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "broker.h"

namespace factflow::devbroker {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(ParseTopicSpecTest, AcceptsNameAndPartitions) {
  absl::StatusOr<TopicSpec> topic = ParseTopicSpec("factflow.importer.v1:3");
  ASSERT_TRUE(topic.ok()) << topic.status();
  EXPECT_EQ(topic->name, "factflow.importer.v1");
  EXPECT_EQ(topic->partitions, 3);
}

TEST(ParseTopicSpecTest, RejectsMalformedSpecs) {
  for (const char* bad : {"factflow.importer.v1", "t:0", "t:-1", "t:x", "t:1001", ":3",
                          "bad name:3", "..:1", "t/1:2"}) {
    absl::StatusOr<TopicSpec> topic = ParseTopicSpec(bad);
    EXPECT_EQ(topic.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(DefaultTopicsTest, AreTheProjectTopicsWithThreePartitions) {
  std::vector<TopicSpec> topics = DefaultTopics();
  ASSERT_EQ(topics.size(), 4u);
  for (const TopicSpec& topic : topics) {
    EXPECT_THAT(topic.name, MatchesRegex("factflow\\.[a-z]+\\.v1"));
    EXPECT_EQ(topic.partitions, 3);
  }
}

TEST(WriteFileAtomicallyTest, CreatesFoldersAndReplacesContentWithoutLeftovers) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / absl::StrCat("devbroker_test_", getpid());
  const std::string path = (dir / "sub" / "bootstrap").string();
  ASSERT_TRUE(WriteFileAtomically(path, "first\n").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "127.0.0.1:1234\n").ok());
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "127.0.0.1:1234\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "sub"),
                          std::filesystem::directory_iterator()),
            1);
  std::filesystem::remove_all(dir);
}

TEST(MockClusterTest, StartsBrokersWithTheRequestedTopics) {
  absl::StatusOr<std::unique_ptr<MockCluster>> cluster =
      MockCluster::Start({.brokers = 2, .topics = {{"a", 2}, {"b", 5}}});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  EXPECT_THAT((*cluster)->bootstrap(),
              MatchesRegex("127\\.0\\.0\\.1:[0-9]+,127\\.0\\.0\\.1:[0-9]+"));

  // A real client sees the topics over TCP.
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  ASSERT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", (*cluster)->bootstrap().c_str(), error,
                              sizeof(error)),
            RD_KAFKA_CONF_OK);
  kafka::KafkaHandle client(rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error)));
  ASSERT_NE(client, nullptr) << error;
  const rd_kafka_metadata_t* metadata = nullptr;
  ASSERT_EQ(rd_kafka_metadata(client.get(), 1, nullptr, &metadata, 10000),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  std::map<std::string, int> partitions;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    partitions[metadata->topics[i].topic] = metadata->topics[i].partition_cnt;
  }
  EXPECT_EQ(metadata->broker_cnt, 2);
  rd_kafka_metadata_destroy(metadata);
  EXPECT_EQ(partitions["a"], 2);
  EXPECT_EQ(partitions["b"], 5);
}

TEST(MockClusterTest, RejectsBadBrokerCount) {
  EXPECT_EQ(MockCluster::Start({.brokers = 0}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace factflow::devbroker
