// libFuzzer target: the streaming xlsx reader on arbitrary bytes (zip, XML, shared strings).
// Property: never crashes, hangs or exhausts memory; every row it yields has in-range columns.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using factflow::importer::domain::XlsxRow;
  using factflow::importer::domain::XlsxWorkbook;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto workbook = XlsxWorkbook::Open(bytes);
  if (!workbook.ok()) return 0;
  (void)workbook->ForEachRow([](const XlsxRow& row) {
    if (row.number <= 0) std::abort();
    for (const auto& cell : row.cells) {
      if (cell.column < 0 || cell.column >= 16'384) std::abort();
    }
    return absl::OkStatus();
  });
  return 0;
}
