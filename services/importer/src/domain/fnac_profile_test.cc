#include "domain/fnac_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "domain/xlsx_reader.h"
#include "domain/xlsx_test_util.h"

namespace factflow::importer::domain {
namespace {

using money::Decimal;
using test_util::Num;
using test_util::TableXlsx;
using test_util::TestCell;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::StartsWith;

constexpr std::string_view kFile = "commandes-terminees-23-11-2026.xlsx";

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

// Columns A..O of the tests' usual export.
const std::vector<std::string>& StandardHeaders() {
  static const auto* const kHeaders = new std::vector<std::string>{"N° de commande",
                                                                   "Date de commande",
                                                                   "SKU vendeur",
                                                                   "EAN",
                                                                   "Libellé produit",
                                                                   "Quantité",
                                                                   "Prix unitaire TTC",
                                                                   "Frais de port TTC",
                                                                   "Nom",
                                                                   "Société",
                                                                   "Adresse de livraison 1",
                                                                   "Code postal de livraison",
                                                                   "Ville de livraison",
                                                                   "Pays de livraison",
                                                                   "Mode d'expédition"};
  return *kHeaders;
}

std::vector<TestCell> HeaderRow(const std::vector<std::string>& headers = StandardHeaders()) {
  return std::vector<TestCell>(headers.begin(), headers.end());
}

// A valid line of `order_id`, with some values replaced ("" removes the cell).
std::vector<TestCell> Line(std::string order_id,
                           const std::map<std::string, TestCell>& overrides = {}) {
  std::map<std::string, TestCell> values = {{"N° de commande", order_id},
                                            {"Date de commande", Num("46349.5")},
                                            {"SKU vendeur", "SKU-10001"},
                                            {"EAN", "9782070360024"},
                                            {"Libellé produit", "L'Étranger"},
                                            {"Quantité", Num("1")},
                                            {"Prix unitaire TTC", Num("7.9")},
                                            {"Frais de port TTC", Num("2.99")},
                                            {"Nom", "Dupont"},
                                            {"Société", ""},
                                            {"Adresse de livraison 1", "1 rue Pasteur"},
                                            {"Code postal de livraison", "75011"},
                                            {"Ville de livraison", "Paris"},
                                            {"Pays de livraison", "France"},
                                            {"Mode d'expédition", "Colissimo"}};
  for (const auto& [header, value] : overrides) values.insert_or_assign(header, value);
  std::vector<TestCell> row;
  for (const std::string& header : StandardHeaders()) row.push_back(values.at(header));
  return row;
}

ParsedExport Parse(const std::vector<std::vector<TestCell>>& rows, bool date1904 = false) {
  absl::StatusOr<ParsedExport> parsed = ParseFnacExport(kFile, TableXlsx(rows, date1904));
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *std::move(parsed) : ParsedExport{};
}

absl::Status ParseStatus(const std::vector<std::vector<TestCell>>& rows) {
  return ParseFnacExport(kFile, TableXlsx(rows)).status();
}

std::vector<Issue> AllIssues(const StagedOrder& order) {
  std::vector<Issue> issues = order.issues;
  for (const StagedLine& line : order.lines) {
    issues.insert(issues.end(), line.issues.begin(), line.issues.end());
  }
  return issues;
}

std::vector<Issue> Errors(const StagedOrder& order) {
  std::vector<Issue> errors;
  for (const Issue& issue : AllIssues(order)) {
    if (issue.severity == Severity::kError) errors.push_back(issue);
  }
  return errors;
}

// --- The profile -----------------------------------------------------------------------------

TEST(FnacProfileTest, ListsTheFieldsOfTheDomainWithTheirRequirements) {
  std::map<std::string, std::pair<bool, std::string>> required;
  for (const ProfileField& field : FnacProfile()) {
    required[std::string(field.name)] = {field.required, std::string(field.required_group)};
  }
  EXPECT_EQ(required.size(), 30u);
  EXPECT_EQ(required["order_id"], std::make_pair(true, std::string()));
  EXPECT_EQ(required["order_date"], std::make_pair(true, std::string()));
  EXPECT_EQ(required["label"], std::make_pair(true, std::string()));
  EXPECT_EQ(required["quantity"], std::make_pair(true, std::string()));
  EXPECT_EQ(required["unit_price_incl_vat"], std::make_pair(true, std::string()));
  EXPECT_EQ(required["seller_sku"].second, required["ean"].second);
  EXPECT_FALSE(required["seller_sku"].second.empty());
  EXPECT_EQ(required["last_name"].second, required["company"].second);
  EXPECT_FALSE(required["commission_incl_vat"].first);
  EXPECT_FALSE(required["billing_line1"].first);
}

TEST(FnacProfileTest, NoTwoFieldsShareAHeaderKey) {
  for (auto key_of : {&NormalizeHeader, &LooseHeaderKey}) {
    std::map<std::string, std::string> owner;
    for (const ProfileField& field : FnacProfile()) {
      std::set<std::string> keys = {key_of(field.header)};
      for (std::string_view alias : field.aliases) keys.insert(key_of(alias));
      for (const std::string& key : keys) {
        auto [it, inserted] = owner.emplace(key, std::string(field.name));
        EXPECT_TRUE(inserted) << key << " is claimed by " << it->second << " and " << field.name;
      }
    }
  }
}

TEST(CountryCodeFromNameTest, MapsCommonSpellings) {
  EXPECT_EQ(CountryCodeFromName("France"), "FR");
  EXPECT_EQ(CountryCodeFromName("FRANCE"), "FR");
  EXPECT_EQ(CountryCodeFromName(" fr "), "FR");
  EXPECT_EQ(CountryCodeFromName("Belgique"), "BE");
  EXPECT_EQ(CountryCodeFromName("Suisse"), "CH");
  EXPECT_EQ(CountryCodeFromName("Luxembourg"), "LU");
  EXPECT_EQ(CountryCodeFromName("Allemagne"), "DE");
  EXPECT_EQ(CountryCodeFromName("Espagne"), "ES");
  EXPECT_EQ(CountryCodeFromName("Italie"), "IT");
  EXPECT_EQ(CountryCodeFromName("La Réunion"), "RE");
  EXPECT_EQ(CountryCodeFromName("Pays-Bas"), "NL");
  EXPECT_EQ(CountryCodeFromName("Atlantide"), "");
  EXPECT_EQ(CountryCodeFromName(""), "");
}

// --- Parsing ---------------------------------------------------------------------------------

TEST(ParseFnacExportTest, ReadsAnOrderWithItsLineBuyerAndAddress) {
  ParsedExport parsed = Parse({HeaderRow(), Line("FNAC-7X2K9Q1")});
  EXPECT_EQ(parsed.file_name, kFile);
  EXPECT_EQ(parsed.rows_read, 1);
  ASSERT_EQ(parsed.orders.size(), 1u);
  const StagedOrder& order = parsed.orders[0];
  EXPECT_EQ(order.order_id, "FNAC-7X2K9Q1");
  EXPECT_EQ(order.order_date, "2026-11-23");
  EXPECT_THAT(order.order_datetime, Optional(std::string("2026-11-23T12:00:00")));
  EXPECT_EQ(order.buyer.last_name, "Dupont");
  EXPECT_EQ(order.delivery_address.line1, "1 rue Pasteur");
  EXPECT_EQ(order.delivery_address.postal_code, "75011");
  EXPECT_EQ(order.delivery_address.city, "Paris");
  EXPECT_EQ(order.delivery_address.country, "France");
  EXPECT_EQ(order.delivery_address.country_code, "FR");
  ASSERT_EQ(order.lines.size(), 1u);
  const StagedLine& line = order.lines[0];
  EXPECT_EQ(line.source_row, 2);
  EXPECT_EQ(line.seller_sku, "SKU-10001");
  EXPECT_EQ(line.ean, "9782070360024");
  EXPECT_EQ(line.label, "L'Étranger");
  EXPECT_EQ(line.quantity, D("1"));
  EXPECT_EQ(line.unit_price_incl_vat, D("7.90"));
  EXPECT_THAT(line.shipping_incl_vat, Optional(D("2.99")));
  EXPECT_EQ(line.commission_incl_vat, std::nullopt);
  EXPECT_THAT(line.extra, ElementsAre(Pair("Mode d'expédition", "Colissimo")));
  EXPECT_TRUE(order.valid());
  EXPECT_TRUE(Errors(order).empty());
}

TEST(ParseFnacExportTest, MatchesHeadersByNameInAnyOrderAndByAlias) {
  std::vector<std::vector<TestCell>> rows = {
      {"Désignation", "QTÉ", "Commentaire interne", "Prix TTC", "Numéro de commande", "code_ean",
       "Date", "Raison sociale"},
      {"Dixit", Num("2"), "fragile", "29,90 €", "FNAC-AAA1111", "3558380077978", "20/11/2026",
       "Ludothèque SARL"},
  };
  ParsedExport parsed = Parse(rows);
  ASSERT_EQ(parsed.orders.size(), 1u);
  const StagedOrder& order = parsed.orders[0];
  EXPECT_EQ(order.order_id, "FNAC-AAA1111");
  EXPECT_EQ(order.order_date, "2026-11-20");
  EXPECT_EQ(order.order_datetime, std::nullopt);
  EXPECT_EQ(order.buyer.company, "Ludothèque SARL");
  const StagedLine& line = order.lines[0];
  EXPECT_EQ(line.label, "Dixit");
  EXPECT_EQ(line.quantity, D("2"));
  EXPECT_EQ(line.unit_price_incl_vat, D("29.90"));
  EXPECT_EQ(line.ean, "3558380077978");
  EXPECT_THAT(line.extra, ElementsAre(Pair("Commentaire interne", "fragile")));
  EXPECT_TRUE(order.valid());
  ASSERT_EQ(parsed.headers.size(), 8u);
  EXPECT_EQ(parsed.headers[0].text, "Désignation");
  EXPECT_EQ(parsed.headers[0].column, "A");
  EXPECT_THAT(parsed.headers[0].field, Optional(std::string("label")));
  EXPECT_EQ(parsed.headers[2].field, std::nullopt);
  EXPECT_THAT(parsed.headers[5].field, Optional(std::string("ean")));
}

TEST(ParseFnacExportTest, NamesEveryMissingRequiredColumnWithTheFileName) {
  absl::StatusOr<ParsedExport> parsed = ParseFnacExport(
      "commandes-terminees-01-11-2026.xlsx",
      TableXlsx({{"N° de commande", "Date de commande", "EAN", "Libellé produit", "Nom"}}));
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()),
              StartsWith("commandes-terminees-01-11-2026.xlsx : colonnes obligatoires absentes : "
                         "« Quantité », « Prix unitaire TTC »"));

