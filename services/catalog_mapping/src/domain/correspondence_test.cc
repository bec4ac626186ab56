#include "domain/correspondence.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ValidateCorrespondencesTest, NormalisesCodesAndKeepsOrder) {
  absl::StatusOr<std::vector<Correspondence>> changes =
      ValidateCorrespondences({{" fnac ", " SKU-2 ", " ART-2 "}, {"fnac", "SKU-1", ""}});
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].connector_code, "fnac");
  EXPECT_EQ((*changes)[0].external_code, "SKU-2");
  EXPECT_EQ((*changes)[0].article_code, "ART-2");
  EXPECT_FALSE((*changes)[0].removes());
  EXPECT_TRUE((*changes)[1].removes());
}

TEST(ValidateCorrespondencesTest, DropsExactRepetitions) {
  absl::StatusOr<std::vector<Correspondence>> changes =
      ValidateCorrespondences({{"fnac", "S1", "A"}, {"fnac", "S1 ", "A"}, {"eta", "S1", "A"}});
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(changes->size(), 2u);
}

TEST(ValidateCorrespondencesTest, RefusesTheSameCodeSentToTwoArticles) {
  absl::StatusOr<std::vector<Correspondence>> changes =
      ValidateCorrespondences({{"fnac", "S1", "A"}, {"fnac", "S2", "B"}, {"fnac", "S1", ""}});
  EXPECT_EQ(changes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(changes.status()),
              AllOf(HasSubstr("correspondences[0] et correspondences[2]"), HasSubstr("« S1 »"),
                    HasSubstr("article « A » et suppression")));
}

TEST(ValidateCorrespondencesTest, NamesTheWrongEntries) {
  absl::StatusOr<std::vector<Correspondence>> changes =
      ValidateCorrespondences({{"fnac", "S1", "A"}, {"", "S2", "B"}, {"fnac", " ", "B"}});
  EXPECT_THAT(Message(changes.status()),
              AllOf(HasSubstr("correspondences[1].connector_code est vide"),
                    HasSubstr("correspondences[2].external_code est vide")));
}

TEST(ValidateCorrespondencesTest, RefusesMoreThanTheLimit) {
  std::vector<Correspondence> many(kMaxCodesPerCall + 1, Correspondence{"fnac", "S", "A"});
  EXPECT_THAT(Message(ValidateCorrespondences(many).status()),
              HasSubstr("envoyez-en au plus 10000 par appel"));
}

TEST(TargetArticleCodesTest, ListsDistinctTargetsWithoutRemovals) {
  EXPECT_THAT(
      TargetArticleCodes({{"c", "1", "B"}, {"c", "2", "A"}, {"c", "3", "B"}, {"c", "4", ""}}),
      ElementsAre("A", "B"));
}

TEST(ValidateResolveQueryTest, DeduplicatesKeepingFirstPositions) {
  absl::StatusOr<ResolveQuery> query = ValidateResolveQuery(" fnac ", {"B", "A", " B", "C", "A"});
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->connector_code, "fnac");
  EXPECT_THAT(query->external_codes, ElementsAre("B", "A", "C"));
}

TEST(ValidateResolveQueryTest, RefusesMissingConnectorEmptyCodesAndTooManyCodes) {
  EXPECT_THAT(Message(ValidateResolveQuery("", {"A"}).status()),
              HasSubstr("connector_code est vide"));
  EXPECT_THAT(Message(ValidateResolveQuery("fnac", {"A", ""}).status()),
              HasSubstr("external_codes[1] est vide"));
  std::vector<std::string> many(kMaxCodesPerCall + 1, "A");
  EXPECT_EQ(ValidateResolveQuery("fnac", many).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> limit(kMaxCodesPerCall, "A");
  EXPECT_TRUE(ValidateResolveQuery("fnac", limit).ok());
}

TEST(ArrangeResolutionsTest, AnswersInQueryOrderWithUnmappedCodes) {
  ResolveQuery query{"fnac", {"S3", "S1", "S2"}};
  Article article;
  article.code = "ART-1";
  std::vector<Resolution> resolutions = ArrangeResolutions(query, {{"S1", article}});
  ASSERT_EQ(resolutions.size(), 3u);
  EXPECT_EQ(resolutions[0].external_code, "S3");
  EXPECT_FALSE(resolutions[0].mapped);
  EXPECT_EQ(resolutions[1].external_code, "S1");
  EXPECT_TRUE(resolutions[1].mapped);
  EXPECT_EQ(resolutions[1].article.code, "ART-1");
  EXPECT_FALSE(resolutions[2].mapped);
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
