#!/usr/bin/python3
"""openpyxl read-only reference for ./factflow bench: reads every cell value of the first sheet.

Prints "openpyxl cpu_s=<seconds> rows=<rows>" (CPU time of this process, loading included).
Run it under Debian's /usr/bin/python3 with python3-openpyxl.
"""
import sys
import time

import openpyxl


def main():
    start = time.process_time()
    workbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = 0
    for row in sheet.iter_rows(values_only=True):
        rows += 1
    workbook.close()
    print(f"openpyxl cpu_s={time.process_time() - start:.3f} rows={rows}")


if __name__ == "__main__":
    main()