  absl::Status one_missing = ParseStatus({{"N° de commande", "Date de commande", "Libellé produit",
                                           "Quantité", "Prix unitaire TTC", "Société"}});
  EXPECT_THAT(std::string(one_missing.message()),
              StartsWith(std::string(kFile) +
                         " : colonne obligatoire absente : « SKU vendeur » ou « EAN »"));
}

TEST(ParseFnacExportTest, RefusesTwoColumnsForOneField) {
  std::vector<std::string> headers = StandardHeaders();
  headers.push_back("Qté");
  absl::Status status = ParseStatus({HeaderRow(headers)});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("plusieurs colonnes pour « Quantité » : F « Quantité », P « Qté »"));
}

TEST(ParseFnacExportTest, FlagsABadQuantityOnItsRowColumnAndField) {
  ParsedExport parsed =
      Parse({HeaderRow(), Line("FNAC-OK00001"), Line("FNAC-BAD0001", {{"Quantité", "deux"}}),
             Line("FNAC-BAD0002", {{"Quantité", Num("0")}}),
             Line("FNAC-OK00002", {{"Quantité", "2,5"}})});
  ASSERT_EQ(parsed.orders.size(), 4u);
  EXPECT_TRUE(parsed.orders[0].valid());
  ASSERT_FALSE(parsed.orders[1].valid());
  std::vector<Issue> errors = Errors(parsed.orders[1]);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file_name, kFile);
  EXPECT_EQ(errors[0].row, 3);
  EXPECT_EQ(errors[0].column, "F");
  EXPECT_EQ(errors[0].field, "quantity");
  EXPECT_EQ(errors[0].header, "Quantité");
  EXPECT_THAT(errors[0].message, HasSubstr("« deux »"));
  EXPECT_FALSE(parsed.orders[2].valid());
  EXPECT_EQ(Errors(parsed.orders[2])[0].row, 4);
  EXPECT_TRUE(parsed.orders[3].valid());
  EXPECT_EQ(parsed.orders[3].lines[0].quantity, D("2.5"));
}

