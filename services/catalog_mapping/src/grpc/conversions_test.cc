#include "grpc/conversions.h"

#include "gtest/gtest.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

TEST(ConversionsTest, ArticleRoundTripsWithShortestDecimalTexts) {
  catalog::v1::Article message;
  message.set_code("ART-1");
  message.set_label("Stylo");
  message.mutable_vat_rate()->set_value("5.50");
  message.mutable_unit_price_excl_vat()->set_value("1.5");
  absl::StatusOr<domain::Article> article = domain::ValidateArticle(ArticleDraftFromProto(message));
  ASSERT_TRUE(article.ok()) << article.status();

  catalog::v1::Article out;
  ArticleToProto(*article, &out);
  EXPECT_EQ(out.code(), "ART-1");
  EXPECT_EQ(out.unit_code(), "C62");
  EXPECT_EQ(out.vat_rate().value(), "5.5");
  EXPECT_EQ(out.unit_price_excl_vat().value(), "1.50");
}

TEST(ConversionsTest, ArticleWithoutPriceHasNoPriceMessage) {
  domain::Article article;
  article.code = "A";
  catalog::v1::Article out;
  ArticleToProto(article, &out);
  EXPECT_FALSE(out.has_unit_price_excl_vat());
  EXPECT_EQ(out.vat_rate().value(), "0");
}

TEST(ConversionsTest, PartyAddressesAreOmittedWhenEmpty) {
  catalog::v1::Party message;
  message.set_code("C");
  message.mutable_billing_address()->set_city("Paris");
  domain::Party party = PartyDraftFromProto(message);
  EXPECT_EQ(party.billing_address.city, "Paris");
  EXPECT_TRUE(party.delivery_address.empty());

  catalog::v1::Party out;
  PartyToProto(party, &out);
  EXPECT_TRUE(out.has_billing_address());
  EXPECT_EQ(out.billing_address().city(), "Paris");
  EXPECT_FALSE(out.has_delivery_address());
}

TEST(ConversionsTest, ResolutionsCarryTheArticleOnlyWhenMapped) {
  domain::Article article;
  article.code = "ART-1";
  catalog::v1::ResolveArticlesResponse response;
  ResolutionsToProto({{"S1", true, article}, {"S2", false, {}}}, &response);
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_TRUE(response.results(0).mapped());
  EXPECT_EQ(response.results(0).article().code(), "ART-1");
  EXPECT_FALSE(response.results(1).mapped());
  EXPECT_FALSE(response.results(1).has_article());
}

}  // namespace
}  // namespace factflow::catalog_mapping::grpcapi
