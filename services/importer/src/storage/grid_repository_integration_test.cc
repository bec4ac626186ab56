// The control grid's storage on a real PostgreSQL (FACTFLOW_TEST_DATABASE_URL, set by
// ./factflow test) at month-end size: 40,000 orders, 100,000 rows. Checks what the set-based
// statements do (counts, totals, filters, keyset pages) and prints how long they took; the
// times are reported, not asserted (benchmarks are not tests).
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>

#include "absl/strings/str_format.h"
#include "money/decimal.h"
#include "money/decimal_wire.h"
#include "staging/grid_builder.h"
#include "storage/batch_repository.h"
#include "storage/grid_repository.h"
#include "storage/grid_testing.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> importer_lib_migrations();
}

namespace factflow::importer::storage {
namespace {

using money::Decimal;
using testing::SyntheticOrder;

constexpr int kOrders = 40'000;  // 2 or 3 rows each: 100,000 rows
constexpr char kTenant[] = "grid-it";

template <typename F>
double Millis(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

class GridRepositoryIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new factflow::testing::TestDatabase(db::importer_lib_migrations());
    double ms = Millis([&] { batch_id_ = testing::InsertSyntheticBatch(db_->pool(), kTenant, kOrders); });
    std::cout << absl::StrFormat("[figures] upload storage of %d orders: %.0f ms\n", kOrders, ms);
  }
  static void TearDownTestSuite() { delete db_; }

  template <typename F>
  void InTx(F&& f) {
    absl::Status status = db_->pool().InTransaction([&](pqxx::work& tx) {
      f(tx);
      return absl::OkStatus();
    });
    ASSERT_TRUE(status.ok()) << status;
  }

