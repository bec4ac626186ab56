#pragma once

// The archive's render workers (issue 6: archiving uses both cores). Rendering a Factur-X PDF,
// its CII and the signature is CPU work of about 10 ms an invoice, independent from one invoice
// to the next; ForEach spreads one chunk's invoices over a fixed set of worker threads (the
// calling thread works too) and returns when all are done. Storage stays on the caller's
// thread, in its one transaction (exactly once with the inbox claim).
//
// Size: FACTFLOW_RENDER_WORKERS, default std::thread::hardware_concurrency() (at least 1);
// size 1 renders on the calling thread only.
//
// Thread safety: ForEach may be called from several threads (the consumer and the render
// retry); their jobs run one after the other. `task` must be safe to call concurrently with
// different indexes.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace factflow::dispatch {

class RenderPool {
 public:
  // size 0 means hardware concurrency.
  explicit RenderPool(size_t size);
  ~RenderPool();
  RenderPool(const RenderPool&) = delete;
  RenderPool& operator=(const RenderPool&) = delete;

  size_t size() const { return workers_.size() + 1; }

  // Runs task(0) ... task(count - 1) over the workers and the calling thread; returns when
  // every call returned. Exceptions must not escape `task`.
  void ForEach(size_t count, const std::function<void(size_t)>& task);

 private:
  void Work();
  // Runs tasks of the current job until none is left; true if it ran the job's last one.
  void Drain();

  std::mutex job_mutex_;  // one job at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t count_ = 0;
  size_t next_ = 0;
  size_t done_ = 0;
  unsigned generation_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace factflow::dispatch
