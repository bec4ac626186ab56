#pragma once

// The selection criteria of the invoice processing screen (seed 002, domain.md §4) as
// factflowctl options, shared by `invoices list`, `invoices print` and `invoices preview`:
// every criterion the service knows is reachable, combinable.
//
//   --batch N|ID            one batch            --batch-from N / --batch-to N   batch numbers
//   --from / --to DATE      issue dates          --printed-from / --printed-to DATE  print dates
//   --created-by OP         creating operator    --printed-by OP                printing operator
//   --state S (repeatable)  send states          --invoice N|ID (repeatable)    named invoices
//   --without-print-date    only never printed   --without-dematerialisation    only not dematerialised
//
// Dates are AAAA-MM-JJ or JJ/MM/AAAA. A malformed value is a usage error (exit 2) naming the
// option; the service checks the rest (a real date, lengths) and answers in French.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "client.h"
#include "factflow/invoicing/v1/invoicing.pb.h"

namespace factflow::cli {

struct CriteriaOptions {
  std::string batch;
  int64_t batch_from = 0;
  int64_t batch_to = 0;
  std::string date_from;
  std::string date_to;
  std::string printed_from;
  std::string printed_to;
  std::string created_by;
  std::string printed_by;
  std::vector<std::string> states;
  std::vector<std::string> invoices;
  bool without_print_date = false;
  bool without_dematerialisation = false;
};

// Adds the options above to `command`, bound to `*options`.
void AddCriteriaOptions(CLI::App* command, CriteriaOptions* options);

// The criteria for the service (batch and invoices resolved by number through the services).
// States stay empty when none is given (the caller decides: every state for a list, the
// action's defaults for an action).
absl::StatusOr<invoicing::v1::SelectionCriteria> BuildCriteria(Client& client,
                                                               const CriteriaOptions& options);

// "JJ/MM/AAAA" or "AAAA-MM-JJ" -> "AAAA-MM-JJ"; "" stays "". InvalidArgument (French) otherwise.
absl::StatusOr<std::string> NormaliseDate(const std::string& text);

}  // namespace factflow::cli
