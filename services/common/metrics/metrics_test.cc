#include "metrics/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::metrics {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, RendersCountersByLabel) {
  Metrics& metrics = Metrics::Get();
  metrics.CountRpc("UploadFile", absl::StatusCode::kOk);
  metrics.CountRpc("UploadFile", absl::StatusCode::kOk);
  metrics.CountRpc("UploadFile", absl::StatusCode::kInvalidArgument);
  metrics.CountEvent("importer.invoicing-events", "applied");
  metrics.CountPublished(3);
  metrics.SetHealthy(true);
  std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("factflow_rpc_total{code=\"OK\",method=\"UploadFile\"} 2"));
  EXPECT_THAT(text,
              HasSubstr("factflow_rpc_total{code=\"INVALID_ARGUMENT\",method=\"UploadFile\"} 1"));
  EXPECT_THAT(text, HasSubstr("factflow_events_total{consumer=\"importer.invoicing-events\","
                              "outcome=\"applied\"} 1"));
  EXPECT_THAT(text, HasSubstr("factflow_outbox_published_total 3"));
  EXPECT_THAT(text, HasSubstr("\nfactflow_healthy 1"));  // the sample, not the HELP line
}

TEST(MetricsTest, ServesOnAFreePort) {
  Metrics& metrics = Metrics::Get();
  ASSERT_TRUE(metrics.Serve("127.0.0.1:0").ok());
  EXPECT_GT(metrics.port(), 0);
}

}  // namespace
}  // namespace factflow::metrics
