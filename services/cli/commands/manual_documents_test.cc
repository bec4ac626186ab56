#include "commands/manual_documents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::cli {
namespace {

using ::testing::HasSubstr;

TEST(ManualDocumentsCliTest, ParsesALineWithFrenchKeysAndDecimalCommas) {
  auto line = ParseManualLine("libellé=Stylo bleu;qté=2;prix=10,50;tva=20%;remise=5;article=ST-01");
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->label(), "Stylo bleu");
  EXPECT_EQ(line->quantity().value(), "2.0000");
  EXPECT_EQ(line->unit_price().value(), "10.5000");
  EXPECT_EQ(line->vat_rate().value(), "20.0000");
  EXPECT_EQ(line->discount_percent().value(), "5.0000");
  EXPECT_EQ(line->article_code(), "ST-01");
}

TEST(ManualDocumentsCliTest, NamesWhatIsWrongInALine) {
  EXPECT_THAT(ParseManualLine("libelle=A;qte=1;prix=2").status().message(), HasSubstr("il manque tva"));
  EXPECT_THAT(ParseManualLine("libelle=A;qte=un;prix=2;tva=20").status().message(),
              HasSubstr("clé « qte » : « un » n'est pas un nombre"));
  EXPECT_THAT(ParseManualLine("couleur=bleu").status().message(), HasSubstr("inconnue"));
  EXPECT_THAT(ParseManualLine("libelle").status().message(), HasSubstr("clé=valeur"));
}

TEST(ManualDocumentsCliTest, ParsesCreditedLinesAndPaymentModes) {
  auto line = ParseCreditedLine("3=1,5");
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->line_number(), 3);
  EXPECT_EQ(line->quantity().value(), "1.5000");
  EXPECT_FALSE(ParseCreditedLine("x=1").ok());
  EXPECT_FALSE(ParseCreditedLine("0=1").ok());
  EXPECT_EQ(*ParsePaymentMode("Chèque"), invoicing::v1::PAYMENT_MODE_CHEQUE);
  EXPECT_EQ(*ParsePaymentMode("billet à ordre"), invoicing::v1::PAYMENT_MODE_BILLET_A_ORDRE);
  EXPECT_EQ(*ParsePaymentMode("LCR"), invoicing::v1::PAYMENT_MODE_LCR);
  EXPECT_EQ(*ParsePaymentMode("prélèvement"), invoicing::v1::PAYMENT_MODE_PRELEVEMENT);
  EXPECT_THAT(ParsePaymentMode("bitcoin").status().message(), HasSubstr("inconnu"));
}

}  // namespace
}  // namespace factflow::cli
