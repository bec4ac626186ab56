#pragma once

// Waiting on long-running work by its progress, never on a fixed deadline: factflowctl polls
// the operation (or any progress source), shows a progress line with counts and an ETA, and
// gives up only when nothing advanced for `stall_timeout`, saying how to look again.
//
// ProgressTracker is pure (times are passed in) and unit-tested; WaitForProgress does the I/O.
// Not thread-safe: one waiter per thread.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace factflow::cli {

// What a poll saw.
struct Progress {
  int64_t done = 0;   // processed so far (done + refused for an action)
  int64_t total = 0;  // 0 when unknown
  std::string step;   // what the service says it is doing
  bool finished = false;
};

inline constexpr absl::Duration kDefaultStallTimeout = absl::Seconds(60);

class ProgressTracker {
 public:
  ProgressTracker(absl::Duration stall_timeout, absl::Time start);

  // Records a poll at `now`; true when it advanced (count or step changed) since the last one.
  bool Observe(const Progress& progress, absl::Time now);
  // True when nothing advanced for the stall timeout.
  bool Stalled(absl::Time now) const;
  // Remaining time at the rate observed since the first poll; nullopt until there is a rate.
  std::optional<absl::Duration> Eta(absl::Time now) const;
  // "Préparation de l'envoi : 12 000/68 840 (17 %), reste ~8 s — traitement : 12000 sur 68840"
  std::string Line(std::string_view what, absl::Time now) const;

 private:
  absl::Duration stall_timeout_;
  absl::Time start_;
  absl::Time last_advance_;
  std::optional<int64_t> first_done_;
  absl::Time first_seen_;
  Progress last_;
};

// "[██████░░░░░░░░░░░░░░] " (`width` cells, then a space) for done/total, drawn before the
// progress line on a terminal; "" when the total is unknown.
std::string ProgressBar(int64_t done, int64_t total, size_t width = 20);

// "68 840" (no-break thin spacing is not used: a plain space, readable in logs too).
std::string GroupThousands(int64_t n);

struct WaitOptions {
  std::string what;        // "Préparation de l'envoi"
  std::string look_again;  // "factflowctl operations show ID"
  absl::Duration interval = absl::Milliseconds(300);
  absl::Duration stall_timeout = kDefaultStallTimeout;
  // Rewrite one line with '\r' (a terminal) or print a plain line at most every 5 s.
  bool terminal = false;
};

// Calls `poll` every interval until it reports finished (OK) or fails (its status). Fails with
// DeadlineExceeded (French, naming `what`, the stall timeout and `look_again`) only when nothing
// advanced for the stall timeout.
absl::Status WaitForProgress(const std::function<absl::StatusOr<Progress>()>& poll,
                             const WaitOptions& options);

// True when standard output is a terminal.
bool StdoutIsTerminal();

}  // namespace factflow::cli
