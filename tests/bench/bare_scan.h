#pragma once

// The floor of an .xlsx parse, for the benchmarks: inflate the shared strings and the first
// sheet with libzip and run them through expat with empty handlers (no namespaces, no values
// kept). Whatever our parser does on top of this is its own cost.
//
// Thread safety: free function; safe to call concurrently.

#include <cstdint>
#include <string_view>

namespace factflow::bench {

struct BareScan {
  int64_t inflated_bytes = 0;
  int64_t elements = 0;
  bool ok = false;
};

// Scans xl/sharedStrings.xml (if present) and xl/worksheets/sheet1.xml of `xlsx`.
BareScan BareZipExpatScan(std::string_view xlsx);

}  // namespace factflow::bench
