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

TEST(KeysetPagingTest, TheTokenCarriesTheLastKeyAndAShortPageEndsTheList) {
  auto first = ParseKeysetPage(Request(10, ""));
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->first());
  EXPECT_EQ(first->NextToken(10, 42), "k42");  // a full page: maybe more after key 42
  EXPECT_EQ(first->NextToken(9, 42), "");      // a short page: the end
  auto next = ParseKeysetPage(Request(10, "k42"));
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->after.has_value());
  EXPECT_EQ(*next->after, 42);
  EXPECT_EQ(ParseKeysetPage(Request(50000, ""))->size, kMaxPageSize);
}

TEST(KeysetPagingTest, RefusesOffsetAndForeignTokens) {
  for (const char* token : {"30", "k", "kabc", "x42", "k42x"}) {
    EXPECT_EQ(ParseKeysetPage(Request(10, token)).status().code(),
              absl::StatusCode::kInvalidArgument)
        << token;
  }
}

TEST(CompositeKeysetPagingTest, TheTokenCarriesBothPartsEvenWithASeparatorInTheText) {
  auto first = ParseCompositeKeysetPage(Request(2, ""));
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->first());
  const std::string token = first->NextToken(2, "FA:2026", 68840);
  EXPECT_EQ(first->NextToken(1, "FA", 7), "");  // a short page: the end
  auto next = ParseCompositeKeysetPage(Request(2, token));
  ASSERT_TRUE(next.ok());
  ASSERT_FALSE(next->first());
  EXPECT_EQ(*next->after_text, "FA:2026");
  EXPECT_EQ(next->after, 68840);
}

TEST(CompositeKeysetPagingTest, RefusesOffsetSimpleKeysetAndForeignTokens) {
  for (const char* token : {"30", "k42", "c", "cabc:FA", "c42", "x42:FA"}) {
    EXPECT_EQ(ParseCompositeKeysetPage(Request(10, token)).status().code(),
              absl::StatusCode::kInvalidArgument)
        << token;
  }
}

}  // namespace
}  // namespace factflow::grpcutil
