#include "config/env.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace factflow::config {
namespace {

using ::testing::HasSubstr;

TEST(EnvTest, ReportsEveryMissingVariableByName) {
  unsetenv("FACTFLOW_TEST_A");
  unsetenv("FACTFLOW_TEST_B");
  Env env;
  env.Required("FACTFLOW_TEST_A");
  env.Required("FACTFLOW_TEST_B");
  absl::Status status = env.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_TEST_A is not set"));
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_TEST_B is not set"));
}

TEST(EnvTest, ReadsValuesAndDefaults) {
  setenv("FACTFLOW_TEST_A", "value", 1);
  setenv("FACTFLOW_TEST_N", "12", 1);
  unsetenv("FACTFLOW_TEST_B");
  Env env;
  EXPECT_EQ(env.Required("FACTFLOW_TEST_A"), "value");
  EXPECT_EQ(env.Optional("FACTFLOW_TEST_B", "fallback"), "fallback");
  EXPECT_EQ(env.Integer("FACTFLOW_TEST_N", 1, 0, 100), 12);
  EXPECT_TRUE(env.Finish().ok());
}

TEST(EnvTest, RejectsMalformedIntegersAndFlags) {
  setenv("FACTFLOW_TEST_N", "12x", 1);
  setenv("FACTFLOW_TEST_F", "maybe", 1);
  Env env;
  env.Integer("FACTFLOW_TEST_N", 1, 0, 100);
  env.Flag("FACTFLOW_TEST_F", false);
  absl::Status status = env.Finish();
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_TEST_N='12x'"));
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_TEST_F='maybe'"));
}

TEST(EnvTest, ServiceConfigNamesTheMissingVariables) {
  for (const char* name :
       {"FACTFLOW_GRPC_ADDRESS", "FACTFLOW_DATABASE_URL", "FACTFLOW_KAFKA_BOOTSTRAP",
        "FACTFLOW_KAFKA_BOOTSTRAP_FILE", "FACTFLOW_AUTH_SECRET"}) {
    unsetenv(name);
  }
  setenv("FACTFLOW_GRPC_ADDRESS", "127.0.0.1:0", 1);
  Env env;
  ServiceConfig config = ReadServiceConfig(env, "importer");
  EXPECT_EQ(config.grpc_address, "127.0.0.1:0");
  absl::Status status = env.Finish();
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_DATABASE_URL"));
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_KAFKA_BOOTSTRAP"));
  EXPECT_THAT(status.message(), HasSubstr("FACTFLOW_AUTH_SECRET"));
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("FACTFLOW_GRPC_ADDRESS")));
}

// The devbroker's bootstrap file (rewritten when it restarts) replaces the fixed list.
TEST(EnvTest, BootstrapFileMakesTheBootstrapListOptional) {
  unsetenv("FACTFLOW_KAFKA_BOOTSTRAP");
  setenv("FACTFLOW_KAFKA_BOOTSTRAP_FILE", "/run/factflow/kafka-bootstrap", 1);
  setenv("FACTFLOW_OUTBOX_RETENTION_HOURS", "48", 1);
  Env env;
  ServiceConfig config = ReadServiceConfig(env, "importer");
  EXPECT_EQ(config.kafka_bootstrap_file, "/run/factflow/kafka-bootstrap");
  EXPECT_EQ(config.outbox_retention_hours, 48);
  EXPECT_THAT(std::string(env.Finish().message()),
              ::testing::Not(HasSubstr("FACTFLOW_KAFKA_BOOTSTRAP")));
  unsetenv("FACTFLOW_KAFKA_BOOTSTRAP_FILE");
  unsetenv("FACTFLOW_OUTBOX_RETENTION_HOURS");
}

}  // namespace
}  // namespace factflow::config
