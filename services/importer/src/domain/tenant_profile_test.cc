#include "domain/tenant_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "domain/xlsx_test_util.h"

namespace factflow::importer::domain {
namespace {

using money::Decimal;
using test_util::TableXlsx;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

// An Amazon-like seller export: English headers, ISO dates, decimal point, no buyer company,
// one row per order line, and no country column (a default gives it).
TenantProfile AmazonProfile() {
  TenantProfile profile;
  profile.name = "amazon";
  profile.kind = ProfileKind::kCsv;
  profile.group_by = "amazon-order-id";
  profile.columns = {
      {"order_date", "purchase-date", {"order-date"}},
      {"seller_sku", "sku", {}},
      {"label", "product-name", {}},
      {"quantity", "quantity-purchased", {"qty"}},
      {"unit_price_incl_vat", "item-price", {}},
      {"shipping_incl_vat", "shipping-price", {}},
      {"last_name", "recipient-name", {"buyer-name"}},
      {"delivery_line1", "ship-address-1", {}},
      {"delivery_postal_code", "ship-postal-code", {}},
      {"delivery_city", "ship-city", {}},
  };
  profile.decimal_mark = DecimalMark::kPoint;
  profile.date_order = DateOrder::kMonthDayYear;
  profile.defaults = {{"delivery_country", "France"}, {"quantity", "1"}};
  return profile;
}

CompiledProfile Compile(TenantProfile profile) {
  absl::StatusOr<CompiledProfile> compiled = CompileProfile(std::move(profile));
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  return *std::move(compiled);
}

constexpr char kHeader[] =
    "amazon-order-id,purchase-date,sku,product-name,quantity-purchased,item-price,"
    "shipping-price,recipient-name,ship-address-1,ship-postal-code,ship-city,gift-message\r\n";

TEST(TenantProfileTest, ReadsACsvWithTheTenantsHeadersGroupingDatesDecimalsAndDefaults) {
  CompiledProfile profile = Compile(AmazonProfile());
  std::string csv = absl::StrCat(
      kHeader,
      "402-1,11/23/2026 14:05,SKU-1,\"Livre, poche\",2,\"1,234.50\",4.99,Jean Dupont,"
      "1 rue Pasteur,1000,Bourg,\r\n",
      "402-2,2026-11-24,SKU-2,Stylo,,3.10,,Sarah Martin,2 av. Foch,75016,Paris,merci\r\n",
      "402-1,11/23/2026,SKU-3,Carnet,1,5.00,0,Jean Dupont,1 rue Pasteur,1000,Bourg,\r\n");
  absl::StatusOr<ParsedExport> parsed = ParseWithProfile(profile, "orders.csv", csv);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->rows_read, 3);
  ASSERT_EQ(parsed->orders.size(), 2u);
  const StagedOrder& first = parsed->orders[0];
  EXPECT_EQ(first.order_id, "402-1");
  EXPECT_EQ(first.order_date, "2026-11-23");  // month first
  EXPECT_TRUE(first.valid());
  ASSERT_EQ(first.lines.size(), 2u);
  EXPECT_EQ(first.lines[0].label, "Livre, poche");
  EXPECT_EQ(first.lines[0].unit_price_incl_vat, D("1234.50"));  // comma groups thousands
  EXPECT_EQ(first.lines[0].quantity, D("2"));
  EXPECT_EQ(first.lines[0].source_row, 2);  // the CSV line
  EXPECT_EQ(first.lines[1].seller_sku, "SKU-3");
  EXPECT_EQ(first.buyer.last_name, "Jean Dupont");
  EXPECT_EQ(first.delivery_address.country_code, "FR");     // default country
  EXPECT_EQ(first.delivery_address.postal_code, "01000");   // French code's lost zero
  const StagedOrder& second = parsed->orders[1];
  EXPECT_EQ(second.order_date, "2026-11-24");  // ISO read whatever the order
  EXPECT_EQ(second.lines[0].quantity, D("1"));  // default quantity for the empty cell
  EXPECT_FALSE(second.lines[0].shipping_incl_vat.has_value());
  // An unclaimed column is kept as raw data.
  ASSERT_EQ(second.lines[0].extra.size(), 1u);
  EXPECT_EQ(second.lines[0].extra[0].first, "gift-message");
  EXPECT_EQ(second.lines[0].extra[0].second, "merci");
}

TEST(TenantProfileTest, FlagsBadValuesOnTheirCsvLineColumnAndHeaderInFrench) {
  CompiledProfile profile = Compile(AmazonProfile());
  std::string csv = absl::StrCat(kHeader,
                                 "402-1,11/23/2026,SKU-1,Livre,deux,9.90,0,Jean,r,75001,Paris,\n",
                                 "402-2,23/11/2026,SKU-2,Stylo,1,abc,0,Sarah,r,75001,Paris,\n");
  absl::StatusOr<ParsedExport> parsed = ParseWithProfile(profile, "orders.csv", csv);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->orders.size(), 2u);
  const Issue& quantity = parsed->orders[0].lines[0].issues.at(0);
  EXPECT_EQ(quantity.row, 2);
  EXPECT_EQ(quantity.column, "E");
  EXPECT_EQ(quantity.field, "quantity");
  EXPECT_EQ(quantity.header, "quantity-purchased");
  EXPECT_THAT(quantity.message, AllOf(HasSubstr("« quantity-purchased » vaut « deux »"),
                                      HasSubstr("la quantité doit être un nombre")));
  // 23/11/2026 is no month-first date: the date is refused, on line 3, column B.
  std::vector<Issue> issues = parsed->orders[1].lines[0].issues;
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].row, 3);
  EXPECT_EQ(issues[0].column, "F");
  EXPECT_THAT(issues[0].message, HasSubstr("ce n'est pas un montant"));
  EXPECT_EQ(issues[1].column, "B");
  EXPECT_THAT(issues[1].message, HasSubstr("ce n'est pas une date"));
  EXPECT_FALSE(parsed->orders[1].valid());
}

