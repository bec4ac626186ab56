// factflow_parse_probe: one parse of an .xlsx, measured as a process (CPU time and peak RSS from
// getrusage), for ./factflow bench's side-by-side with openpyxl and the bare libzip+expat scan.
//
//   factflow_parse_probe ours FILE   ParseFnacExport, as an upload does
//   factflow_parse_probe bare FILE   the floor: libzip + expat, empty handlers
//
// Prints one line: "<mode> cpu_s=<seconds> peak_rss_mib=<MiB> rows=<rows>" (exit 1 on failure).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "bare_scan.h"
#include "domain/fnac_profile.h"
#include "process_usage.h"

using factflow::bench::CpuSeconds;
using factflow::bench::PeakRssMib;

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "ours") != 0 && std::strcmp(argv[1], "bare") != 0)) {
    std::fprintf(stderr, "usage: factflow_parse_probe ours|bare FILE\n");
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  double start = CpuSeconds();
  int64_t rows = 0;
  if (std::strcmp(argv[1], "ours") == 0) {
    auto parsed = factflow::importer::domain::ParseFnacExport(argv[2], bytes);
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
      return 1;
    }
    rows = parsed->rows_read;
  } else {
    factflow::bench::BareScan scan = factflow::bench::BareZipExpatScan(bytes);
    if (!scan.ok) {
      std::fprintf(stderr, "bare scan failed\n");
      return 1;
    }
    rows = scan.elements;
  }
  std::printf("%s cpu_s=%.3f peak_rss_mib=%.1f rows=%lld\n", argv[1], CpuSeconds() - start,
              PeakRssMib(), static_cast<long long>(rows));
  return 0;
}
