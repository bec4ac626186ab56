#pragma once

// The Chorus Pro queue and exports in chorus-dispatch's database (migration 0250): queueing a
// sent invoice with what the export selects and judges on, preparing an export (one set-based
// INSERT ... SELECT of its candidates), include/exclude, keyset pages of the candidates, and the
// run's bookkeeping (lots, exported items, progress). Every function takes the caller's
// transaction and is scoped by tenant. Errors: NotFound for an unknown export of the tenant,
// FailedPrecondition (French) for a state that does not allow the change.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/dispatch/v1/dispatch.pb.h"

namespace factflow::dispatch::storage {

struct QueuedInvoice {
  std::string invoice_id;
  std::string invoice_number;
  std::string issue_date;  // YYYY-MM-DD
  std::string type_code;   // "380", "381"
  std::string customer_code;
  bool export_to_chorus = false;
  std::string total_with_vat;  // decimal text
  std::vector<std::string> anomalies;
};

// Queues the invoice for Chorus Pro once (a replay keeps the first row).
void QueueForChorus(pqxx::work& tx, const std::string& tenant_id, const QueuedInvoice& invoice);

// Creates an export in state PREPARED and its candidates: the queued invoices and credit notes of
// customers with the Chorus option (of `customer_codes` when not empty), issued in the period,
// without those already exported unless include_already_exported. A candidate without anomaly
// is included. Returns the export id.
std::string PrepareExport(pqxx::work& tx, const std::string& tenant_id,
                          const std::string& operator_id, const v1::PrepareChorusExportRequest& r);

absl::StatusOr<v1::ChorusExport> LoadExport(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& export_id);

// Keyset page of the candidates after invoice number `after` (""), at most `limit`.
std::vector<v1::ChorusCandidate> ListItems(pqxx::work& tx, const std::string& export_id,
                                           const std::string& after, int limit, bool only_struck,
                                           bool only_left_out);

// Includes/excludes candidates of a PREPARED export; a struck candidate is never included.
absl::StatusOr<v1::SetChorusExportInclusionResponse> SetInclusion(
    pqxx::work& tx, const std::string& tenant_id, const v1::SetChorusExportInclusionRequest& r);

// PREPARED -> RUNNING with the syntax; writes the left-out reasons of the excluded and struck
// candidates and the total to export. FailedPrecondition when not PREPARED.
absl::Status StartExport(pqxx::work& tx, const std::string& tenant_id, const std::string& export_id,
                         std::string_view syntax);

// The next included candidates not yet in a lot nor left out, after `after`, with the content
// of their archived file of `kind` (empty content when not archived).
struct ExportFile {
  std::string invoice_id;
  std::string invoice_number;
  std::string content;
  bool archived = false;
};
std::vector<ExportFile> NextFiles(pqxx::work& tx, const std::string& export_id,
                                  const std::string& kind, const std::string& after, int limit);

struct LotFile {
  std::string invoice_id;
  std::string invoice_number;
  std::string file_name;
  std::string sha256;
  int64_t size = 0;
};
// Records a written lot and its files (items, chorus_exported, one CHORUS_EXPORT exchange per
// invoice) and advances the progress by its files.
void RecordLot(pqxx::work& tx, const std::string& tenant_id, const std::string& export_id,
               const v1::ChorusExportLot& lot, const std::vector<LotFile>& files);
void LeaveOut(pqxx::work& tx, const std::string& export_id, const std::string& invoice_number,
              const std::string& reason);
int NextLotNumber(pqxx::work& tx, const std::string& export_id);
void SetStep(pqxx::work& tx, const std::string& export_id, const std::string& step);
void FinishExport(pqxx::work& tx, const std::string& export_id, const std::string& error);

// Exports left RUNNING (the service stopped during the run), to resume: (tenant, export id).
std::vector<std::pair<std::string, std::string>> RunningExports(pqxx::work& tx);

}  // namespace factflow::dispatch::storage
