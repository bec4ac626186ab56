#pragma once

// Test helpers: hand-written .xlsx workbooks built in memory with libzip.
//
// Thread safety: free functions; safe to call concurrently.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace factflow::importer::domain::test_util {

// One zip entry: `prefix`, then `filler_bytes` bytes of `filler` repeated, generated while
// compressing (so a huge, highly compressible entry never exists in memory), then `suffix`.
struct ZipEntry {
  std::string name;
  std::string prefix;
  int64_t filler_bytes = 0;
  std::string suffix;
  std::string filler = " ";
};

// A deflated zip archive of `entries`. Aborts the test binary on libzip failure.
std::string BuildZip(const std::vector<ZipEntry>& entries);

// Overwrites the uncompressed size declared for `entry_name` in both its local header and its
// central directory record, as a zip bomb would. Returns false if the entry is not found.
bool PatchDeclaredSize(std::string& zip, std::string_view entry_name, uint32_t size);

struct XlsxParts {
  std::string sheet_xml;  // content of the first sheet part
  std::optional<std::string> shared_strings_xml;
  bool date1904 = false;
  // Where the sheet is stored; the workbook relationships point there.
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  // sheet_filler_bytes of sheet_filler repeated are inserted in sheet_xml before the first
  // occurrence of sheet_filler_before (see ZipEntry).
  int64_t sheet_filler_bytes = 0;
  std::string sheet_filler = " ";
  std::string sheet_filler_before = "</sheetData>";
  // Generated shared strings instead of shared_strings_xml: `shared_strings_prefix`, then
  // shared_strings_filler_bytes of shared_strings_filler repeated, then "</sst>".
  int64_t shared_strings_filler_bytes = 0;
  std::string shared_strings_filler;
};

// A minimal but complete workbook: [Content_Types].xml, _rels/.rels, xl/workbook.xml (one sheet
// "Commandes"), xl/_rels/workbook.xml.rels, the sheet and the optional shared strings.
std::string BuildXlsx(const XlsxParts& parts);

// XML text escaping (&, <, >, ").
std::string XmlEscape(std::string_view text);

// <worksheet ...><sheetData>rows</sheetData></worksheet> in the SpreadsheetML namespace.
std::string SheetXml(std::string_view rows);
// <sst> with one <si><t> per string.
std::string SharedStringsXml(const std::vector<std::string>& strings);

// A test cell: text (inline string) unless `number`; an empty value writes no cell.
struct TestCell {
  TestCell(const char* v) : value(v) {}             // NOLINT: implicit for table literals
  TestCell(std::string v) : value(std::move(v)) {}  // NOLINT
  std::string value;
  bool number = false;
};
// A numeric cell holding `text` as written ("19.99", "46349.5").
TestCell Num(std::string_view text);

// A one-sheet workbook whose rows 1..n are `rows`, cells in columns A, B, ... in order.
std::string TableXlsx(const std::vector<std::vector<TestCell>>& rows, bool date1904 = false);

}  // namespace factflow::importer::domain::test_util
