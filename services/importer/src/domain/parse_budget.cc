#include "domain/parse_budget.h"

#include <time.h>

#include <utility>

#include "absl/strings/str_format.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {

int64_t ThreadCpuNanos() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

ParseBudget::ParseBudget(XlsxLimits limits)
    : limits_(std::move(limits)), cpu_start_ns_(ThreadCpuNanos()) {}

absl::Status ParseBudget::ChargeInflated(int64_t bytes) {
  inflated_ += bytes;
  return CheckDeclaredSize(0);
}

absl::Status ParseBudget::CheckDeclaredSize(int64_t bytes) const {
  if (bytes <= limits_.max_uncompressed_bytes - inflated_) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrFormat(
      "le classeur décompressé dépasse la limite de %d Mio : fichier trop volumineux ou piégé "
      "(bombe zip) ; découpez l'export en plusieurs fichiers",
      limits_.max_uncompressed_bytes >> 20));
}

absl::Status ParseBudget::ChargeMemory(int64_t bytes, std::string_view what) {
  memory_ += bytes;
  if (memory_ <= limits_.max_memory_bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrFormat(
      "la lecture du fichier dépasse la limite de mémoire de %d Mio (%s) ; découpez l'export en "
      "plusieurs fichiers",
      limits_.max_memory_bytes >> 20, AsAbsl(what)));
}

absl::Status ParseBudget::CheckTime() const {
  if (limits_.stop_requested && limits_.stop_requested()) {
    return absl::CancelledError(
        "lecture du fichier interrompue : l'envoi a été annulé ou son délai est dépassé");
  }
  int64_t used = ThreadCpuNanos() - cpu_start_ns_;
  if (used <= absl::ToInt64Nanoseconds(limits_.max_cpu_time)) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrFormat(
      "la lecture du fichier dépasse la limite de %s de calcul ; fichier trop volumineux ou "
      "piégé : découpez l'export en plusieurs fichiers",
      absl::FormatDuration(limits_.max_cpu_time)));
}

}  // namespace factflow::importer::domain
