#include "kafka/render_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace factflow::dispatch {
namespace {

TEST(RenderPoolTest, EveryIndexRunsOnceAcrossTheWorkers) {
  RenderPool pool(4);
  EXPECT_EQ(pool.size(), 4u);
  for (size_t count : {1u, 3u, 25u, 1000u}) {
    std::vector<std::atomic<int>> runs(count);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    pool.ForEach(count, [&](size_t i) {
      runs[i]++;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    });
    for (size_t i = 0; i < count; ++i) EXPECT_EQ(runs[i].load(), 1) << i << " of " << count;
    if (count >= 25) {
      EXPECT_GT(threads.size(), 1u) << "the work must be spread over threads";
    }
  }
}

TEST(RenderPoolTest, SizeOneRunsOnTheCallingThread) {
  RenderPool pool(1);
  const auto caller = std::this_thread::get_id();
  int ran = 0;
  pool.ForEach(10, [&](size_t) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    ++ran;
  });
  EXPECT_EQ(ran, 10);
  pool.ForEach(0, [&](size_t) { ++ran; });
  EXPECT_EQ(ran, 10);
}

TEST(RenderPoolTest, JobsFromTwoThreadsBothComplete) {
  RenderPool pool(0);
  EXPECT_GE(pool.size(), 1u);
  std::atomic<int> total{0};
  std::thread other([&] { pool.ForEach(500, [&](size_t) { total++; }); });
  pool.ForEach(500, [&](size_t) { total++; });
  other.join();
  EXPECT_EQ(total.load(), 1000);
}

}  // namespace
}  // namespace factflow::dispatch
