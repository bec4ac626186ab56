#include "logging/logging.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace factflow::logging {
namespace {

TEST(LoggingTest, ScopedContextNestsAndRestores) {
  EXPECT_TRUE(Current().tenant_id.empty());
  {
    ScopedContext outer({"acme", "corr-1", ""});
    EXPECT_EQ(Current().tenant_id, "acme");
    {
      ScopedContext inner({"acme", "corr-1", "event-9"});
      EXPECT_EQ(Current().event_id, "event-9");
    }
    EXPECT_EQ(Current().event_id, "");
    EXPECT_EQ(Current().correlation_id, "corr-1");
  }
  EXPECT_TRUE(Current().tenant_id.empty());
}

TEST(LoggingTest, UuidsAreVersion4AndDistinct) {
  std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuid();
    EXPECT_TRUE(std::regex_match(id, v4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace factflow::logging
