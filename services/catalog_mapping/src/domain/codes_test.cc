#include "domain/codes.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(NormalizeCodeTest, TrimsSurroundingSpacesAndKeepsCase) {
  absl::StatusOr<std::string> code = NormalizeCode("article.code", "  Ab-12\t");
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, "Ab-12");
}

TEST(NormalizeCodeTest, RefusesEmptyCodeNamingTheField) {
  absl::StatusOr<std::string> code = NormalizeCode("article.code", "   ");
  EXPECT_EQ(code.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(code.status()), AllOf(HasSubstr("article.code est vide"), HasSubstr("64")));
}

TEST(NormalizeCodeTest, CountsCharactersNotBytes) {
  std::string accented;
  for (int i = 0; i < kMaxCodeLength; ++i) accented += "\u00e9";  // 2 bytes each
  EXPECT_TRUE(NormalizeCode("code", accented).ok());
  absl::StatusOr<std::string> too_long = NormalizeCode("code", accented + "e");
  EXPECT_THAT(Message(too_long.status()), HasSubstr("fait 65 caractères"));
}

TEST(NormalizeCodeTest, RefusesControlCharactersInside) {
  absl::StatusOr<std::string> code = NormalizeCode("x", "AB\nCD");
  EXPECT_THAT(Message(code.status()), HasSubstr("caractère de contrôle"));
}

TEST(NormalizeTextTest, EmptyIsAllowedUnlessRequired) {
  EXPECT_EQ(*NormalizeText("article.family", " ", /*required=*/false), "");
  EXPECT_THAT(Message(NormalizeText("article.label", " ", /*required=*/true).status()),
              HasSubstr("article.label est obligatoire"));
}

TEST(ProblemsTest, ReportsEveryProblemAtOnce) {
  Problems problems;
  EXPECT_EQ(problems.Take(NormalizeCode("a", "")), "");
  EXPECT_EQ(problems.Take(NormalizeCode("b", "ok")), "ok");
  problems.Add(std::string("c is wrong"));
  absl::Status status = problems.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), AllOf(HasSubstr("a est vide"), HasSubstr("; c is wrong")));
  EXPECT_TRUE(Problems().Finish().ok());
}

TEST(ProblemsTest, ListsTheFirstFiveOnly) {
  Problems problems;
  for (int i = 0; i < 7; ++i) problems.Add("problème " + std::to_string(i));
  std::string message = Message(problems.Finish());
  EXPECT_THAT(message, AllOf(HasSubstr("problème 4"), HasSubstr("et 2 autres problèmes")));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("problème 5")));
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
