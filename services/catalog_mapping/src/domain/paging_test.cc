#include "domain/paging.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::HasSubstr;

TEST(MakePageQueryTest, ZeroMeansTheDefaultSize) {
  absl::StatusOr<PageQuery> page = MakePageQuery(0, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size, kDefaultPageSize);
  EXPECT_EQ(page->after_code, "");
}

TEST(MakePageQueryTest, CapsTheSizeAndKeepsTheToken) {
  absl::StatusOr<PageQuery> page = MakePageQuery(50'000, "ART-9");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size, kMaxPageSize);
  EXPECT_EQ(page->after_code, "ART-9");
  EXPECT_EQ(MakePageQuery(7, "")->size, 7);
}

TEST(MakePageQueryTest, RefusesNegativeSizesAndForeignTokens) {
  EXPECT_THAT(std::string(MakePageQuery(-1, "").status().message()), HasSubstr("négatif"));
  EXPECT_THAT(std::string(MakePageQuery(10, std::string(200, 'x')).status().message()),
              HasSubstr("next_page_token"));
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
