// Reads the committed fixture produced by tests/testdata/gen_fnac_export.py:
//   gen_fnac_export.py --orders 12 --seed 7 --date 2026-11-23 --errors 2
//     --out fnac/commandes-terminees-small.xlsx --summary
//     fnac/commandes-terminees-small.summary.json
// The expected values below come from the generator's data and its summary (totals computed by
// Python's decimal module), never from this reader's output.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/fnac_profile.h"

namespace factflow::importer::domain {
namespace {

using money::Decimal;
using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FnacFixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string bytes =
        ReadFile(std::string(FACTFLOW_TESTDATA_DIR) + "/fnac/commandes-terminees-small.xlsx");
    ASSERT_FALSE(bytes.empty()) << "fixture missing";
    absl::StatusOr<ParsedExport> result = ParseFnacExport("commandes-terminees-small.xlsx", bytes);
    ASSERT_TRUE(result.ok()) << result.status();
    parsed_ = new ParsedExport(*std::move(result));
  }
  static void TearDownTestSuite() {
    delete parsed_;
    parsed_ = nullptr;
  }

  static const StagedOrder& Order(std::string_view id) {
    for (const StagedOrder& order : parsed_->orders) {
      if (order.order_id == id) return order;
    }
    ADD_FAILURE() << "no order " << id;
    static const StagedOrder kNone;
    return kNone;
  }

  static ParsedExport* parsed_;
};

ParsedExport* FnacFixtureTest::parsed_ = nullptr;

TEST_F(FnacFixtureTest, HasTheGeneratedOrdersAndLines) {
  EXPECT_EQ(parsed_->rows_read, 15);
  ASSERT_EQ(parsed_->orders.size(), 12u);
  size_t lines = 0;
  for (const StagedOrder& order : parsed_->orders) lines += order.lines.size();
  EXPECT_EQ(lines, 15u);
  EXPECT_EQ(parsed_->orders.front().order_id, "FNAC-VFKGXS6");
  EXPECT_EQ(parsed_->orders.back().order_id, "FNAC-7U9U555");
  EXPECT_TRUE(parsed_->file_issues.empty());
  ASSERT_EQ(parsed_->headers.size(), 30u);
  EXPECT_EQ(parsed_->headers[0].text, "N° de commande");
  EXPECT_THAT(parsed_->headers[0].field, Optional(std::string("order_id")));
  EXPECT_EQ(parsed_->headers[28].text, "Mode d'expédition");
  EXPECT_EQ(parsed_->headers[28].field, std::nullopt);
  EXPECT_EQ(parsed_->headers[29].column, "AD");
}

TEST_F(FnacFixtureTest, TotalOfValidOrdersMatchesTheGeneratorSummary) {
  int valid_orders = 0;
  Decimal total;
  for (const StagedOrder& order : parsed_->orders) {
    if (!order.valid()) continue;
    ++valid_orders;
    for (const StagedLine& line : order.lines) {
      total +=
          line.quantity * line.unit_price_incl_vat + line.shipping_incl_vat.value_or(Decimal());
    }
  }
  EXPECT_EQ(valid_orders, 10);
  EXPECT_EQ(total, D("625.29"));
}

TEST_F(FnacFixtureTest, ReadsTheFirstOrderCompletely) {
  const StagedOrder& order = Order("FNAC-VFKGXS6");
  EXPECT_EQ(order.order_date, "2026-11-17");
  EXPECT_THAT(order.order_datetime, Optional(std::string("2026-11-17T19:10:00")));
  EXPECT_EQ(order.buyer.civility, "Mme");
  EXPECT_EQ(order.buyer.last_name, "Bernard");
  EXPECT_EQ(order.buyer.first_name, "Françoise");
  EXPECT_EQ(order.buyer.company, "");
  EXPECT_EQ(order.buyer.email, "francoisebernard29@example.fr");
  EXPECT_EQ(order.billing_address.line1, "177 rue Pasteur");
  EXPECT_EQ(order.billing_address.postal_code, "45000");
  EXPECT_EQ(order.billing_address.city, "Orléans");
  EXPECT_EQ(order.billing_address.country_code, "FR");
  EXPECT_EQ(order.status, "Terminée");
  EXPECT_TRUE(order.valid());
  ASSERT_EQ(order.lines.size(), 1u);
  const StagedLine& line = order.lines[0];
  EXPECT_EQ(line.source_row, 2);
  EXPECT_EQ(line.line_id, "1");
  EXPECT_EQ(line.seller_sku, "SKU-10223");
  EXPECT_EQ(line.ean, "9782937865792");
  EXPECT_EQ(line.fnac_ref, "61825377");
  EXPECT_EQ(line.label, "Madame Bovary - Gustave Flaubert");
  EXPECT_EQ(line.condition, "Neuf");
  EXPECT_EQ(line.quantity, D("1"));
  EXPECT_EQ(line.unit_price_incl_vat, D("5.20"));
  EXPECT_THAT(line.shipping_incl_vat, Optional(D("2.99")));
  EXPECT_THAT(line.commission_incl_vat, Optional(D("1.68")));
  EXPECT_THAT(line.extra, ElementsAre(Pair("Mode d'expédition", "Lettre suivie"),
                                      Pair("Numéro de suivi", "6A41485253888")));
}

