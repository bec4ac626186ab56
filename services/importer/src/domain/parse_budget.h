#pragma once

// The budgets of one upload's parse, checked while the file is read (never after): a hostile
// file must be cheap to refuse, whatever it claims about itself.
//
// XlsxLimits is the configuration (defaults fit a month-end FNAC export of ~100,000 lines with
// room to spare); ParseBudget is the running account of one parse, charged by the xlsx reader
// (inflated bytes, shared strings, row buffers) and by its consumer (what it keeps, e.g. the
// staged orders), and polled for CPU time and for a stop request (client gone, deadline passed).
//
// Errors (absl::Status, messages in French saying which limit and where):
//   ResourceExhausted — a limit was exceeded;
//   Cancelled         — stop_requested() answered true (the caller gave up).
//
// Thread safety: a ParseBudget belongs to one parse on one thread (CPU time is that thread's).

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace factflow::importer::domain {

struct XlsxLimits {
  int64_t max_compressed_bytes = int64_t{50} << 20;     // size of the .xlsx file itself
  int64_t max_uncompressed_bytes = int64_t{200} << 20;  // total inflated bytes of all parts read
  int64_t max_rows = 200'000;                           // rows of the sheet (<row> elements)
  int64_t max_cells = 8'000'000;                        // cells of the sheet (<c> elements)
  int64_t max_cell_chars = 32'767;                      // characters of one cell or shared string
  int max_columns = 16'384;                             // cells must lie in columns A..XFD
  int64_t max_shared_strings = 2'000'000;               // entries of the shared-string table
  int64_t max_shared_string_bytes = int64_t{64} << 20;  // their text, in bytes (UTF-8)
  // One XML token (a tag with its attributes, a comment, a processing instruction, a CDATA
  // section); text is streamed and bounded by max_cell_chars instead.
  int64_t max_token_bytes = int64_t{1} << 20;
  // Memory held by the parse: the shared-string table, row buffers, and what the consumer
  // charges for the result it builds (ParseBudget::ChargeMemory).
  int64_t max_memory_bytes = int64_t{384} << 20;
  // CPU time of the parsing thread, from the budget's creation.
  absl::Duration max_cpu_time = absl::Seconds(30);
  // Polled about every 64 KiB of XML read; true stops the parse with Cancelled (the client
  // cancelled or its deadline passed). Empty: never stops.
  std::function<bool()> stop_requested;
};

class ParseBudget {
 public:
  explicit ParseBudget(XlsxLimits limits);

  const XlsxLimits& limits() const { return limits_; }

  // Inflated bytes of the zip parts read so far (the sizes the zip declares are not trusted).
  absl::Status ChargeInflated(int64_t bytes);
  // Inflated bytes charged so far, and a refund of bytes read again: a caller that reads the
  // same sheet twice (the upload's segmented parse, fnac_segments.h) refunds the first read, so
  // that each read, not their sum, is held to max_uncompressed_bytes.
  int64_t inflated() const { return inflated_; }
  void RefundInflated(int64_t bytes) { inflated_ -= bytes; }
  // Early refusal of a part whose declared size alone is beyond the remaining budget.
  absl::Status CheckDeclaredSize(int64_t bytes) const;

  // Memory the parse now holds: `what` says what grew, in French (e.g. "textes partagés").
  absl::Status ChargeMemory(int64_t bytes, std::string_view what);
  void ReleaseMemory(int64_t bytes) { memory_ -= bytes; }
  int64_t memory_used() const { return memory_; }

  // CPU time and stop request; cheap enough to call every few tens of KiB of input.
  absl::Status CheckTime() const;

 private:
  XlsxLimits limits_;
  int64_t inflated_ = 0;
  int64_t memory_ = 0;
  int64_t cpu_start_ns_ = 0;
};

// CPU time consumed by the calling thread, in nanoseconds.
int64_t ThreadCpuNanos();

}  // namespace factflow::importer::domain
