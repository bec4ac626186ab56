#include "staging/grid_values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace factflow::importer {
namespace {

using ::testing::HasSubstr;

v1::GridDocument Order() {
  v1::GridDocument document;
  document.set_document_id("d1");
  document.set_external_id("FNAC-1");
  document.set_document_date("2026-11-20");
  document.mutable_buyer()->set_last_name("Dupont");
  document.set_payment_mode("FNAC Marketplace");
  for (int i = 0; i < 2; ++i) {
    v1::GridRow* row = document.add_rows();
    row->set_source_row(2 + i);
    row->set_label(i == 0 ? "L'Étranger" : "Disque");
    row->set_seller_sku(i == 0 ? "SKU-1" : "SKU-2");
    row->set_article_code(row->seller_sku());
    row->set_mapping_status(i == 0 ? v1::MAPPING_STATUS_MAPPED : v1::MAPPING_STATUS_UNMAPPED);
    row->mutable_quantity()->set_value(i == 0 ? "2" : "1");
    row->mutable_unit_price_incl_vat()->set_value("9.99");
    row->mutable_shipping_incl_vat()->set_value(i == 0 ? "3.50" : "0");
    row->mutable_vat_rate()->set_value("20.00");
  }
  return document;
}

TEST(ParseColumnValueTest, NormalisesValidValues) {
  EXPECT_EQ(ParseColumnValue("vat_rate", "5,5")->text, "5.50");
  EXPECT_EQ(ParseColumnValue("vat_rate", " 20 % ")->text, "20.00");
  EXPECT_EQ(ParseColumnValue("document_date", "30/11/2026")->text, "2026-11-30");
  EXPECT_EQ(ParseColumnValue("invoice_shipping", "Non")->text, "false");
  EXPECT_EQ(ParseColumnValue("series_code", "FB")->column, GridColumn::kSeriesCode);
  EXPECT_EQ(ParseColumnValue("label", "  Livre ")->text, "Livre");
}

TEST(ParseColumnValueTest, RefusesWithTheColumnAndTheExpectedForm) {
  for (const auto& [column, value] : std::vector<std::pair<std::string, std::string>>{
           {"vat_rate", "7"}, {"vat_rate", "abc"}, {"document_date", "31/02/2026"},
           {"invoice_shipping", "peut-être"}, {"series_code", "A B"}, {"series_code", ""},
           {"payment_mode", ""}, {"label", std::string(300, 'x')}}) {
    auto parsed = ParseColumnValue(column, value);
    ASSERT_FALSE(parsed.ok()) << column << "=" << value;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr(column));
  }
  EXPECT_THAT(ParseColumnValue("couleur", "x").status().message(), HasSubstr("inconnue"));
}

TEST(CalculatorValuesTest, OverlayEveryRowAndTheOrder) {
  v1::GridDocument document = Order();
  CalculatorValues values;
  values.vat_rate = "5.50";
  values.article_code = "LIVRE";
  values.invoice_shipping = false;
  values.series_code = "FB";
  ApplyCalculatorValues(values, document);
  for (const auto& row : document.rows()) {
    EXPECT_EQ(row.vat_rate().value(), "5.50");
    EXPECT_EQ(row.article_code(), "LIVRE");
    EXPECT_EQ(row.mapping_status(), v1::MAPPING_STATUS_MAPPED);
  }
  EXPECT_EQ(document.series_code(), "FB");
  ASSERT_TRUE(document.has_invoice_shipping());
  EXPECT_FALSE(document.invoice_shipping());
  EXPECT_EQ(document.payment_mode(), "FNAC Marketplace");
}

TEST(DeriveTest, AmountsRatesSearchAndUnmappedCodes) {
  DerivedColumns derived = Derive(Order());
  EXPECT_EQ(derived.order_date, "2026-11-20");
  EXPECT_EQ(derived.line_gross, (std::vector<std::string>{"19.98", "9.99"}));
  EXPECT_EQ(derived.line_rates, (std::vector<std::string>{"20.00", "20.00"}));
  EXPECT_EQ(derived.shipping_gross, "3.50");
  EXPECT_EQ(derived.unmapped_rows, 1);
  EXPECT_EQ(derived.unmapped_codes, std::vector<std::string>{"SKU-2"});
  EXPECT_THAT(derived.search_text, HasSubstr("fnac-1"));
  EXPECT_THAT(derived.search_text, HasSubstr("dupont"));
  EXPECT_EQ(ArrayLiteral({"a\"b", "c\\d"}), R"({"a\"b","c\\d"})");
}

TEST(ApplyEditTest, FixingAnInvalidOrderMakesItValid) {
  v1::GridDocument current = Order();
  current.mutable_rows(1)->mutable_quantity()->set_value("0");
  ValidateDocument(current, "export.xlsx");
  ASSERT_FALSE(current.valid());
  ASSERT_EQ(current.rows(1).issues_size(), 1);
  EXPECT_EQ(current.rows(1).issues(0).field(), "quantity");
  EXPECT_EQ(current.rows(1).issues(0).row(), 3);
  EXPECT_EQ(current.rows(1).issues(0).file_name(), "export.xlsx");

  v1::GridDocument edit = current;
  edit.mutable_rows(1)->mutable_quantity()->set_value("3");
  edit.set_document_date("21/11/2026");
  auto fixed = ApplyEdit(current, edit, "export.xlsx");
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_TRUE(fixed->valid());
  EXPECT_EQ(fixed->rows(1).issues_size(), 0);
  EXPECT_EQ(fixed->document_date(), "2026-11-21");
  // 2 x 9.99 + 3.50 + 3 x 9.99
  EXPECT_EQ(fixed->total_incl_vat().value(), "53.45");
}

TEST(ApplyEditTest, RefusesUnknownOrMissingRows) {
  v1::GridDocument current = Order();
  v1::GridDocument edit = current;
  edit.mutable_rows(0)->set_source_row(42);
  EXPECT_EQ(ApplyEdit(current, edit, "f.xlsx").status().code(),
            absl::StatusCode::kInvalidArgument);
  edit = current;
  edit.mutable_rows()->RemoveLast();
  EXPECT_THAT(ApplyEdit(current, edit, "f.xlsx").status().message(), HasSubstr("manque"));
}

TEST(ValidateDocumentTest, NamesEveryProblemWithItsField) {
  v1::GridDocument document = Order();
  document.set_document_date("hier");
  document.mutable_buyer()->clear_last_name();
  document.mutable_rows(0)->set_label("");
  document.mutable_rows(0)->mutable_vat_rate()->set_value("7.00");
  ValidateDocument(document, "f.xlsx");
  EXPECT_FALSE(document.valid());
  std::set<std::string> fields;
  for (const auto& issue : document.issues()) fields.insert(issue.field());
  for (const auto& issue : document.rows(0).issues()) fields.insert(issue.field());
  EXPECT_EQ(fields, (std::set<std::string>{"order_date", "buyer", "label", "vat_rate"}));
}

}  // namespace
}  // namespace factflow::importer
