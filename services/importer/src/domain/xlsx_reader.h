#pragma once

// Streaming reader for the first worksheet of an .xlsx workbook (Office Open XML, SpreadsheetML)
// held in memory. Rows are handed to a visitor one at a time as the sheet XML is parsed (SAX);
// no document model of the sheet is built, so memory stays flat whatever the row count. Only the
// shared-string table is kept, compactly, because cells refer to it by index.
//
// Hostile files are expected (uploads): every budget of XlsxLimits (parse_budget.h) is enforced
// while reading, never after: inflated bytes (declared sizes are not trusted), CPU time, memory
// held, shared strings (count and bytes), rows and cells (the sheet's <dimension> is checked
// before any row is read), characters per cell, bytes per XML token; the stop request is polled
// throughout. XML with a DOCTYPE or entity declaration is refused.
//
// Errors (absl::Status, messages in French, naming the part and position, meant for the user):
//   InvalidArgument   — empty (0-byte) file, not a zip file, not an xlsx workbook,
//   password-protected or .xls file,
//                       corrupted zip entry, malformed XML, DOCTYPE/entities, bad cell reference;
//   ResourceExhausted — a limit of XlsxLimits was exceeded;
//   Cancelled         — XlsxLimits::stop_requested answered true.
// Statuses returned by the row visitor are passed through unchanged.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/parse_budget.h"

namespace factflow::importer::domain {

enum class XlsxCellType {
  kSharedString,   // t="s": text from the shared-string table
  kInlineString,   // t="inlineStr": text in the cell (<is>)
  kFormulaString,  // t="str": cached text result of a formula
  kBoolean,        // t="b": text is "1" or "0"
  kNumber,         // no t or t="n": text as written by the producer ("19.99", "1.999E1")
  kError,          // t="e": text such as "#N/A"
  kDate,           // t="d": ISO 8601 text
  // A formula whose producer saved no cached result (<f> without <v>): text is "=" and the
  // formula, e.g. "=HYPERLINK(\"https://…\",\"Dupont\")". Its value is unknown: readers report
  // it rather than taking it as empty.
  kFormulaWithoutValue,
};

// True for the types whose text is a character string (shared, inline, formula result).
bool IsStringCell(XlsxCellType type);

struct XlsxCell {
  int column = 0;  // 0-based (A = 0)
  XlsxCellType type = XlsxCellType::kNumber;
  // The cell's value. Valid only during the visitor call that received it.
  std::string_view text;
};

struct XlsxRow {
  int64_t number = 0;           // 1-based sheet row number (from r="", or previous + 1)
  std::vector<XlsxCell> cells;  // cells with a value, in document order; empty cells omitted
  // Rows the sheet announces in its <dimension> (never above XlsxLimits::max_rows), 0 if it
  // announces none: a hint to reserve room once, not a promise.
  int64_t sheet_rows_hint = 0;
};

// Column letters of a 0-based column index: 0 → "A", 27 → "AB". Precondition: column >= 0.
std::string ColumnName(int column);

// The 0-based column of a cell reference such as "AB12" (the row digits are ignored but must be
// present and the letters uppercase). nullopt if the reference is malformed or beyond XFD.
std::optional<int> ColumnFromCellReference(std::string_view reference);

// The 1-based row of a cell reference such as "AB12"; nullopt if malformed or beyond 1,048,576.
std::optional<int64_t> RowFromCellReference(std::string_view reference);

// An open workbook. Not thread-safe: use one object per thread. Movable, not copyable.
class XlsxWorkbook {
 public:
  using RowVisitor = absl::FunctionRef<absl::Status(const XlsxRow&)>;

  // Opens the workbook held in `bytes`: checks the zip, reads xl/workbook.xml (first sheet, date
  // system), its relationships (xl/_rels/workbook.xml.rels) and the shared strings.
  // Precondition: `bytes` outlives the returned object (it is read in place, not copied).
  static absl::StatusOr<XlsxWorkbook> Open(std::string_view bytes, const XlsxLimits& limits = {});
  // The bytes are read in place: a temporary string would dangle once Open returns.
  static absl::StatusOr<XlsxWorkbook> Open(std::string&& bytes,
                                           const XlsxLimits& limits = {}) = delete;

  XlsxWorkbook(XlsxWorkbook&&) noexcept;
  XlsxWorkbook& operator=(XlsxWorkbook&&) noexcept;
  ~XlsxWorkbook();

  // The parse's running budget, for the row visitor to charge the memory it keeps
  // (ParseBudget::ChargeMemory) so that one limit covers the reader and its consumer.
  ParseBudget& budget();

  // Whether the workbook uses the 1904 date system (<workbookPr date1904="1"/>).
  bool date1904() const;
  // Name of the first sheet as shown on its tab ("" when the workbook lists none).
  const std::string& first_sheet_name() const;
  // Zip part of the first sheet, e.g. "xl/worksheets/sheet1.xml".
  const std::string& first_sheet_part() const;

  // Streams the first sheet: calls `visitor` once per <row>, in document order. A non-OK status
  // from the visitor stops the reading and is returned as is. Each call re-reads the sheet and
  // counts against the same max_uncompressed_bytes budget.
  absl::Status ForEachRow(RowVisitor visitor);

 private:
  struct State;
  explicit XlsxWorkbook(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace factflow::importer::domain
