#include "domain/article.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

ArticleDraft ValidDraft() {
  ArticleDraft draft;
  draft.code = "ART-1";
  draft.label = "Cahier A4";
  draft.vat_rate = "20";
  return draft;
}

class VatRateTest : public ::testing::TestWithParam<const char*> {};

TEST_P(VatRateTest, AcceptsEveryFrenchRate) {
  absl::StatusOr<money::Decimal> rate = ParseVatRate("vat_rate", GetParam());
  ASSERT_TRUE(rate.ok()) << rate.status();
  EXPECT_EQ(*rate, *money::Decimal::Parse(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(France, VatRateTest,
                         ::testing::Values("0", "2.1", "5.5", "10", "20", "8.5", "13", "1.05",
                                           "0.9"));

TEST(ParseVatRateTest, AcceptsEquivalentSpellings) {
  EXPECT_EQ(*ParseVatRate("vat_rate", " 20.00 "), money::Decimal::FromUnits(20));
  EXPECT_EQ(*ParseVatRate("vat_rate", "05.50"), *money::Decimal::Parse("5.5"));
}

TEST(ParseVatRateTest, RefusesOtherRatesListingTheAllowedOnes) {
  absl::StatusOr<money::Decimal> rate = ParseVatRate("article.vat_rate", "19.6");
  EXPECT_EQ(rate.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(rate.status()), AllOf(HasSubstr("19.6 n'est pas un taux de TVA français"),
                                            HasSubstr("5.5"), HasSubstr("1.05")));
}

TEST(ParseVatRateTest, RefusesCommaAndFractionsExplainingTheFormat) {
  EXPECT_THAT(Message(ParseVatRate("vat_rate", "5,5").status()), HasSubstr("avec un point"));
  EXPECT_THAT(Message(ParseVatRate("vat_rate", "0.055").status()),
              HasSubstr("pas un taux de TVA français"));
  EXPECT_THAT(Message(ParseVatRate("vat_rate", "").status()), HasSubstr("est obligatoire"));
}

TEST(NormalizeUnitCodeTest, DefaultsToOneAndUpperCases) {
  EXPECT_EQ(*NormalizeUnitCode("unit_code", ""), "C62");
  EXPECT_EQ(*NormalizeUnitCode("unit_code", " kgm "), "KGM");
  EXPECT_THAT(Message(NormalizeUnitCode("unit_code", "piece").status()),
              HasSubstr("pas un code d'unité de la recommandation 20"));
}

TEST(ParseUnitPriceTest, AcceptsUpToFourDecimalsAndRefusesNegatives) {
  EXPECT_EQ(*ParseUnitPrice("price", "19.9999"), money::Decimal::FromRaw(199'999));
  EXPECT_THAT(Message(ParseUnitPrice("price", "1.23456").status()), HasSubstr("au plus 4"));
  EXPECT_THAT(Message(ParseUnitPrice("price", "-1").status()), HasSubstr("est négatif"));
}

TEST(ValidateArticleTest, NormalisesAValidDraft) {
  ArticleDraft draft = ValidDraft();
  draft.code = " ART-1 ";
  draft.vat_rate = "5.50";
  draft.unit_price_excl_vat = "12.5";
  draft.available_for_export = true;
  absl::StatusOr<Article> article = ValidateArticle(draft);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->code, "ART-1");
  EXPECT_EQ(article->unit_code, "C62");
  EXPECT_EQ(article->vat_rate, *money::Decimal::Parse("5.5"));
  EXPECT_EQ(article->unit_price_excl_vat, money::Decimal::FromCents(1250));
  EXPECT_TRUE(article->available_for_export);
}

TEST(ValidateArticleTest, LeavesThePriceUnsetWhenAbsent) {
  absl::StatusOr<Article> article = ValidateArticle(ValidDraft());
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_FALSE(article->unit_price_excl_vat.has_value());
}

TEST(ValidateArticleTest, ReportsEveryWrongFieldAtOnce) {
  ArticleDraft draft;
  draft.code = std::string(65, 'X');
  draft.vat_rate = "7";
  absl::StatusOr<Article> article = ValidateArticle(draft);
  EXPECT_EQ(article.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(article.status()),
              AllOf(HasSubstr("article.code"), HasSubstr("article.label est obligatoire"),
                    HasSubstr("article.vat_rate 7 n'est pas un taux de TVA français")));
}

TEST(DecimalTextTest, GivesTheShortestExactText) {
  EXPECT_EQ(DecimalText(*money::Decimal::Parse("5.5"), 0), "5.5");
  EXPECT_EQ(DecimalText(money::Decimal::FromUnits(20), 0), "20");
  EXPECT_EQ(DecimalText(money::Decimal::FromUnits(0), 0), "0");
  EXPECT_EQ(DecimalText(*money::Decimal::Parse("1.05"), 0), "1.05");
  EXPECT_EQ(DecimalText(*money::Decimal::Parse("19.9"), 2), "19.90");
  EXPECT_EQ(DecimalText(*money::Decimal::Parse("0.1234"), 2), "0.1234");
  EXPECT_EQ(DecimalText(money::Decimal::FromUnits(12), 2), "12.00");
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
