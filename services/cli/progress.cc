#include "progress.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"

namespace factflow::cli {
namespace {

constexpr absl::Duration kPlainLineEvery = absl::Seconds(5);

std::string Duration(absl::Duration d) {
  int64_t seconds = std::max<int64_t>(1, absl::ToInt64Seconds(d + absl::Milliseconds(500)));
  if (seconds < 60) return absl::StrCat(seconds, " s");
  return absl::StrCat(seconds / 60, " min ", seconds % 60, " s");
}

}  // namespace

std::string GroupThousands(int64_t n) {
  std::string digits = absl::StrCat(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(' ');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

std::string ProgressBar(int64_t done, int64_t total, size_t width) {
  if (total <= 0) return "";
  int64_t clamped = std::clamp<int64_t>(done, 0, total);
  size_t full = static_cast<size_t>(clamped * static_cast<int64_t>(width) / total);
  std::string bar = "[";
  for (size_t i = 0; i < width; ++i) bar += i < full ? "█" : "░";
  return bar + "] ";
}

ProgressTracker::ProgressTracker(absl::Duration stall_timeout, absl::Time start)
    : stall_timeout_(stall_timeout), start_(start), last_advance_(start), first_seen_(start) {}

bool ProgressTracker::Observe(const Progress& progress, absl::Time now) {
  if (!first_done_.has_value()) {
    first_done_ = progress.done;
    first_seen_ = now;
  }
  bool advanced = progress.done != last_.done || progress.step != last_.step ||
                  progress.total != last_.total || progress.finished != last_.finished;
  if (advanced) last_advance_ = now;
  last_ = progress;
  return advanced;
}

bool ProgressTracker::Stalled(absl::Time now) const {
  return now - last_advance_ >= stall_timeout_;
}

std::optional<absl::Duration> ProgressTracker::Eta(absl::Time now) const {
  if (!first_done_.has_value() || last_.total <= 0) return std::nullopt;
  int64_t gained = last_.done - *first_done_;
  absl::Duration elapsed = now - first_seen_;
  if (gained <= 0 || elapsed <= absl::ZeroDuration()) return std::nullopt;
  int64_t left = std::max<int64_t>(0, last_.total - last_.done);
  return elapsed * (static_cast<double>(left) / static_cast<double>(gained));
}

std::string ProgressTracker::Line(std::string_view what, absl::Time now) const {
  std::string line = absl::StrCat(std::string(what), " : ", GroupThousands(last_.done));
  if (last_.total > 0) {
    absl::StrAppend(&line, "/", GroupThousands(last_.total), " (", last_.done * 100 / last_.total,
                    " %)");
  }
  if (last_.finished) {
    absl::StrAppend(&line, ", terminé en ", Duration(now - start_));
  } else if (std::optional<absl::Duration> eta = Eta(now); eta.has_value()) {
    absl::StrAppend(&line, ", reste ~", Duration(*eta));
  }
  if (!last_.step.empty() && !last_.finished) absl::StrAppend(&line, " — ", last_.step);
  return line;
}

absl::Status WaitForProgress(const std::function<absl::StatusOr<Progress>()>& poll,
                             const WaitOptions& options) {
  ProgressTracker tracker(options.stall_timeout, absl::Now());
  absl::Time last_print = absl::InfinitePast();
  size_t shown_width = 0;
  while (true) {
    absl::StatusOr<Progress> progress = poll();
    absl::Time now = absl::Now();
    if (!progress.ok()) {
      if (options.terminal && shown_width > 0) fmt::print("\n");
      return progress.status();
    }
    bool advanced = tracker.Observe(*progress, now);
    std::string line = tracker.Line(options.what, now);
    if (options.terminal) {
      std::string padded = ProgressBar(progress->done, progress->total) + line;
      if (padded.size() < shown_width) padded.append(shown_width - padded.size(), ' ');
      fmt::print("\r{}", padded);
      shown_width = padded.size();
      if (progress->finished) fmt::print("\n");
      std::fflush(stdout);
    } else if (progress->finished || (advanced && now - last_print >= kPlainLineEvery)) {
      fmt::print("  {}\n", line);
      std::fflush(stdout);
      last_print = now;
    }
    if (progress->finished) return absl::OkStatus();
    if (tracker.Stalled(now)) {
      if (options.terminal) fmt::print("\n");
      return absl::DeadlineExceededError(absl::StrCat(
          options.what, " : aucun progrès depuis ", absl::ToInt64Seconds(options.stall_timeout),
          " s (le traitement continue peut-être côté serveur) ; pour suivre : ",
          options.look_again));
    }
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(options.interval));
  }
}

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) != 0; }

}  // namespace factflow::cli