TEST(ParseFnacExportTest, ReadsAmountsAsNumbersOrFrenchText) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-1", {{"Prix unitaire TTC", "19,99 €"}, {"Frais de port TTC", "4,99"}}),
      Line("FNAC-2",
           {{"Prix unitaire TTC", Num("1.9990000000000001E1")}, {"Frais de port TTC", ""}}),
      Line("FNAC-3", {{"Prix unitaire TTC", "1 234,50 €"}}),
      Line("FNAC-4", {{"Prix unitaire TTC", "N/A"}}),
      Line("FNAC-5", {{"Prix unitaire TTC", Num("-5")}}),
      Line("FNAC-6", {{"Prix unitaire TTC", ""}}),
  });
  ASSERT_EQ(parsed.orders.size(), 6u);
  EXPECT_EQ(parsed.orders[0].lines[0].unit_price_incl_vat, D("19.99"));
  EXPECT_THAT(parsed.orders[0].lines[0].shipping_incl_vat, Optional(D("4.99")));
  EXPECT_EQ(parsed.orders[1].lines[0].unit_price_incl_vat.raw(), 199'900);
  EXPECT_EQ(parsed.orders[1].lines[0].shipping_incl_vat, std::nullopt);
  EXPECT_EQ(parsed.orders[2].lines[0].unit_price_incl_vat, D("1234.50"));
  for (size_t i : {3u, 4u, 5u}) {
    std::vector<Issue> errors = Errors(parsed.orders[i]);
    ASSERT_EQ(errors.size(), 1u) << i;
    EXPECT_EQ(errors[0].field, "unit_price_incl_vat");
    EXPECT_EQ(errors[0].column, "G");
    EXPECT_EQ(errors[0].row, static_cast<int64_t>(i) + 2);
  }
  EXPECT_THAT(Errors(parsed.orders[4])[0].message, HasSubstr("négatif"));
  EXPECT_THAT(Errors(parsed.orders[5])[0].message, HasSubstr("vide"));
}

