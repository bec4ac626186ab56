// The control grid on PostgreSQL at month-end size (issue 7): 40,000 orders / 100,000 rows
// stored once, then the calculator on every checked row (one UPDATE) and filtered grid pages
// with the checked totals, as ListGridDocuments runs them.
//
// Needs FACTFLOW_TEST_DATABASE_URL (./factflow bench starts a private PostgreSQL for it).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "storage/grid_repository.h"
#include "storage/grid_testing.h"
#include "testing/test_database.h"

namespace factflow::db {
std::vector<Migration> importer_lib_migrations();
}

namespace {

using namespace factflow::importer;  // NOLINT: benchmark file

constexpr int kOrders = 40'000;
constexpr char kTenant[] = "bench";

struct Grid {
  std::unique_ptr<factflow::testing::TestDatabase> db;
  std::string batch_id;
};

Grid* SharedGrid() {
  static Grid* grid = [] {
    auto* out = new Grid;
    if (std::getenv("FACTFLOW_TEST_DATABASE_URL") == nullptr) return out;
    out->db = std::make_unique<factflow::testing::TestDatabase>(
        factflow::db::importer_lib_migrations());
    out->batch_id = storage::testing::InsertSyntheticBatch(out->db->pool(), kTenant, kOrders);
    return out;
  }();
  return grid;
}

void BM_CalculatorOnCheckedRows(benchmark::State& state) {
  Grid* grid = SharedGrid();
  if (!grid->db) {
    state.SkipWithError("FACTFLOW_TEST_DATABASE_URL is not set: run ./factflow bench");
    return;
  }
  int64_t rows = 0;
  bool ten = true;
  for (auto _ : state) {
    // Alternate the value so every iteration changes every checked row.
    ColumnValue value{GridColumn::kVatRate, ten ? "10.00" : "20.00"};
    ten = !ten;
    absl::Status status = grid->db->pool().InTransaction([&](pqxx::work& tx) {
      rows += storage::ApplyColumnValue(tx, grid->batch_id, value, std::nullopt).changed_rows;
      return absl::OkStatus();
    });
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
  }
  state.SetItemsProcessed(rows);
  state.counters["rows"] = static_cast<double>(rows) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_CalculatorOnCheckedRows)->Unit(benchmark::kMillisecond)->UseRealTime();

// Arg 0: no filter, file order; 1: text + validity + dates, sorted by total; 2: unmapped and
// unchecked, sorted by date descending. Each: the first page of 100, then one deep page.
void BM_FilteredGridPage(benchmark::State& state) {
  Grid* grid = SharedGrid();
  if (!grid->db) {
    state.SkipWithError("FACTFLOW_TEST_DATABASE_URL is not set: run ./factflow bench");
    return;
  }
  v1::GridFilter filter;
  v1::GridSort sort = v1::GRID_SORT_POSITION;
  if (state.range(0) == 1) {
    filter.set_text("client3");
    filter.set_validity(v1::GridFilter::VALIDITY_VALID);
    filter.set_date_from("10/11/2026");
    filter.set_date_to("20/11/2026");
    sort = v1::GRID_SORT_TOTAL_DESC;
  } else if (state.range(0) == 2) {
    filter.set_mapping_status(v1::MAPPING_STATUS_UNMAPPED);
    filter.set_checked(v1::GridFilter::UNCHECKED_ONLY);
    sort = v1::GRID_SORT_DATE_DESC;
  }
  auto query = storage::MakeGridQuery(filter, false);
  std::optional<int64_t> deep;
  for (auto _ : state) {
    absl::Status status = grid->db->pool().InTransaction([&](pqxx::work& tx) {
      storage::GridPage page =
          storage::LoadGridPage(tx, kTenant, grid->batch_id, *query, sort, 100, deep);
      benchmark::DoNotOptimize(storage::CheckedTotals(tx, grid->batch_id, true));
      // Alternate between the first page and one in the middle of the matches.
      deep = deep || page.keys.empty() ? std::nullopt
                                       : std::optional<int64_t>(page.keys[page.keys.size() / 2]);
      return absl::OkStatus();
    });
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
  }
}
BENCHMARK(BM_FilteredGridPage)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
