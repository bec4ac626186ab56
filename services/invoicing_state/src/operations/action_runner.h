#pragma once

// The worker of action operations: ApplyAction freezes a selection into an operation and wakes
// the runner, which works through every RUNNING action operation chunk by chunk. Each chunk is
// one transaction: it locks the operation row (SKIP LOCKED, so replicas share the work), reads
// the chunk's invoices, applies each (from, to) group with one set-based UPDATE and one
// multi-row audit INSERT, records per-document outcomes, appends bounded events to the outbox
// and advances the counts. A crash loses at most the chunk in flight (rolled back); at start-up
// the runner resumes every RUNNING operation from its first pending item, so nothing is redone.
// The chunk's invoices are read without a row lock; each UPDATE re-checks the state it moves
// from, and a chunk that finds an invoice moved meanwhile by another action rolls back and is
// retried.
//
// Thread safety: Start/Stop from one thread; Wake and RunChunk from any thread.

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "runtime/runtime.h"

namespace factflow::invoicing {

class ActionRunner {
 public:
  // Invoices per chunk by default: one chunk commits in well under a second, and its
  // InvoiceStateChanged events (sliced at kEventIds ids) stay far below the broker's limit.
  static constexpr int kDefaultChunkSize = 2000;
  // Invoice ids per InvoiceStateChanged event.
  static constexpr size_t kEventIds = 1000;
  // Invoice ids per InvoicesSent event: lets a restarted consumer resume mid-selection.
  static constexpr size_t kSendChunk = 25;

  ActionRunner(runtime::Runtime& runtime, int chunk_size);
  ~ActionRunner();

  void Start();
  // Finishes the chunk in flight (if any), then stops.
  void Stop();
  // Look for work now (after an operation was created).
  void Wake();

  // Processes the next chunk of `operation_id`. Returns true when items remain, false when the
  // operation is finished, not RUNNING, or being processed by another replica. Errors:
  // Unavailable/Aborted (retry later), anything else is a bug (the caller fails the operation).
  absl::StatusOr<bool> RunChunk(const std::string& operation_id);

 private:
  void Run();
  // One chunk of every RUNNING operation; true when any progressed.
  bool RunRound();
  void FailOperation(const std::string& operation_id, const absl::Status& cause);

  runtime::Runtime& runtime_;
  const int chunk_size_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool wake_requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace factflow::invoicing