TEST(ParseFnacExportTest, ReadsDatesAsSerialsOrText) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-1", {{"Date de commande", Num("46349")}}),
      Line("FNAC-2", {{"Date de commande", "23/11/2026 14:05"}}),
      Line("FNAC-3", {{"Date de commande", "2026-11-22"}}),
      Line("FNAC-4", {{"Date de commande", "demain"}}),
  });
  ASSERT_EQ(parsed.orders.size(), 4u);
  EXPECT_EQ(parsed.orders[0].order_date, "2026-11-23");
  EXPECT_EQ(parsed.orders[0].order_datetime, std::nullopt);
  EXPECT_EQ(parsed.orders[1].order_date, "2026-11-23");
  EXPECT_THAT(parsed.orders[1].order_datetime, Optional(std::string("2026-11-23T14:05:00")));
  EXPECT_EQ(parsed.orders[2].order_date, "2026-11-22");
  std::vector<Issue> errors = Errors(parsed.orders[3]);
  ASSERT_EQ(errors.size(), 1u);  // on its row only, not again as "missing" on the order
  EXPECT_EQ(errors[0].field, "order_date");
  EXPECT_EQ(errors[0].column, "B");
  EXPECT_EQ(errors[0].row, 5);
  EXPECT_THAT(errors[0].message, HasSubstr("« demain »"));

  ParsedExport in_1904 =
      Parse({HeaderRow(), Line("FNAC-1", {{"Date de commande", Num("44887.5")}})},
            /*date1904=*/true);
  ASSERT_EQ(in_1904.orders.size(), 1u);
  EXPECT_EQ(in_1904.orders[0].order_date, "2026-11-23");
}

