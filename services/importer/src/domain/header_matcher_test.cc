#include "domain/header_matcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::importer::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

TEST(NormalizeHeaderTest, IgnoresCaseAccentsSpacesAndPunctuation) {
  EXPECT_EQ(NormalizeHeader("Prix unitaire TTC"), "prixunitairettc");
  EXPECT_EQ(NormalizeHeader("  PRIX_UNITAIRE-ttc "), "prixunitairettc");
  EXPECT_EQ(NormalizeHeader("Quantité"), "quantite");
  EXPECT_EQ(NormalizeHeader("QUANTITÉ"), "quantite");
  EXPECT_EQ(NormalizeHeader("Quantite\xCC\x81"), "quantite");  // e + combining acute
  EXPECT_EQ(NormalizeHeader("État du produit"), "etatduproduit");
  EXPECT_EQ(NormalizeHeader("Libellé_produit"), "libelleproduit");
  EXPECT_EQ(NormalizeHeader("E-mail"), "email");
  EXPECT_EQ(NormalizeHeader("Mode d'expédition"), "modedexpedition");
  EXPECT_EQ(NormalizeHeader("Mode d’expédition"), "modedexpedition");  // typographic apostrophe
  EXPECT_EQ(NormalizeHeader("Œuvre ÀÂÄÎÏÔÖÙÛÜÇ àâäîïôöùûüç èêë"),
            "oeuvreaaaiioouuucaaaiioouuuceee");
  EXPECT_EQ(NormalizeHeader(""), "");
  EXPECT_EQ(NormalizeHeader("\xFF\xFE"), "");  // invalid UTF-8 is a separator, not a crash
}

TEST(NormalizeHeaderTest, WritesEveryNumberAbbreviationAsN) {
  const std::string expected = "ndecommande";
  EXPECT_EQ(NormalizeHeader("N° de commande"), expected);
  EXPECT_EQ(NormalizeHeader("Nº de commande"), expected);  // masculine ordinal indicator
  EXPECT_EQ(NormalizeHeader("no de commande"), expected);
  EXPECT_EQ(NormalizeHeader("No. de commande"), expected);
  EXPECT_EQ(NormalizeHeader("Numéro de commande"), expected);
  EXPECT_EQ(NormalizeHeader("N°de commande"), expected);
  // Words that merely start with "n" are left alone.
  EXPECT_EQ(NormalizeHeader("Nom"), "nom");
  EXPECT_EQ(NormalizeHeader("Note"), "note");
}

TEST(LooseHeaderKeyTest, DropsArticlesAndPrepositions) {
  EXPECT_EQ(LooseHeaderKey("N° de commande"), "ncommande");
  EXPECT_EQ(LooseHeaderKey("N°_commande"), "ncommande");
  EXPECT_EQ(LooseHeaderKey("Adresse de la livraison 1"), "adresselivraison1");
  EXPECT_EQ(LooseHeaderKey("De"), "de");  // nothing left: keep the words
}

TEST(FoldTextTest, ComparesValuesCaseAndAccentInsensitively) {
  EXPECT_EQ(FoldText("Dupont"), FoldText("DUPONT"));
  EXPECT_EQ(FoldText("Orléans"), FoldText("ORLEANS"));
  EXPECT_NE(FoldText("Paris"), FoldText("Lyon"));
  EXPECT_THAT(FoldWords("N° de  commande"), ElementsAre("n", "de", "commande"));
  EXPECT_EQ(FoldText("No"), "no");  // only header keys rewrite number words
}

const std::vector<ProfileField>& TestProfile() {
  static const auto* const kProfile = new std::vector<ProfileField>{
      {"order_id", "N° de commande", {"Order ID"}, true},
      {"quantity", "Quantité", {"Qté"}, true},
      {"sku", "SKU vendeur", {}, true, "article"},
      {"ean", "EAN", {"ISBN"}, true, "article"},
      {"comment", "Commentaire", {}},
  };
  return *kProfile;
}

std::vector<HeaderCell> Headers(std::vector<std::string> texts) {
  std::vector<HeaderCell> headers;
  for (size_t i = 0; i < texts.size(); ++i) headers.push_back({static_cast<int>(i), texts[i]});
  return headers;
}

TEST(MatchHeadersTest, MatchesByNameWhateverTheOrderAndKeepsExtras) {
  std::vector<HeaderCell> headers = Headers({"Divers", "qte", "ORDER id", "isbn", "N°_commande"});
  HeaderMatch match = MatchHeaders(TestProfile(), headers);
  // "N°_commande" only matches loosely, and order_id is already taken strictly by "ORDER id":
  // it stays an extra column instead of being a duplicate.
  EXPECT_TRUE(match.ok());
  EXPECT_THAT(match.field_columns[0], Optional(2));
  EXPECT_THAT(match.field_columns[1], Optional(1));
  EXPECT_EQ(match.field_columns[2], std::nullopt);
  EXPECT_THAT(match.field_columns[3], Optional(3));
  EXPECT_EQ(match.field_columns[4], std::nullopt);
  EXPECT_EQ(match.header_fields[0], std::nullopt);
  EXPECT_THAT(match.header_fields[2], Optional(0u));
  EXPECT_EQ(match.header_fields[4], std::nullopt);
}

TEST(MatchHeadersTest, UsesTheLooseKeyWhenNothingElseMatches) {
  HeaderMatch match = MatchHeaders(TestProfile(), Headers({"N°_commande", "Quantité", "EAN"}));
  EXPECT_TRUE(match.ok());
  EXPECT_THAT(match.field_columns[0], Optional(0));
}

TEST(MatchHeadersTest, ReportsEveryMissingRequirementWithGroupsTogether) {
  HeaderMatch match = MatchHeaders(TestProfile(), Headers({"Commentaire"}));
  EXPECT_FALSE(match.ok());
  EXPECT_THAT(match.missing_required,
              ElementsAre(ElementsAre(0u), ElementsAre(1u), ElementsAre(2u, 3u)));
}

TEST(MatchHeadersTest, OneFieldOfAGroupSatisfiesIt) {
  HeaderMatch match =
      MatchHeaders(TestProfile(), Headers({"N° de commande", "Quantité", "SKU vendeur"}));
  EXPECT_TRUE(match.missing_required.empty());
}

TEST(MatchHeadersTest, ReportsColumnsMatchingTheSameField) {
  std::vector<HeaderCell> headers = {
      {0, "N° de commande"}, {2, "Quantité"}, {5, "EAN"}, {7, "Qté"}, {9, "QUANTITE"}};
  HeaderMatch match = MatchHeaders(TestProfile(), headers);
  EXPECT_FALSE(match.ok());
  ASSERT_EQ(match.duplicates.size(), 1u);
  EXPECT_EQ(match.duplicates[0].field, 1u);
  EXPECT_THAT(match.duplicates[0].columns, ElementsAre(2, 7, 9));
  EXPECT_THAT(match.field_columns[1], Optional(2));
}

}  // namespace
}  // namespace factflow::importer::domain