TEST(TenantProfileTest, RefusesABrokenCsvNamingFileLineAndColumn) {
  CompiledProfile profile = Compile(AmazonProfile());
  absl::Status unclosed =
      ParseWithProfile(profile, "orders.csv",
                       absl::StrCat(kHeader, "402-1,11/23/2026,SKU-1,\"Livre,1,9.90,0,J,r,1,P,\n"))
          .status();
  EXPECT_EQ(unclosed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unclosed.message()),
              AllOf(HasSubstr("orders.csv"), HasSubstr("ligne 2"), HasSubstr("colonne 4")));
  absl::Status short_record =
      ParseWithProfile(profile, "orders.csv", absl::StrCat(kHeader, "402-1,11/23/2026,SKU-1\n"))
          .status();
  EXPECT_EQ(short_record.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(short_record.message()), AllOf(HasSubstr("orders.csv"), HasSubstr("ligne 2")));
}

TEST(TenantProfileTest, NamesTheMissingColumnsByTheTenantsHeaders) {
  CompiledProfile profile = Compile(AmazonProfile());
  absl::Status status =
      ParseWithProfile(profile, "orders.csv", "amazon-order-id;sku\n402-1;SKU-1\n").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(StartsWith("orders.csv : "), HasSubstr("« purchase-date »"),
                    HasSubstr("« product-name »"), HasSubstr("« item-price »"),
                    HasSubstr("profil d'import « amazon »")));
  // Quantity has a default: its column is not required.
  EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("quantity-purchased")));
}

TEST(TenantProfileTest, ReadsWindows1252WithSemicolonsAndFrenchDefaults) {
  TenantProfile profile;
  profile.name = "cdiscount";
  profile.defaults = {{"last_name", "Client Cdiscount"}};
  // No column mapping: the French headers of domain.md §7 are read; "é" in Windows-1252.
  std::string csv =
      "N\xB0 de commande;Date de commande;EAN;Libell\xE9 produit;Quantit\xE9;Prix unitaire TTC\r\n"
      "CD-1;23/11/2026;3558380077978;Caf\xE9;1;12,50 \x80\r\n";
  absl::StatusOr<ParsedExport> parsed = ParseWithProfile(Compile(profile), "cd.csv", csv);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->orders.size(), 1u);
  EXPECT_TRUE(parsed->orders[0].valid());
  EXPECT_EQ(parsed->orders[0].lines[0].label, "Café");
  EXPECT_EQ(parsed->orders[0].lines[0].unit_price_incl_vat, D("12.50"));
  EXPECT_EQ(parsed->orders[0].buyer.last_name, "Client Cdiscount");
}