TEST(ParseFnacExportTest, GroupsRowsOfAnOrderSpreadAcrossTheFile) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-A", {{"SKU vendeur", "A1"}}),
      Line("FNAC-B", {{"SKU vendeur", "B1"}}),
      Line("FNAC-A", {{"SKU vendeur", "A2"}, {"Quantité", Num("3")}}),
      Line("FNAC-C", {{"SKU vendeur", "C1"}}),
      Line("FNAC-B", {{"SKU vendeur", "B2"}}),
  });
  ASSERT_EQ(parsed.orders.size(), 3u);
  EXPECT_EQ(parsed.rows_read, 5);
  EXPECT_EQ(parsed.orders[0].order_id, "FNAC-A");
  EXPECT_EQ(parsed.orders[1].order_id, "FNAC-B");
  EXPECT_EQ(parsed.orders[2].order_id, "FNAC-C");
  ASSERT_EQ(parsed.orders[0].lines.size(), 2u);
  EXPECT_EQ(parsed.orders[0].lines[0].source_row, 2);
  EXPECT_EQ(parsed.orders[0].lines[0].seller_sku, "A1");
  EXPECT_EQ(parsed.orders[0].lines[1].source_row, 4);
  EXPECT_EQ(parsed.orders[0].lines[1].quantity, D("3"));
  ASSERT_EQ(parsed.orders[1].lines.size(), 2u);
  EXPECT_EQ(parsed.orders[1].lines[1].source_row, 6);
  for (const StagedOrder& order : parsed.orders) EXPECT_TRUE(order.valid()) << order.order_id;
}

TEST(ParseFnacExportTest, FlagsRowsThatContradictTheirOrder) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-A", {{"Date de commande", Num("46349")}, {"Nom", "Dupont"}}),
      Line("FNAC-A", {{"Date de commande", "23/11/2026"}, {"Nom", "DUPONT "}}),  // same values
      Line("FNAC-A", {{"Date de commande", Num("46350")}, {"Nom", ""}}),
  });
  ASSERT_EQ(parsed.orders.size(), 1u);
  const StagedOrder& order = parsed.orders[0];
  EXPECT_EQ(order.order_date, "2026-11-23");
  EXPECT_EQ(order.buyer.last_name, "Dupont");
  EXPECT_FALSE(order.valid());
  std::vector<Issue> errors = Errors(order);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 4);
  EXPECT_EQ(errors[0].field, "order_date");
  EXPECT_THAT(errors[0].message, HasSubstr("ligne 2"));
  EXPECT_THAT(errors[0].message, HasSubstr("24/11/2026"));
  EXPECT_TRUE(order.lines[0].issues.empty());
  EXPECT_FALSE(order.lines[2].issues.empty());
}

TEST(ParseFnacExportTest, NeedsANameOrACompanyForTheBuyer) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-NOBODY", {{"Nom", ""}}),
      Line("FNAC-COMPANY", {{"Nom", ""}, {"Société", "Médiathèque de Lyon"}}),
  });
  ASSERT_EQ(parsed.orders.size(), 2u);
  EXPECT_FALSE(parsed.orders[0].valid());
  // The file has no billing columns: that is said once for the file, not on each order.
  ASSERT_EQ(parsed.orders[0].issues.size(), 1u);
  const Issue& issue = parsed.orders[0].issues[0];
  EXPECT_EQ(issue.severity, Severity::kError);
  EXPECT_EQ(issue.row, 2);
  EXPECT_EQ(issue.field, "last_name");
  EXPECT_EQ(issue.column, "I");
  EXPECT_TRUE(parsed.orders[1].valid());
  EXPECT_EQ(parsed.orders[1].buyer.company, "Médiathèque de Lyon");
}

TEST(ParseFnacExportTest, NeedsALabelAndAnSkuOrEan) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-1", {{"Libellé produit", ""}}),
      Line("FNAC-2", {{"SKU vendeur", ""}, {"EAN", ""}}),
      Line("FNAC-3", {{"SKU vendeur", ""}}),
  });
  ASSERT_EQ(parsed.orders.size(), 3u);
  std::vector<Issue> label = Errors(parsed.orders[0]);
  ASSERT_EQ(label.size(), 1u);
  EXPECT_EQ(label[0].field, "label");
  EXPECT_EQ(label[0].column, "E");
  EXPECT_EQ(label[0].header, "Libellé produit");
  std::vector<Issue> article = Errors(parsed.orders[1]);
  ASSERT_EQ(article.size(), 1u);
  EXPECT_EQ(article[0].field, "seller_sku");
  EXPECT_EQ(article[0].row, 3);
  EXPECT_TRUE(parsed.orders[2].valid());
}

