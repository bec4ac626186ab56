#include "domain/chunking.h"

#include <algorithm>
#include <cassert>

namespace factflow::invoicing::domain {

int64_t ChunkCount(int64_t total, int64_t size) {
  assert(total >= 0 && size >= 1);
  return (total + size - 1) / size;
}

Chunk ChunkAt(int64_t total, int64_t size, int64_t index) {
  assert(index >= 0 && index < ChunkCount(total, size));
  const int64_t begin = index * size;
  return Chunk{.begin = begin, .end = std::min(total, begin + size)};
}

}  // namespace factflow::invoicing::domain
