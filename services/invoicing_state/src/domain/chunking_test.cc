#include "domain/chunking.h"

#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

TEST(ChunkingTest, NoItemsMakeNoChunk) { EXPECT_EQ(ChunkCount(0, kIssuedChunkSize), 0); }

TEST(ChunkingTest, ChunksCoverEveryItemOnceInOrderAndNoneIsOverTheSize) {
  for (int64_t total : {1, 999, 1000, 1001, 30000, 68840}) {
    const int64_t count = ChunkCount(total, kIssuedChunkSize);
    int64_t expected_begin = 0;
    for (int64_t i = 0; i < count; ++i) {
      Chunk chunk = ChunkAt(total, kIssuedChunkSize, i);
      EXPECT_EQ(chunk.begin, expected_begin) << total << " chunk " << i;
      EXPECT_GT(chunk.end, chunk.begin) << total << " chunk " << i;
      EXPECT_LE(chunk.end - chunk.begin, kIssuedChunkSize) << total << " chunk " << i;
      expected_begin = chunk.end;
    }
    EXPECT_EQ(expected_begin, total) << "every item is in a chunk";
  }
}

TEST(ChunkingTest, TheMonthEndGenerationIsSixtyNineChunksTheLastOnePartial) {
  EXPECT_EQ(ChunkCount(68840, kIssuedChunkSize), 69);
  Chunk last = ChunkAt(68840, kIssuedChunkSize, 68);
  EXPECT_EQ(last.begin, 68000);
  EXPECT_EQ(last.end, 68840);
}

}  // namespace
}  // namespace factflow::invoicing::domain