TEST(ParseFnacExportTest, UsesTheDeliveryAddressWhenBillingIsMissing) {
  std::vector<std::string> headers = StandardHeaders();
  headers.insert(headers.end(), {"Adresse de facturation 1", "Code postal de facturation",
                                 "Ville de facturation", "Pays de facturation"});
  auto line = [](std::string id, std::vector<TestCell> billing) {
    std::vector<TestCell> row = Line(std::move(id));
    row.insert(row.end(), billing.begin(), billing.end());
    return row;
  };
  ParsedExport parsed = Parse({
      HeaderRow(headers),
      line("FNAC-1", {"", "", "", ""}),
      line("FNAC-2", {"3 rue Neuve", "1000", "Bruxelles", "Belgique"}),
      line("FNAC-3", {"5 rue Haute", Num("1000"), "Bourg-en-Bresse", "FRANCE"}),
  });
  ASSERT_EQ(parsed.orders.size(), 3u);
  const StagedOrder& fallback = parsed.orders[0];
  EXPECT_TRUE(fallback.valid());
  EXPECT_EQ(fallback.billing_address.line1, "1 rue Pasteur");
  EXPECT_EQ(fallback.billing_address.country_code, "FR");
  ASSERT_EQ(fallback.issues.size(), 1u);
  EXPECT_EQ(fallback.issues[0].severity, Severity::kWarning);
  EXPECT_EQ(fallback.issues[0].field, "billing_line1");
  EXPECT_EQ(fallback.issues[0].column, "P");
  EXPECT_EQ(parsed.orders[1].billing_address.postal_code, "1000");
  EXPECT_EQ(parsed.orders[1].billing_address.country_code, "BE");
  EXPECT_TRUE(parsed.orders[1].issues.empty());
  // A French postal code stored as a number lost its leading zero.
  EXPECT_EQ(parsed.orders[2].billing_address.postal_code, "01000");
  EXPECT_EQ(parsed.orders[2].billing_address.country, "FRANCE");
}

TEST(ParseFnacExportTest, WarnsAboutUnknownCountries) {
  ParsedExport parsed = Parse({HeaderRow(), Line("FNAC-1", {{"Pays de livraison", "Atlantide"}})});
  ASSERT_EQ(parsed.orders.size(), 1u);
  EXPECT_TRUE(parsed.orders[0].valid());
  EXPECT_EQ(parsed.orders[0].delivery_address.country_code, "");
  ASSERT_FALSE(parsed.orders[0].issues.empty());
  EXPECT_EQ(parsed.orders[0].issues[0].field, "delivery_country");
  EXPECT_EQ(parsed.orders[0].issues[0].severity, Severity::kWarning);
}

TEST(ParseFnacExportTest, ReportsRowsWithoutOrderIdOnTheFile) {
  ParsedExport parsed = Parse({HeaderRow(), Line(""), Line("FNAC-1")});
  EXPECT_EQ(parsed.rows_read, 2);
  ASSERT_EQ(parsed.orders.size(), 1u);
  // Besides the file's notice of its missing billing columns (a warning, on the header row).
  std::vector<Issue> errors;
  for (const Issue& issue : parsed.file_issues) {
    if (issue.severity == Severity::kError) errors.push_back(issue);
  }
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].row, 2);
  EXPECT_EQ(errors[0].column, "A");
  EXPECT_EQ(errors[0].field, "order_id");
}

TEST(ParseFnacExportTest, TakesTheFirstNonEmptyRowAsHeaderAndSkipsBlankRows) {
  std::vector<TestCell> headed_gap = Line("FNAC-1");
  headed_gap.push_back("");
  headed_gap.push_back("hors en-tête");
  ParsedExport parsed = Parse({{}, {"", "  "}, HeaderRow(), {}, headed_gap});
  ASSERT_EQ(parsed.orders.size(), 1u);
  EXPECT_EQ(parsed.rows_read, 1);
  const StagedLine& line = parsed.orders[0].lines[0];
  EXPECT_EQ(line.source_row, 5);
  EXPECT_THAT(line.extra, ElementsAre(Pair("Mode d'expédition", "Colissimo"),
                                      Pair("Colonne Q", "hors en-tête")));
}

