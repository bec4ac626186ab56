// factflow_parse_probe: one parse of an .xlsx, measured as a process (CPU time and peak RSS from
// getrusage), for ./factflow bench's side-by-side with openpyxl and the bare libzip+expat scan.
//
//   factflow_parse_probe ours FILE   the parse as an upload does it: ParseFnacExportInSegments,
//                                    segments of whole orders handed over and dropped
//   factflow_parse_probe whole FILE  ParseFnacExport: every order held until the end
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
#include "domain/fnac_segments.h"
#include "process_usage.h"

using factflow::bench::CpuSeconds;
using factflow::bench::PeakRssMib;

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[1] : "";
  if (mode != "ours" && mode != "whole" && mode != "bare") {
    std::fprintf(stderr, "usage: factflow_parse_probe ours|whole|bare FILE\n");
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  double start = CpuSeconds();
  int64_t rows = 0;
  namespace domain = factflow::importer::domain;
  if (mode == "ours") {
    auto parsed = domain::ParseFnacExportInSegments(
        argv[2], bytes, {}, domain::kUploadOrdersPerSegment,
        [](domain::ParsedExport&&, int64_t) { return absl::OkStatus(); },
        [] { return absl::OkStatus(); });
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
      return 1;
    }
    rows = parsed->rows_read;
  } else if (mode == "whole") {
    auto parsed = domain::ParseFnacExport(argv[2], bytes);
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
  std::printf("%s cpu_s=%.3f peak_rss_mib=%.1f rows=%lld\n", mode.c_str(), CpuSeconds() - start,
              PeakRssMib(), static_cast<long long>(rows));
  return 0;
}
