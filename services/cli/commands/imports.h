#pragma once

// Import operations (importer service) shared by the import commands and `factflowctl job`.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client.h"
#include "factflow/importer/v1/importer.pb.h"

namespace factflow::cli {

// Upload options: a preference left empty is not sent, so the tenant's saved preferences (or
// the service's defaults) apply; a given one overrides them for this upload only, unless
// save_preferences.
struct UploadOptions {
  std::string file;
  std::string format = "fnac-orders-xlsx";
  std::string series;
  bool allow_duplicate = false;
  std::string invoice_template;
  std::string vat_rate;
  std::string payment_mode;
  std::string send_state;
  std::string shipping;  // "oui" / "non" / "" (not sent)
  bool save_preferences = false;
};

// The preferences part of an upload (or of `preferences set`): only what was given.
// InvalidArgument (French, naming the flag) on a VAT rate that is not a number or a shipping
// value other than oui/non.
absl::StatusOr<importer::v1::ImportPreferences> PreferencesFromOptions(
    const UploadOptions& options);

// Adds --template, --vat-rate, --payment-mode, --send-state and --shipping to `command`, bound
// to `options` (commands/preferences.cc).
void AddPreferenceOptions(CLI::App* command, UploadOptions& options);

// Reads the file and uploads it (file name = its basename). NotFound when it cannot be read.
absl::StatusOr<importer::v1::Batch> UploadFile(Client& client, const UploadOptions& options);

// A batch by id, or by number when `ref` is all digits.
absl::StatusOr<importer::v1::Batch> ResolveBatch(Client& client, const std::string& ref);

// Every issue of a batch: the file's own, then each invalid document's and row's, in grid order,
// without duplicates.
absl::StatusOr<std::vector<importer::v1::Issue>> CollectIssues(Client& client,
                                                               const importer::v1::Batch& batch);

// The upload report: batch number, rows read, orders (valid / invalid), the first 20 issues and
// the total including VAT.
std::string DescribeUpload(const importer::v1::Batch& batch,
                           const std::vector<importer::v1::Issue>& issues);

// Checks (or unchecks) documents of a batch: `document_ids`, or every document when empty.
absl::StatusOr<importer::v1::SetDocumentsCheckedResponse> SetChecked(
    Client& client, const std::string& batch_id, const std::vector<std::string>& document_ids,
    bool checked);

// Asks for the generation of the batch's checked, valid documents.
absl::StatusOr<importer::v1::GenerateInvoicesResponse> RequestGeneration(
    Client& client, const std::string& batch_id, bool dry_run);

// Polls the batch every 200 ms until its invoices are issued (GENERATED), showing the progress
// of the generation's operation (invoicing-state). FailedPrecondition with the service's reason
// when it is REJECTED or CANCELLED; DeadlineExceeded only after the client's stall timeout
// without progress.
absl::StatusOr<importer::v1::Batch> WaitForGeneration(
    Client& client, const std::string& batch_id,
    const importer::v1::GenerateInvoicesResponse& requested);

// "38 factures générées (FA2026-000001 → FA2026-000038)".
std::string DescribeGenerated(const importer::v1::Batch& batch);

}  // namespace factflow::cli