TEST(ParseFnacExportTest, ReportsEmptyFiles) {
  absl::Status empty = ParseStatus({});
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(empty.message()),
              StartsWith(std::string(kFile) + " : la feuille est vide"));

  // Nothing to stage: refused, so that no empty batch is ever stored.
  absl::Status header_only = ParseStatus({HeaderRow()});
  EXPECT_EQ(header_only.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(header_only.message()),
              StartsWith(std::string(kFile) + " : le fichier ne contient que la ligne d'en-tête"));

  absl::Status no_order_id = ParseStatus({HeaderRow(), Line(""), Line("")});
  EXPECT_EQ(no_order_id.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(no_order_id.message()),
              HasSubstr("aucune des 2 lignes ne porte de « N° de commande » (colonne A)"));

  absl::Status zero_bytes = ParseFnacExport(kFile, "").status();
  EXPECT_EQ(zero_bytes.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(zero_bytes.message()),
              StartsWith(std::string(kFile) + " : fichier vide (0 octet)"));
}

TEST(ParseFnacExportTest, RefusesAmountsBeyondTheBoundsOnTheirCell) {
  ParsedExport parsed = Parse({
      HeaderRow(),
      Line("FNAC-1", {{"Quantité", Num("100001")}}),
      Line("FNAC-2", {{"Prix unitaire TTC", Num("10000000.01")}}),
      Line("FNAC-3", {{"Frais de port TTC", "90 000 000 000 000,00 €"}}),
      Line("FNAC-4", {{"Quantité", Num("100")}, {"Prix unitaire TTC", Num("100000.01")}}),
      Line("FNAC-5", {{"Quantité", Num("2")}, {"Prix unitaire TTC", Num("4000000")}}),
      Line("FNAC-5", {{"Quantité", Num("1")}, {"Prix unitaire TTC", Num("2000000")}}),
      Line("FNAC-6", {{"Quantité", Num("100")},
                      {"Prix unitaire TTC", Num("100000")},
                      {"Frais de port TTC", ""}}),
  });
  ASSERT_EQ(parsed.orders.size(), 6u);
  auto only_issue = [&](size_t order, size_t line) {
    const std::vector<Issue>& issues = parsed.orders[order].lines[line].issues;
    EXPECT_EQ(issues.size(), 1u) << parsed.orders[order].order_id;
    return issues.empty() ? Issue{} : issues[0];
  };
  Issue quantity = only_issue(0, 0);
  EXPECT_EQ(quantity.file_name, kFile);
  EXPECT_EQ(quantity.row, 2);
  EXPECT_EQ(quantity.column, "F");
  EXPECT_EQ(quantity.field, "quantity");
  EXPECT_THAT(quantity.message, HasSubstr("limitée à " + kMaxQuantity.ToFrench(0)));
  Issue price = only_issue(1, 0);
  EXPECT_EQ(price.column, "G");
  EXPECT_EQ(price.field, "unit_price_incl_vat");
  EXPECT_THAT(price.message, HasSubstr("limité à " + kMaxAmountInclVat.ToFrench(0) + " €"));
  Issue shipping = only_issue(2, 0);
  EXPECT_EQ(shipping.column, "H");
  EXPECT_EQ(shipping.field, "shipping_incl_vat");
  Issue line_total = only_issue(3, 0);
  EXPECT_EQ(line_total.row, 5);
  EXPECT_EQ(line_total.field, "unit_price_incl_vat");
  EXPECT_THAT(line_total.message, HasSubstr("le total TTC de la ligne"));
  // 8,000,000 € then 2,000,000 € more: the second row crosses the bound of one invoice.
  EXPECT_TRUE(parsed.orders[4].lines[0].issues.empty());
  Issue order_total = only_issue(4, 1);
  EXPECT_EQ(order_total.row, 7);
  EXPECT_THAT(order_total.message, HasSubstr("la commande FNAC-5 totalise"));
  EXPECT_THAT(order_total.message,
              HasSubstr("au-delà de " + kMaxInvoiceTotalInclVat.ToFrench(0) + " € par facture"));
  for (size_t i = 0; i < 5; ++i) EXPECT_FALSE(parsed.orders[i].valid()) << i;
  // Exactly at the bound (100 × 100,000 €, no shipping): the bound is inclusive.
  EXPECT_TRUE(parsed.orders[5].valid()) << AllIssues(parsed.orders[5]).size();
}

