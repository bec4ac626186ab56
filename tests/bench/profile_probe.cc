// factflow_profile_probe: one parse of a CSV file with a tenant import profile (issue 7), measured
// as a process (CPU time and peak RSS from getrusage), for ./factflow bench's side-by-side with
// Python's csv module (tests/bench/python_csv_read.py) on the same file.
//
//   factflow_profile_probe FILE      (a file of tests/testdata/gen_profile_csv.py)
//
// The whole upload parse: the shared CSV reader, header matching, every row validated and
// grouped into orders (domain::ParseWithProfile). Prints one line:
// "profile cpu_s=<seconds> peak_rss_mib=<MiB> rows=<lines> orders=<orders> lines_per_s=<rate>".
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "domain/tenant_profile.h"
#include "process_usage.h"

namespace {

using factflow::bench::CpuSeconds;
using factflow::bench::PeakRssMib;

factflow::importer::domain::TenantProfile AmazonProfile() {
  using namespace factflow::importer::domain;  // NOLINT: a table of the profile
  TenantProfile profile;
  profile.name = "amazon";
  profile.group_by = "amazon-order-id";
  profile.columns = {{"order_date", "purchase-date", {}},
                     {"seller_sku", "sku", {}},
                     {"label", "product-name", {}},
                     {"quantity", "quantity-purchased", {}},
                     {"unit_price_incl_vat", "item-price", {}},
                     {"shipping_incl_vat", "shipping-price", {}},
                     {"last_name", "recipient-name", {}},
                     {"delivery_line1", "ship-address-1", {}},
                     {"delivery_postal_code", "ship-postal-code", {}},
                     {"delivery_city", "ship-city", {}}};
  profile.date_order = DateOrder::kMonthDayYear;
  profile.decimal_mark = DecimalMark::kPoint;
  profile.defaults = {{"delivery_country", "France"}};
  return profile;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: factflow_profile_probe FILE\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string content = bytes.str();
  auto compiled = factflow::importer::domain::CompileProfile(AmazonProfile());
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s\n", std::string(compiled.status().message()).c_str());
    return 1;
  }
  factflow::importer::domain::XlsxLimits limits;
  limits.max_rows = 10'000'000;
  limits.max_memory_bytes = int64_t{4} << 30;
  limits.max_cpu_time = absl::Seconds(600);
  const double start = CpuSeconds();
  auto parsed = factflow::importer::domain::ParseWithProfile(*compiled, "bench.csv", content,
                                                             limits);
  const double cpu = CpuSeconds() - start;
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", std::string(parsed.status().message()).c_str());
    return 1;
  }
  std::printf("profile cpu_s=%.3f peak_rss_mib=%.1f rows=%lld orders=%zu lines_per_s=%.0f\n",
              cpu, PeakRssMib(), static_cast<long long>(parsed->rows_read),
              parsed->orders.size(), cpu > 0 ? parsed->rows_read / cpu : 0.0);
  return 0;
}
