#pragma once

// The upload's parse of a FNAC export in segments of whole orders (issue 6): the same parse and
// validation as ParseFnacExport, but handed to `sink` a segment at a time (at least
// `orders_per_segment` orders, each order whole, with its order-level checks done), so that
// what the caller holds does not grow with the export.
//
// An order's rows need not be contiguous. The sheet is first read assuming they are (FNAC
// exports are sorted by order, one read); on the first row of an order already handed over,
// `restart` is called (the caller discards what the sink stored) and the sheet is read twice
// instead: once for the last row of every order id (a compact map), once to parse, a segment
// ending only where every order begun in it has ended. Each read is held to the budgets of
// `limits` (the inflated bytes of the first read are refunded); CPU time counts them all.
//
// Positions: the segment's orders are numbered from `first_position` (1 for the first
// segment), in order of first appearance in the file, as ParseFnacExport's orders are.
//
// Errors: those of ParseFnacExport (French, "<file_name> : " prefixed), and any status of
// `sink` or `restart`, returned as is. Pure: no I/O but the callbacks. Not thread-safe.

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "domain/staged_order.h"
#include "domain/xlsx_reader.h"

namespace factflow::importer::domain {

// Orders per segment of an upload (grpc/upload_rpcs.cc) and of the benchmark's parse: a few MB
// of orders and grid documents held at once, whatever the export's size.
inline constexpr int64_t kUploadOrdersPerSegment = 2000;

// The file as a whole, once every segment was handed over.
struct SegmentedExport {
  std::vector<ColumnHeader> headers;
  int64_t rows_read = 0;
  int64_t orders = 0;
  int segments = 0;
  bool reread = false;             // orders were not contiguous: the sheet was read twice
  std::vector<Issue> file_issues;  // issues tied to no order, in file order
};

// `segment.file_issues` and `segment.headers` are empty (they are in SegmentedExport).
using SegmentSink = absl::FunctionRef<absl::Status(ParsedExport&& segment, int64_t first_position)>;
using SegmentRestart = absl::FunctionRef<absl::Status()>;

absl::StatusOr<SegmentedExport> ParseFnacExportInSegments(std::string_view file_name,
                                                          std::string_view bytes,
                                                          const XlsxLimits& limits,
                                                          int64_t orders_per_segment,
                                                          SegmentSink sink,
                                                          SegmentRestart restart);

}  // namespace factflow::importer::domain