TEST(ParseFnacExportTest, PrefixesReaderErrorsWithTheFileName) {
  absl::Status status = ParseFnacExport(kFile, "not a workbook").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith(std::string(kFile) + " : le fichier n'est pas"));
}

}  // namespace
}  // namespace factflow::importer::domain

namespace factflow::importer::domain {
namespace {

TEST(ParseFnacExportTest, MissingBillingColumnsAreReportedOncePerFile) {
  ParsedExport parsed = Parse({HeaderRow(), Line("FNAC-1", {}), Line("FNAC-2", {}),
                               Line("FNAC-3", {})});
  ASSERT_EQ(parsed.orders.size(), 3u);
  int billing_notices = 0;
  for (const Issue& issue : parsed.file_issues) {
    if (issue.message.find("adresse de facturation") != std::string::npos) {
      ++billing_notices;
      EXPECT_EQ(issue.severity, Severity::kWarning);
      EXPECT_EQ(issue.row, 1);
    }
  }
  EXPECT_EQ(billing_notices, 1);
  for (const StagedOrder& order : parsed.orders) {
    EXPECT_TRUE(order.valid());
    for (const Issue& issue : order.issues) EXPECT_NE(issue.field, "billing_line1");
    EXPECT_EQ(order.billing_address.line1, order.delivery_address.line1);
  }
}

// A sheet row of inline strings, except `formula_column` (0-based) written as a formula saved
// without its cached result, as some exports do for =HYPERLINK(...) names.
std::string RowXml(int row, const std::vector<std::string>& values, int formula_column = -1) {
  std::string xml = absl::StrCat("<row r=\"", row, "\">");
  for (size_t c = 0; c < values.size(); ++c) {
    std::string ref = absl::StrCat(ColumnName(static_cast<int>(c)), row);
    if (static_cast<int>(c) == formula_column) {
      absl::StrAppend(&xml, "<c r=\"", ref, "\" t=\"str\"><f>", test_util::XmlEscape(values[c]),
                      "</f></c>");
    } else {
      absl::StrAppend(&xml, "<c r=\"", ref, "\" t=\"inlineStr\"><is><t>",
                      test_util::XmlEscape(values[c]), "</t></is></c>");
    }
  }
  return xml + "</row>";
}

TEST(ParseFnacExportTest, AFormulaWithoutCachedValueIsAnIssueOnItsRowAndColumn) {
  const std::vector<std::string> headers = {"N° de commande", "Date de commande", "SKU vendeur",
                                            "Libellé produit", "Quantité", "Prix unitaire TTC",
                                            "Nom"};
  const std::string hyperlink = R"(HYPERLINK("https://www.fnac.com/client/42","Dupont"))";
  std::string sheet = test_util::SheetXml(
      RowXml(1, headers) +
      RowXml(2, {"FNAC-F1", "24/11/2026", "SKU-1", "Livre", "1", "10,00", hyperlink}, 6) +
      RowXml(3, {"FNAC-F2", "24/11/2026", "SKU-2", "Disque", "1", "12,00", "Martin"}));
  test_util::XlsxParts parts;
  parts.sheet_xml = sheet;
  std::string bytes = test_util::BuildXlsx(parts);
  auto parsed = ParseFnacExport("formules.xlsx", bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->orders.size(), 2u);
  const StagedOrder& broken = parsed->orders[0];
  EXPECT_FALSE(broken.valid());
  EXPECT_TRUE(broken.buyer.last_name.empty()) << "the formula text must not become the name";
  ASSERT_FALSE(broken.lines[0].issues.empty());
  const Issue& issue = broken.lines[0].issues[0];
  EXPECT_EQ(issue.severity, Severity::kError);
  EXPECT_EQ(issue.row, 2);
  EXPECT_EQ(issue.column, "G");
  EXPECT_EQ(issue.field, "last_name");
  EXPECT_EQ(issue.file_name, "formules.xlsx");
  EXPECT_NE(issue.message.find("=HYPERLINK("), std::string::npos) << issue.message;
  EXPECT_NE(issue.message.find("sans valeur calculée"), std::string::npos) << issue.message;
  EXPECT_TRUE(parsed->orders[1].valid());
  EXPECT_EQ(parsed->orders[1].buyer.last_name, "Martin");
}

}  // namespace
}  // namespace factflow::importer::domain
