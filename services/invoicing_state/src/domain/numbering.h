#pragma once

// Invoice numbering series (CGI ann. II art. 242 nonies A): one chronological, continuous series
// per tenant, document kind and optional prefix; numbers are never reused or skipped. Numbers
// follow the French e-invoicing rules BR-FR-01/02: at most 35 characters, only A-Z a-z 0-9 and
// + - _ / (no accented letter, no space).
//
// These are pure calculations: the storage layer holds the series row lock while it calls
// AllocateBlock or RewindTo and writes the result back in the same transaction.
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factflow::invoicing::domain {

inline constexpr size_t kMaxInvoiceNumberLength = 35;  // BR-FR-01
inline constexpr int kMaxPadding = 19;                 // digits of the largest int64_t

struct NumberingSeries {
  std::string code;        // e.g. "FA"
  std::string prefix;      // e.g. "FA2026-"; may be empty
  int padding = 6;         // minimum digit count, zero-filled: 42 -> "000042"
  int64_t next_value = 1;  // the value the next invoice gets, >= 1
};

// A contiguous run of allocated values, both ends included.
struct NumberBlock {
  int64_t first_value = 0;
  int64_t last_value = 0;
  int64_t next_value_after = 0;  // the series' next_value once the block is taken
};

// Checks a complete invoice number against BR-FR-01/02.
// Errors: InvalidArgument (French) naming the length or the first forbidden character.
absl::Status ValidateInvoiceNumber(std::string_view number);

// Checks a series as an operator configures it: non-empty code, prefix of allowed characters,
// padding in [0, kMaxPadding], next_value >= 1, and room for prefix + padding within 35
// characters. Errors: InvalidArgument (French).
absl::Status ValidateSeries(const NumberingSeries& series);

// The number of `value` in `series`: prefix + value zero-filled to `padding` digits
// ({"FA", "FA2026-", 6, _}, 42 -> "FA2026-000042").
// Errors: InvalidArgument if value < 1, padding is out of range, or the number breaks
// BR-FR-01/02 (e.g. a value with more digits than the prefix leaves room for).
absl::StatusOr<std::string> FormatNumber(const NumberingSeries& series, int64_t value);

// Takes the next `count` values of `series`.
// Preconditions (checked in debug builds only): count >= 1, series.next_value >= 1, and
// next_value + count does not overflow int64_t.
NumberBlock AllocateBlock(const NumberingSeries& series, int64_t count);

// Audit: checks that `values_sorted` is exactly start, start + 1, start + 2, ...
// An empty span is contiguous.
// Errors: DataLoss (French) naming the first gap ("numéros 5 à 6 manquants") or the first
// duplicate: the stored chain is broken and needs investigating, not retrying.
// InvalidArgument if the values are not sorted in ascending order or the first is below start.
absl::Status CheckContiguous(std::span<const int64_t> values_sorted, int64_t start);

// Cancelling an import batch: gives back the block [block_first, block_last] and returns the
// series' new next_value (block_first). Only the tail of the chain can be given back, so that
// the series stays gapless; several batches are cancelled newest first.
// Errors: InvalidArgument if the block is not one of the series' allocated blocks
// (block_first < 1, block_first > block_last, or block_last >= next_value);
// FailedPrecondition (French) if a number was allocated after the block
// (block_last != next_value - 1).
absl::StatusOr<int64_t> RewindTo(const NumberingSeries& series, int64_t block_first,
                                 int64_t block_last);

}  // namespace factflow::invoicing::domain
