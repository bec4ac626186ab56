#include "grpc/paging.h"

#include <gtest/gtest.h>

namespace factflow::grpcutil {
namespace {

common::v1::PageRequest Request(int size, std::string token) {
  common::v1::PageRequest request;
  request.set_page_size(size);
  request.set_page_token(std::move(token));
  return request;
}

TEST(PagingTest, DefaultsAndCapsThePageSize) {
  EXPECT_EQ(ParseOffsetPage(Request(0, ""))->size, kDefaultPageSize);
  EXPECT_EQ(ParseOffsetPage(Request(50, ""))->size, 50);
  EXPECT_EQ(ParseOffsetPage(Request(50000, ""))->size, kMaxPageSize);
}

TEST(PagingTest, ReadsTheOffsetAndRefusesForeignTokens) {
  EXPECT_EQ(ParseOffsetPage(Request(10, "30"))->offset, 30);
  EXPECT_EQ(ParseOffsetPage(Request(10, "abc")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseOffsetPage(Request(10, "-5")).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PagingTest, NextTokenStopsAtTheEnd) {
  OffsetPage page{10, 20};
  EXPECT_EQ(page.NextToken(10), "30");    // a full page: maybe more
  EXPECT_EQ(page.NextToken(7), "");       // a short page: the end
  EXPECT_EQ(page.NextToken(10, 30), "");  // the total says so
  EXPECT_EQ(page.NextToken(10, 31), "30");
}

}  // namespace
}  // namespace factflow::grpcutil
