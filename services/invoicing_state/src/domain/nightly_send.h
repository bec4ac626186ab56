#pragma once

// The month-end nightly send (domain.md §4, seed 002 "NB_JOURS_AVANT_ENVOI_FACTURES"): when the
// tenant enabled it, the job that runs every evening (a Kubernetes CronJob, Europe/Paris) sends,
// on the LAST day of the month only, every invoice in PRET created at least N days before that
// day (N = days_before_nightly_send). Disabled by default. An invoice in PRET created less than
// N days ago is held on purpose, and the dry run says why.
//
// Thread safety: pure functions on values.

#include <optional>
#include <string>

#include "absl/time/civil_time.h"

namespace factflow::invoicing::domain {

struct NightlyRule {
  bool enabled = false;
  int days_before = 0;  // N, >= 0
};

struct NightlyDecision {
  // True when tonight's job sends something (the rule is enabled and `night` is the last day of
  // its month); otherwise `why_not` says why, in French.
  bool runs = false;
  std::string why_not;
  // Invoices created on or before this day (Europe/Paris) are due; later ones are held.
  absl::CivilDay created_on_or_before;
};

NightlyDecision DecideNight(const NightlyRule& rule, absl::CivilDay night);

// Why a PRET invoice created on `created` is held tonight, in French ("créée le 28/11/2026,
// moins de 5 jours avant l'envoi du 30/11/2026"); nullopt when it is due.
std::optional<std::string> HoldReason(const NightlyRule& rule, absl::CivilDay night,
                                      absl::CivilDay created);

}  // namespace factflow::invoicing::domain
