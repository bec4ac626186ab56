#!/usr/bin/python3
"""Python's csv module reading the same CSV file as factflow_csv_probe, for ./factflow bench.

Same work: every record read, every field touched. The separator is sniffed on the first line the
way our reader detects it (';', ',' or tab), the encoding is UTF-8 (with or without BOM).
Prints one line: "python cpu_s=<seconds> peak_rss_mib=<MiB> rows=<records> lines_per_s=<rate>".
"""
import csv
import resource
import sys
import time


def main() -> int:
    path = sys.argv[1]
    start = time.process_time()
    rows = 0
    field_bytes = 0
    with open(path, newline="", encoding="utf-8-sig") as f:
        first = f.readline()
        counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
        sep = max((";", ",", "\t"), key=lambda s: counts[s])
        f.seek(0)
        for record in csv.reader(f, delimiter=sep):
            rows += 1
            for field in record:
                field_bytes += len(field)
    cpu = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"python cpu_s={cpu:.3f} peak_rss_mib={rss:.1f} rows={rows} "
          f"lines_per_s={rows / cpu if cpu else 0:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
