#include "kafka/render_pool.h"

#include <algorithm>

namespace factflow::dispatch {

RenderPool::RenderPool(size_t size) {
  if (size == 0) size = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 1; i < size; ++i) workers_.emplace_back([this] { Work(); });
}

RenderPool::~RenderPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void RenderPool::Drain() {
  std::unique_lock lock(mutex_);
  while (task_ != nullptr && next_ < count_) {
    const size_t index = next_++;
    const auto* task = task_;
    lock.unlock();
    (*task)(index);
    lock.lock();
    if (++done_ == count_) finished_.notify_all();
  }
}

void RenderPool::Work() {
  unsigned seen = 0;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    Drain();
  }
}

void RenderPool::ForEach(size_t count, const std::function<void(size_t)>& task) {
  if (count == 0) return;
  std::lock_guard job(job_mutex_);
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    count_ = count;
    next_ = 0;
    done_ = 0;
    ++generation_;
  }
  wake_.notify_all();
  Drain();
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return done_ == count_; });
  task_ = nullptr;
}

}  // namespace factflow::dispatch
