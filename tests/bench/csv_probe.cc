// factflow_csv_probe: one parse of a CSV file with the shared reader (services/common/csv), measured
// as a process (CPU time and peak RSS from getrusage), for ./factflow bench's side-by-side with
// Python's csv module (tests/bench/python_csv_read.py) on the same file.
//
//   factflow_csv_probe FILE
//
// Reads every record and touches every field (as a reception does before validating), then prints
// one line: "ours cpu_s=<seconds> peak_rss_mib=<MiB> rows=<records> lines_per_s=<rate>"
// (exit 1 with the reader's French error on a malformed file).
#include <cstdio>
#include <string>

#include "csv/csv_reader.h"
#include "process_usage.h"

using factflow::bench::CpuSeconds;
using factflow::bench::PeakRssMib;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: factflow_csv_probe FILE\n");
    return 2;
  }
  const double start = CpuSeconds();
  size_t bytes = 0;
  factflow::csv::Options options;
  options.file_name = argv[1];
  absl::Status status =
      factflow::csv::ReadCsvFile(argv[1], options, [&](const factflow::csv::Record& record) {
        for (std::string_view field : record.fields) bytes += field.size();
        return absl::OkStatus();
      });
  const double cpu = CpuSeconds() - start;
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
    return 1;
  }
  // Records, not physical lines: a quoted line break does not count twice.
  int64_t rows = 0;
  (void)factflow::csv::ReadCsvFile(argv[1], options, [&](const factflow::csv::Record&) {
    ++rows;
    return absl::OkStatus();
  });
  std::printf("ours cpu_s=%.3f peak_rss_mib=%.1f rows=%lld lines_per_s=%.0f field_bytes=%zu\n", cpu,
              PeakRssMib(), static_cast<long long>(rows), cpu > 0 ? rows / cpu : 0.0, bytes);
  return 0;
}
