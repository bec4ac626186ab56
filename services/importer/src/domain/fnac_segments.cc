#include "domain/fnac_segments.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/cell_value.h"
#include "domain/fnac_fields.h"
#include "domain/fnac_profile.h"
#include "domain/header_matcher.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

// Order id -> its last row in the sheet (the second strategy's first read).
using LastRows = std::unordered_map<std::string, int64_t>;

// What a map entry holds beyond its id's text: a hash node, its key and value.
constexpr int64_t kEntryBytes = 64;
constexpr std::string_view kMemoryWhat = "numéros de commande";

// Blank as the parser sees it: every cell empty once trimmed (skipped, never the header).
bool IsBlankRow(const XlsxRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(),
                     [](const XlsxCell& cell) { return TrimAscii(cell.text).empty(); });
}

// The column of the order id, as the parser matches the header row; nullopt when the header
// does not name one (the parser then refuses the header itself).
std::optional<int> OrderColumn(const XlsxRow& header) {
  std::vector<HeaderCell> headers;
  for (const XlsxCell& cell : header.cells) {
    std::string text = CellText(cell);
    if (!text.empty()) headers.push_back({cell.column, std::move(text)});
  }
  return MatchHeaders(FnacProfile(), headers).field_columns[fnac::kOrderId];
}

// The order id of a row as the parser reads it ("" when none: no cell, empty, or a formula
// without cached value, which the parser reports and drops).
std::string OrderIdOf(const XlsxRow& row, int column) {
  for (const XlsxCell& cell : row.cells) {
    if (cell.column != column) continue;
    if (cell.type == XlsxCellType::kFormulaWithoutValue) return "";
    return CellText(cell);
  }
  return "";
}

absl::Status WithFileName(std::string_view file_name, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(AsAbsl(file_name), " : ", status.message()));
}

// A copy of the header row, fed again to the parser of every later segment.
class SavedRow {
 public:
  void Save(const XlsxRow& row) {
    row_.number = row.number;
    texts_.clear();
    texts_.reserve(row.cells.size());
    for (const XlsxCell& cell : row.cells) texts_.emplace_back(cell.text);
    row_.cells = row.cells;
    for (size_t i = 0; i < texts_.size(); ++i) row_.cells[i].text = texts_[i];
  }
  const XlsxRow& row() const { return row_; }

 private:
  XlsxRow row_;
  std::vector<std::string> texts_;
};

// Cuts the rows of one read of the sheet into segments of whole orders, each parsed by its own
// FnacExportParser and handed to the sink. With `last_rows` a segment ends only after the last
// row of each of its orders; without, orders are assumed contiguous and the first row of an
// order already handed over stops the read (not_contiguous()).
class Segmenter {
 public:
  Segmenter(std::string_view file_name, XlsxWorkbook& workbook, int64_t per_segment,
            SegmentSink sink, const LastRows* last_rows)
      : file_name_(file_name),
        workbook_(workbook),
        per_segment_(std::max<int64_t>(per_segment, 1)),
        sink_(sink),
        last_rows_(last_rows) {
    Start();
  }

  absl::Status OnRow(const XlsxRow& row) {
    if (!header_seen_) {
      if (!IsBlankRow(row)) {
        header_seen_ = true;
        header_.Save(row);
        order_column_ = OrderColumn(row);
      }
      return parser_->OnRow(row);
    }
    if (order_column_.has_value()) {
      std::string id = OrderIdOf(row, *order_column_);
      // The usual case, a row of the same order as the row before: no set to look up.
      if (!id.empty() && id != previous_id_ && !segment_ids_.contains(id)) {
        if (last_rows_ == nullptr && handed_over_.contains(id)) {
          not_contiguous_ = true;
          return absl::AbortedError("commandes non contiguës");
        }
        const bool complete = last_rows_ == nullptr || segment_last_row_ < row.number;
        if (static_cast<int64_t>(segment_ids_.size()) >= per_segment_ && complete) {
          absl::Status emitted = Emit();
          if (!emitted.ok()) return emitted;
          Start();
          absl::Status header = parser_->OnRow(header_.row());
          if (!header.ok()) return header;
        }
        if (last_rows_ != nullptr) {
          auto last = last_rows_->find(id);
          if (last != last_rows_->end()) {
            segment_last_row_ = std::max(segment_last_row_, last->second);
          }
        }
        segment_ids_.insert(id);
      }
      if (!id.empty()) previous_id_ = std::move(id);
    }
    return parser_->OnRow(row);
  }

  // The last segment, once the read ended.
  absl::Status Finish() { return Emit(); }

  bool not_contiguous() const { return not_contiguous_; }
  bool sink_failed() const { return sink_failed_; }
  SegmentedExport TakeResult() && { return std::move(result_); }

 private:
  void Start() {
    parser_ = std::make_unique<FnacExportParser>(file_name_, workbook_.date1904(),
                                                 workbook_.budget());
    memory_at_start_ = workbook_.budget().memory_used();
    segment_last_row_ = 0;
  }

