#pragma once

// Cutting a run of items (invoices of a generation, in number order) into chunks of bounded
// size, so that no event grows with the batch: chunk i covers items [begin, end).
//
// Thread safety: pure functions on values; safe to call concurrently.

#include <cstdint>

namespace factflow::invoicing::domain {

// At most this many invoices per InvoicesIssued event: with 36-byte ids, about 40 KB.
inline constexpr int64_t kIssuedChunkSize = 1000;

struct Chunk {
  int64_t begin = 0;  // first item, 0-based
  int64_t end = 0;    // one past the last item
};

// How many chunks of at most `size` items `total` items make: 0 for no item.
// Preconditions: total >= 0, size >= 1.
int64_t ChunkCount(int64_t total, int64_t size);

// The `index`-th chunk (0-based). Preconditions: 0 <= index < ChunkCount(total, size).
Chunk ChunkAt(int64_t total, int64_t size, int64_t index);

}  // namespace factflow::invoicing::domain