  static factflow::testing::TestDatabase* db_;
  static std::string batch_id_;
};

factflow::testing::TestDatabase* GridRepositoryIntegrationTest::db_ = nullptr;
std::string GridRepositoryIntegrationTest::batch_id_;

TEST_F(GridRepositoryIntegrationTest, FilteredPagesAndTotalsAtMonthEndSize) {
  // Totals of the checked orders, recomputed here.
  std::map<std::string, std::pair<Decimal, Decimal>> expected;
  int checked = 0;
  for (int i = 0; i < kOrders; ++i) {
    v1::GridDocument document = SyntheticOrder(i);
    if (!document.checked()) continue;
    ++checked;
    Decimal shipping;
    for (const auto& row : document.rows()) {
      Decimal rate = *money::FromWire(row.vat_rate());
      Decimal gross =
          (*money::FromWire(row.quantity()) * *money::FromWire(row.unit_price_incl_vat()))
              .RoundedToCents();
      Decimal divisor = Decimal::FromUnits(1) + rate.DividedBy(Decimal::FromUnits(100));
      expected[rate.ToString(2)].first += gross.DividedBy(divisor, 2);
      expected[rate.ToString(2)].second += gross;
      shipping += *money::FromWire(row.shipping_incl_vat());
    }
    Decimal divisor = Decimal::FromRaw(12'000);
    expected["20.00"].first += shipping.DividedBy(divisor, 2);
    expected["20.00"].second += shipping;
  }
  v1::CheckedTotals totals;
  double totals_ms = 0;
  InTx([&](pqxx::work& tx) {
    totals_ms = Millis([&] { totals = CheckedTotals(tx, batch_id_, true); });
  });
  EXPECT_EQ(totals.document_count(), checked);
  ASSERT_EQ(totals.per_rate_size(), 2);
  for (const auto& rate : totals.per_rate()) {
    auto& [net, gross] = expected[rate.vat_rate().value()];
    EXPECT_EQ(*money::FromWire(rate.total_excl_vat()), net) << rate.vat_rate().value();
    EXPECT_EQ(*money::FromWire(rate.total_incl_vat()), gross) << rate.vat_rate().value();
  }

  // A filtered page, deep in the batch: unmapped, valid, a date range, a text, sorted by total.
  v1::GridFilter filter;
  filter.set_validity(v1::GridFilter::VALIDITY_VALID);
  filter.set_mapping_status(v1::MAPPING_STATUS_UNMAPPED);
  filter.set_date_from("10/11/2026");
  filter.set_date_to("2026-11-20");
  filter.set_text("client3");
  auto query = MakeGridQuery(filter, false);
  ASSERT_TRUE(query.ok()) << query.status();
  int expected_matches = 0;
  for (int i = 0; i < kOrders; ++i) {
    int day = 1 + i % 28;
    bool text = absl::StrFormat("client%d", i).find("client3") != std::string::npos;
    expected_matches += (i % 50 != 0 && day >= 10 && day <= 20 && text) ? 1 : 0;
  }
  GridPage page;
  double page_ms = 0;
  InTx([&](pqxx::work& tx) {
    page_ms = Millis([&] {
      page = LoadGridPage(tx, kTenant, batch_id_, *query, v1::GRID_SORT_TOTAL_DESC, 100,
                          std::nullopt);
    });
  });
  EXPECT_EQ(page.matching_count, expected_matches);
  ASSERT_EQ(page.documents.size(), 100u);
  for (const auto& document : page.documents) {
    EXPECT_TRUE(document.valid());
    EXPECT_NE(document.buyer().last_name().find("Client3"), std::string::npos);
  }
  // The next page starts after the last key, whatever the depth.
  GridPage next;
  double next_ms = 0;
  InTx([&](pqxx::work& tx) {
    next_ms = Millis([&] {
      next = LoadGridPage(tx, kTenant, batch_id_, *query, v1::GRID_SORT_TOTAL_DESC, 100,
                          page.keys.back());
    });
  });
  ASSERT_FALSE(next.documents.empty());
  EXPECT_LT(next.keys.front(), page.keys.back());

  // The calculator on every checked row, in one statement.
  ApplyResult applied;
  double apply_ms = 0;
  InTx([&](pqxx::work& tx) {
    apply_ms = Millis([&] {
      applied = ApplyColumnValue(tx, batch_id_, {GridColumn::kVatRate, "10.00"}, std::nullopt);
    });
  });
  int checked_rows = 0;
  for (int i = 0; i < kOrders; ++i) checked_rows += i % 50 != 0 ? (i % 2 == 0 ? 2 : 3) : 0;
  EXPECT_EQ(applied.changed_documents, checked);
  EXPECT_EQ(applied.changed_rows, checked_rows);
  InTx([&](pqxx::work& tx) { totals = CheckedTotals(tx, batch_id_, false); });
  ASSERT_EQ(totals.per_rate_size(), 1);
  EXPECT_EQ(totals.per_rate(0).vat_rate().value(), "10.00");

  // A date before half the orders: those are refused and counted, the rest changed.
  InTx([&](pqxx::work& tx) {
    applied = ApplyColumnValue(tx, batch_id_, {GridColumn::kDocumentDate, "2026-11-14"},
                               std::nullopt);
  });
  int later = 0;
  for (int i = 0; i < kOrders; ++i) later += (i % 50 != 0 && 1 + i % 28 > 14) ? 1 : 0;
  EXPECT_EQ(applied.refused_count, later);
  EXPECT_EQ(static_cast<int>(applied.refused.size()), kMaxRefusedListed);
  EXPECT_EQ(applied.changed_documents, checked - later);

  // Check by filter: every unmapped order unchecked.
  v1::GridFilter unmapped;
  unmapped.set_mapping_status(v1::MAPPING_STATUS_UNMAPPED);
  auto unmapped_query = MakeGridQuery(unmapped, false);
  ASSERT_TRUE(unmapped_query.ok());
  int unchecked = 0;
  InTx([&](pqxx::work& tx) {
    unchecked = SetCheckedByFilter(tx, kTenant, batch_id_, *unmapped_query, false);
  });
  EXPECT_EQ(unchecked, checked);  // every synthetic order has an unmapped row

  std::cout << absl::StrFormat(
      "[figures] %d orders / 100000 rows: checked totals %.1f ms; filtered page %.1f ms, next "
      "page %.1f ms; calculator (%d rows) %.1f ms\n",
      kOrders, totals_ms, page_ms, next_ms, checked_rows, apply_ms);
}

}  // namespace
}  // namespace factflow::importer::storage
