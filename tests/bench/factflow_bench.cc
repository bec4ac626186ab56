// Throughput of the paths a month-end FNAC upload goes through: reading the export, computing
// the invoices, writing the e-invoices and rendering the PDFs.
//
// FACTFLOW_BENCH_FNAC names the export to parse (./factflow bench generates one).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "bare_scan.h"
#include "domain/cii_writer.h"
#include "domain/fnac_profile.h"
#include "domain/invoice_calculator.h"
#include "domain/pdf_renderer.h"
#include "domain/testing/sample_invoices.h"

namespace {

using factflow::money::Decimal;

std::string ReadExport() {
  const char* path = std::getenv("FACTFLOW_BENCH_FNAC");
  if (path == nullptr) return {};
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void BM_ParseFnacExport(benchmark::State& state) {
  static const std::string bytes = ReadExport();
  if (bytes.empty()) {
    state.SkipWithError("FACTFLOW_BENCH_FNAC is not set: run ./factflow bench");
    return;
  }
  int64_t rows = 0;
  for (auto _ : state) {
    auto parsed = factflow::importer::domain::ParseFnacExport("bench.xlsx", bytes);
    if (!parsed.ok()) {
      state.SkipWithError(parsed.status().ToString().c_str());
      return;
    }
    rows += parsed->rows_read;
    benchmark::DoNotOptimize(parsed->orders.data());
  }
  state.SetItemsProcessed(rows);
  state.SetBytesProcessed(static_cast<int64_t>(bytes.size()) * state.iterations());
}
BENCHMARK(BM_ParseFnacExport)->Unit(benchmark::kMillisecond);

// The floor of the parse above: libzip + expat over the same parts, empty handlers.
void BM_BareZipExpatScan(benchmark::State& state) {
  static const std::string bytes = ReadExport();
  if (bytes.empty()) {
    state.SkipWithError("FACTFLOW_BENCH_FNAC is not set: run ./factflow bench");
    return;
  }
  for (auto _ : state) {
    factflow::bench::BareScan scan = factflow::bench::BareZipExpatScan(bytes);
    if (!scan.ok) {
      state.SkipWithError("bare scan failed");
      return;
    }
    benchmark::DoNotOptimize(scan.elements);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes.size()) * state.iterations());
}
BENCHMARK(BM_BareZipExpatScan)->Unit(benchmark::kMillisecond);

void BM_ComputeInvoice(benchmark::State& state) {
  namespace d = factflow::invoicing::domain;
  std::vector<d::DraftLine> lines;
  for (int i = 0; i < state.range(0); ++i) {
    lines.push_back(
        {"SKU-" + std::to_string(i), "Article", Decimal::FromUnits(1 + i % 3),
         Decimal::FromCents(1999 + 37 * i),
         Decimal::FromUnits(i % 2 ? 20 : 5) + (i % 2 ? Decimal() : Decimal::FromCents(50)), "S",
         ""});
  }
  for (auto _ : state) {
    auto computed = d::ComputeInvoice(lines);
    benchmark::DoNotOptimize(computed);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ComputeInvoice)->Arg(3)->Arg(50);

void BM_WriteCiiD16B(benchmark::State& state) {
  auto invoice = factflow::dispatch::domain::testing::SampleInvoiceWithLines(state.range(0));
  for (auto _ : state) {
    auto xml = factflow::dispatch::domain::WriteCiiD16B(invoice);
    benchmark::DoNotOptimize(xml);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WriteCiiD16B)->Arg(3)->Arg(50);

void BM_RenderInvoicePdf(benchmark::State& state) {
  auto invoice = factflow::dispatch::domain::testing::SampleInvoiceWithLines(state.range(0));
  for (auto _ : state) {
    auto pdf = factflow::dispatch::domain::RenderInvoicePdf(invoice);
    benchmark::DoNotOptimize(pdf);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderInvoicePdf)->Arg(3)->Arg(50)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
