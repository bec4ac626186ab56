#pragma once

// Deposits the Chorus export lots on Chorus Pro and follows them (domain.md §6), in passes:
//   1. deposits left SENDING by a stopped process become UNCERTAIN (never re-sent on their own);
//   2. due PENDING deposits are claimed (committed before the call), their ZIP read from the
//      export folder and sent (deposer/flux): DEPOSITED, or PENDING again after a back-off
//      (first_retry x 2^(attempt-1), at most an hour) while Chorus Pro is unavailable, FAILED
//      after max_attempts or when Chorus Pro refuses the request;
//   3. DEPOSITED deposits get their report (consulterCR): INTEGRATED, or REJECTED with each
//      invoice's field and reason, or asked again after `poll`;
//   4. the invoices of integrated deposits get their status (rechercher/fournisseur) until it is
//      final (MISE_EN_PAIEMENT, REJETEE, A_RECYCLER...).
// Every step is an exchange per invoice (CHORUS_DEPOSIT, CHORUS_STATUS).
//
// Thread safety: RunOnce may be called from one thread at a time; Start runs it on a thread of
// its own until Stop or destruction.

#include <filesystem>
#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chorus/piste_client.h"
#include "db/pool.h"

namespace factflow::dispatch::chorus {

class ChorusDepositor {
 public:
  struct Options {
    std::filesystem::path export_dir;  // where ChorusExporter wrote the lots
    absl::Duration first_retry = absl::Seconds(30);
    int max_attempts = 8;
    absl::Duration poll = absl::Seconds(60);
    absl::Duration lease = absl::Minutes(10);
  };
  struct Pass {
    int deposited = 0;
    int retried = 0;
    int failed = 0;
    int reports = 0;
    int statuses = 0;
  };

  ChorusDepositor(db::Pool& pool, std::unique_ptr<PisteClient> piste, Options options)
      : pool_(pool), piste_(std::move(piste)), options_(std::move(options)) {}

  // One pass of the four steps. Errors: the database failed (Chorus Pro failures are recorded).
  absl::StatusOr<Pass> RunOnce();
  void Start(absl::Duration interval);
  void Stop() { thread_ = std::jthread(); }

 private:
  absl::Status Deposit(Pass& pass);
  absl::Status Reports(Pass& pass);
  absl::Status Statuses(Pass& pass);

  db::Pool& pool_;
  std::unique_ptr<PisteClient> piste_;
  Options options_;
  std::jthread thread_;  // last: stopped and joined first
};

}  // namespace factflow::dispatch::chorus