TEST_F(FnacFixtureTest, ReadsAmountsWrittenAsFrenchText) {
  EXPECT_THAT(Order("FNAC-97YBBT6").lines[0].shipping_incl_vat, Optional(D("3.49")));
  EXPECT_EQ(Order("FNAC-LLJBK5K").lines[0].unit_price_incl_vat, D("59.00"));
  EXPECT_EQ(Order("FNAC-3ETBFSF").lines[0].unit_price_incl_vat, D("14.99"));
}

TEST_F(FnacFixtureTest, GroupsTheLinesOfMultiLineOrders) {
  const StagedOrder& order = Order("FNAC-W88NT48");
  ASSERT_EQ(order.lines.size(), 3u);
  EXPECT_EQ(order.lines[0].source_row, 6);
  EXPECT_EQ(order.lines[1].source_row, 7);
  EXPECT_EQ(order.lines[2].source_row, 8);
  EXPECT_EQ(order.lines[2].label, "Intouchables (DVD)");
  EXPECT_EQ(order.lines[2].quantity, D("3"));
  EXPECT_EQ(order.lines[2].unit_price_incl_vat, D("9.99"));
  EXPECT_EQ(Order("FNAC-7U9U555").lines.size(), 2u);
}

TEST_F(FnacFixtureTest, DerivesCountriesAndFallsBackToTheDeliveryAddress) {
  const StagedOrder& luxembourg = Order("FNAC-97YBBT6");
  EXPECT_EQ(luxembourg.delivery_address.country_code, "LU");
  EXPECT_EQ(luxembourg.billing_address.city, "Montpellier");
  EXPECT_EQ(Order("FNAC-K0W7KUK").delivery_address.country_code, "CH");
  EXPECT_EQ(Order("FNAC-AB8N86R").delivery_address.postal_code, "01000");

  const StagedOrder& no_billing = Order("FNAC-LLJBK5K");
  EXPECT_TRUE(no_billing.valid());
  EXPECT_EQ(no_billing.billing_address.city, "Nice");
  EXPECT_EQ(no_billing.billing_address.postal_code, "06000");
  ASSERT_EQ(no_billing.issues.size(), 1u);
  EXPECT_EQ(no_billing.issues[0].severity, Severity::kWarning);
}

TEST_F(FnacFixtureTest, ReportsTheTwoDeliberateErrorsWhereTheyAre) {
  const StagedOrder& bad_quantity = Order("FNAC-WFZBX54");
  EXPECT_FALSE(bad_quantity.valid());
  ASSERT_EQ(bad_quantity.lines[0].issues.size(), 1u);
  const Issue& quantity = bad_quantity.lines[0].issues[0];
  EXPECT_EQ(quantity.severity, Severity::kError);
  EXPECT_EQ(quantity.file_name, "commandes-terminees-small.xlsx");
  EXPECT_EQ(quantity.row, 9);
  EXPECT_EQ(quantity.column, "I");
  EXPECT_EQ(quantity.field, "quantity");
  EXPECT_EQ(quantity.header, "Quantité");

  const StagedOrder& no_label = Order("FNAC-C5MLT4A");
  EXPECT_FALSE(no_label.valid());
  ASSERT_EQ(no_label.lines[0].issues.size(), 1u);
  EXPECT_EQ(no_label.lines[0].issues[0].row, 12);
  EXPECT_EQ(no_label.lines[0].issues[0].column, "G");
  EXPECT_EQ(no_label.lines[0].issues[0].field, "label");
}

}  // namespace
}  // namespace factflow::importer::domain
