// Saved filters, the send's CSV and JSON rows, and the webservice's JSON batches (pure domain).

#include "domain/eta_export.h"
#include "domain/eta_json.h"
#include "domain/saved_filter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SavedFilterTest, NormalisesAndRefusesCriteriaOfTheOtherTarget) {
  SavedFilter draft{" Belges ", "customers", "", {"", "", {"G1", " G1 ", ""}, false, " be "}};
  absl::StatusOr<SavedFilter> f = ValidateSavedFilter(draft);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->name, "Belges");
  EXPECT_EQ(f->target, "CUSTOMERS");
  EXPECT_THAT(f->selection.families, ElementsAre("G1"));
  EXPECT_EQ(f->selection.country_code, "BE");

  draft.selection.only_available_for_export = true;
  draft.selection.country_code = "B";
  absl::Status refused = ValidateSavedFilter(draft).status();
  EXPECT_THAT(std::string(refused.message()),
              AllOf(HasSubstr("filter.country_code « B »"),
                    HasSubstr("only_available_for_export ne s'applique qu'aux filtres d'articles")));
  draft.target = "PRODUITS";
  EXPECT_THAT(std::string(ValidateSavedFilter(draft).status().message()),
              HasSubstr("filter.target « PRODUITS » inconnu"));
}

TEST(EtaExportTest, CsvFieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("Vis 4x40"), "Vis 4x40");
  EXPECT_EQ(CsvField("Vis; \"inox\""), "\"Vis; \"\"inox\"\"\"");
  EXPECT_EQ(CsvField("deux\r\nlignes"), "\"deux\r\nlignes\"");
  Article a{"A1", "Vis; inox", "C62", *money::Decimal::Parse("5.5"), true, "F1",
            money::Decimal::Parse("0.125")};
  EXPECT_EQ(ArticleCsvRow(a, "E-1", {"Tarif 1", "", "Dépôt"}),
            "A1;E-1;\"Vis; inox\";F1;C62;5.50;0.1250;Tarif 1;Dépôt\r\n");
  EXPECT_EQ(ArticleJson(a, "", {"", "KG", ""})["unit"], "KG");
}

TEST(EtaJsonTest, DocumentsAreReadWithTheCsvRules) {
  auto batch = ParseEtaDocumentsJson("ws", R"({"batch_id": "B7", "documents": [
    {"id": "D1", "date": "18/01/2026", "customer": "C1", "lines": [
      {"article": "E1", "quantity": 3, "unit_price_incl_vat": "1,25", "vat_rate": "5.5"},
      {"article": "E2", "quantity": "1", "unit_price_incl_vat": "0.01", "vat_rate": 20}]}]})");
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->batch_id, "B7");
  ASSERT_EQ(batch->items.size(), 1u);
  EXPECT_EQ(batch->items[0].date, "2026-01-18");
  EXPECT_EQ(batch->items[0].total_incl_vat.ToString(2), "3.76");
  EXPECT_EQ(batch->items[0].lines[1].vat_rate.ToString(0), "20");
}

TEST(EtaJsonTest, EveryBadAnswerNamesItsPath) {
  struct Case {
    const char* body;
    const char* message;
  } cases[] = {
      {"[1, 2", "n'est pas du JSON valide"},
      {"[]", "objet JSON attendu"},
      {R"({"docs": []})", "tableau « documents » attendu"},
      {R"({"documents": [{"id": "D", "date": "31/02/2026", "customer": "C", "lines": [
         {"article": "E", "quantity": "1", "unit_price_incl_vat": "1", "vat_rate": "20"}]}]})",
       "documents[0].date « 31/02/2026 »"},
      {R"({"documents": [{"id": "D", "date": "2026-02-01", "customer": "C", "lines": []}]})",
       "documents[0].lines"},
      {R"({"documents": [{"id": "D", "date": "2026-02-01", "customer": "C", "lines": [
         {"article": "E", "quantity": "un", "unit_price_incl_vat": "1", "vat_rate": "20"}]}]})",
       "documents[0].lines[0].quantity « un » : nombre attendu"},
      {R"({"documents": [{"id": "D", "date": "2026-02-01", "customer": "C", "lines": [
         {"article": "E", "quantity": "1", "unit_price_incl_vat": 0.1, "vat_rate": "20"}]}]})",
       "jamais en nombre à virgule flottante"},
      {R"({"documents": [
         {"id": "D", "date": "2026-02-01", "customer": "C", "lines": [
           {"article": "E", "quantity": "1", "unit_price_incl_vat": "1", "vat_rate": "20"}]},
         {"id": "D", "date": "2026-02-01", "customer": "C", "lines": [
           {"article": "E", "quantity": "1", "unit_price_incl_vat": "1", "vat_rate": "20"}]}]})",
       "documents[1].id « D » : déjà donné en documents[0]"},
  };
  for (const Case& c : cases) {
    absl::Status status = ParseEtaDocumentsJson("service web /documents", c.body).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.body;
    EXPECT_THAT(std::string(status.message()),
                AllOf(HasSubstr("« service web /documents »"), HasSubstr(c.message)))
        << c.body;
  }
}

TEST(EtaJsonTest, PartiesAreValidatedLikeTheTiersFile) {
  auto batch = ParseEtaPartiesJson("ws", R"({"tiers": [
    {"code": "F1", "kind": "Fournisseur", "name": "Visserie", "city": "Lille"}]})");
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->items[0].party.kind, "FOURNISSEUR");
  EXPECT_EQ(batch->items[0].party.billing_address.country_code, "FR");
  absl::Status bad =
      ParseEtaPartiesJson("ws", R"({"tiers": [{"code": "X", "kind": "ami", "name": "N"}]})")
          .status();
  EXPECT_THAT(std::string(bad.message()), HasSubstr("tiers[0].kind « ami » : type de tiers"));
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