TEST(TenantProfileTest, ReadsAnXlsxProfile) {
  TenantProfile profile;
  profile.name = "manomano";
  profile.kind = ProfileKind::kXlsx;
  profile.columns = {{"order_id", "Order reference", {}},
                     {"seller_sku", "Seller SKU", {}},
                     {"label", "Product title", {}},
                     {"unit_price_incl_vat", "Unit price", {}},
                     {"company", "Customer", {}}};
  std::string xlsx = TableXlsx({{"Order reference", "Date de commande", "Seller SKU",
                                 "Product title", "Quantité", "Unit price", "Customer"},
                                {"M-1", "23/11/2026", "SKU-1", "Marteau", test_util::Num("2"),
                                 "19,90 €", "Brico SARL"},
                                {"M-1", "23/11/2026", "SKU-2", "Clous", test_util::Num("1"),
                                 "3,10", "Brico SARL"}});
  absl::StatusOr<ParsedExport> parsed = ParseWithProfile(Compile(profile), "mm.xlsx", xlsx);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->orders.size(), 1u);
  EXPECT_TRUE(parsed->orders[0].valid());
  EXPECT_EQ(parsed->orders[0].lines.size(), 2u);
  EXPECT_EQ(parsed->orders[0].buyer.company, "Brico SARL");
  EXPECT_EQ(parsed->orders[0].lines[0].unit_price_incl_vat, D("19.90"));
}

TEST(TenantProfileTest, GroupsTwentyThousandCsvLinesIntoOrders) {
  CompiledProfile profile = Compile(AmazonProfile());
  std::string csv = kHeader;
  for (int i = 0; i < 20'000; ++i) {
    absl::StrAppend(&csv, "402-", i / 4, ",11/23/2026,SKU-", i % 97, ",Article ", i,
                    ",1,9.90,0,Client ", i / 4, ",1 rue Pasteur,75001,Paris,\n");
  }
  absl::StatusOr<ParsedExport> parsed = ParseWithProfile(profile, "big.csv", csv);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->rows_read, 20'000);
  ASSERT_EQ(parsed->orders.size(), 5'000u);
  for (const StagedOrder& order : parsed->orders) {
    ASSERT_TRUE(order.valid()) << order.order_id;
    ASSERT_EQ(order.lines.size(), 4u);
  }
}

TEST(TenantProfileTest, RefusesMoreRecordsThanTheLimit) {
  CompiledProfile profile = Compile(AmazonProfile());
  std::string csv = kHeader;
  for (int i = 0; i < 20; ++i) absl::StrAppend(&csv, "1,11/23/2026,S,L,1,1,0,N,r,1,P,\n");
  XlsxLimits limits;
  limits.max_rows = 10;
  absl::Status status = ParseWithProfile(profile, "big.csv", csv, limits).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(status.message()), AllOf(StartsWith("big.csv : "), HasSubstr("plus de 10 lignes")));
}

TEST(CompileProfileTest, RefusesInvalidProfilesInFrenchNamingTheEntry) {
  auto message = [](TenantProfile profile) {
    return std::string(CompileProfile(std::move(profile)).status().message());
  };
  TenantProfile bad_name = AmazonProfile();
  bad_name.name = "Amazon FR";
  EXPECT_THAT(message(bad_name), HasSubstr("nom de profil d'import « Amazon FR » refusé"));
  TenantProfile unknown = AmazonProfile();
  unknown.columns.push_back({"price", "prix", {}});
  EXPECT_THAT(message(unknown), AllOf(HasSubstr("champ « price » inconnu"),
                                      HasSubstr("unit_price_incl_vat")));
  TenantProfile twice = AmazonProfile();
  twice.columns.push_back({"label", "title", {}});
  EXPECT_THAT(message(twice), HasSubstr("le champ label est décrit deux fois"));
  TenantProfile clash = AmazonProfile();
  clash.columns.push_back({"ean", "SKU", {}});  // "sku" is seller_sku's header
  EXPECT_THAT(message(clash), AllOf(HasSubstr("« SKU » du champ ean"), HasSubstr("seller_sku")));
  TenantProfile bad_default = AmazonProfile();
  bad_default.defaults.push_back({"shipping_incl_vat", "gratuit"});
  EXPECT_THAT(message(bad_default), HasSubstr("« gratuit » : ce n'est pas un nombre"));
  TenantProfile separator = AmazonProfile();
  separator.separator = '|';
  EXPECT_THAT(message(separator), HasSubstr("séparateur refusé"));
}

TEST(CompileProfileTest, ProfileFormatsRoundTrip) {
  EXPECT_EQ(ProfileFormat("amazon"), "profil:amazon");
  EXPECT_EQ(ProfileNameOfFormat("profil:amazon"), "amazon");
  EXPECT_EQ(ProfileNameOfFormat("fnac-orders-xlsx"), std::nullopt);
  EXPECT_TRUE(IsValidProfileName("cdiscount-fr"));
  EXPECT_FALSE(IsValidProfileName("-x"));
  EXPECT_FALSE(IsValidProfileName(""));
}

}  // namespace
}  // namespace factflow::importer::domain