  absl::Status Emit() {
    absl::StatusOr<ParsedExport> parsed = std::move(*parser_).Finish();
    if (!parsed.ok()) return parsed.status();
    ParsedExport segment = *std::move(parsed);
    result_.rows_read += segment.rows_read;
    if (result_.segments == 0) result_.headers = std::move(segment.headers);
    for (Issue& issue : segment.file_issues) {
      // The header's own notices are said once, by the first segment.
      if (result_.segments == 0 || issue.row != header_.row().number) {
        result_.file_issues.push_back(std::move(issue));
      }
    }
    segment.file_issues.clear();
    segment.headers.clear();
    const int64_t orders = static_cast<int64_t>(segment.orders.size());
    if (last_rows_ == nullptr) handed_over_.merge(segment_ids_);
    segment_ids_.clear();
    absl::Status sunk = sink_(std::move(segment), result_.orders + 1);
    if (!sunk.ok()) {
      sink_failed_ = true;
      return sunk;
    }
    result_.orders += orders;
    ++result_.segments;
    // The segment's orders are gone: what the parser charged for them is free again.
    ParseBudget& budget = workbook_.budget();
    if (budget.memory_used() > memory_at_start_) {
      budget.ReleaseMemory(budget.memory_used() - memory_at_start_);
    }
    return absl::OkStatus();
  }

  std::string_view file_name_;
  XlsxWorkbook& workbook_;
  int64_t per_segment_;
  SegmentSink sink_;
  const LastRows* last_rows_;
  std::unique_ptr<FnacExportParser> parser_;
  int64_t memory_at_start_ = 0;
  bool header_seen_ = false;
  SavedRow header_;
  std::optional<int> order_column_;
  std::unordered_set<std::string> segment_ids_;  // orders begun in the current segment
  std::string previous_id_;                      // the order id of the last row that had one
  int64_t segment_last_row_ = 0;                 // the last row of the latest-ending one
  std::unordered_set<std::string> handed_over_;  // contiguous read: orders already handed over
  bool not_contiguous_ = false;
  bool sink_failed_ = false;
  SegmentedExport result_;
};

// The first read of the second strategy: the last row of every order id.
absl::StatusOr<LastRows> ReadLastRows(XlsxWorkbook& workbook) {
  LastRows last_rows;
  bool header_seen = false;
  std::optional<int> order_column;
  absl::Status read = workbook.ForEachRow([&](const XlsxRow& row) -> absl::Status {
    if (!header_seen) {
      if (!IsBlankRow(row)) {
        header_seen = true;
        order_column = OrderColumn(row);
      }
      return absl::OkStatus();
    }
    if (!order_column.has_value()) return absl::OkStatus();
    std::string id = OrderIdOf(row, *order_column);
    if (id.empty()) return absl::OkStatus();
    auto [it, inserted] = last_rows.insert_or_assign(std::move(id), row.number);
    if (!inserted) return absl::OkStatus();
    return workbook.budget().ChargeMemory(kEntryBytes + HeldBytes(it->first), kMemoryWhat);
  });
  if (!read.ok()) return read;
  return last_rows;
}

// One read through a Segmenter: the result, or its error (parse errors prefixed with the file
// name; the sink's as is).
absl::StatusOr<SegmentedExport> ReadSegments(Segmenter& segmenter, XlsxWorkbook& workbook,
                                             std::string_view file_name) {
  absl::Status read =
      workbook.ForEachRow([&segmenter](const XlsxRow& row) { return segmenter.OnRow(row); });
  if (read.ok()) read = segmenter.Finish();
  if (read.ok()) return std::move(segmenter).TakeResult();
  return segmenter.sink_failed() ? read : WithFileName(file_name, read);
}

}  // namespace

absl::StatusOr<SegmentedExport> ParseFnacExportInSegments(std::string_view file_name,
                                                          std::string_view bytes,
                                                          const XlsxLimits& limits,
                                                          int64_t orders_per_segment,
                                                          SegmentSink sink,
                                                          SegmentRestart restart) {
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes, limits);
  if (!workbook.ok()) return WithFileName(file_name, workbook.status());
  ParseBudget& budget = workbook->budget();
  const int64_t opened_inflated = budget.inflated();
  const int64_t opened_memory = budget.memory_used();
  {
    Segmenter contiguous(file_name, *workbook, orders_per_segment, sink, nullptr);
    absl::StatusOr<SegmentedExport> result = ReadSegments(contiguous, *workbook, file_name);
    if (!contiguous.not_contiguous()) return result;
  }
  // Rows of an order are spread over the file: start again, knowing where each order ends.
  absl::Status restarted = restart();
  if (!restarted.ok()) return restarted;
  budget.RefundInflated(budget.inflated() - opened_inflated);
  if (budget.memory_used() > opened_memory) {
    budget.ReleaseMemory(budget.memory_used() - opened_memory);
  }
  absl::StatusOr<LastRows> last_rows = ReadLastRows(*workbook);
  if (!last_rows.ok()) return WithFileName(file_name, last_rows.status());
  budget.RefundInflated(budget.inflated() - opened_inflated);
  Segmenter spread(file_name, *workbook, orders_per_segment, sink, &*last_rows);
  absl::StatusOr<SegmentedExport> result = ReadSegments(spread, *workbook, file_name);
  if (result.ok()) result->reread = true;
  return result;
}

}  // namespace factflow::importer::domain
