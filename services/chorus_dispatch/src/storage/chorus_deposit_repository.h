#pragma once

// Chorus Pro deposits (migration 0251) in chorus-dispatch's database: creating one deposit per
// lot of a finished export, claiming them for the depositor, recording each outcome (with one
// exchange per invoice: CHORUS_DEPOSIT, CHORUS_STATUS), and each invoice's status on Chorus Pro.
// Scoped by tenant where the caller is an operator; the depositor works across tenants.
// Errors: NotFound (unknown export or deposit of the tenant), FailedPrecondition (French) when
// the state does not allow it (export not finished, invoice already on Chorus Pro...).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "factflow/dispatch/v1/dispatch.pb.h"

namespace factflow::dispatch::storage {

absl::StatusOr<v1::ListChorusDepositsResponse> CreateDeposits(pqxx::work& tx,
                                                              const std::string& tenant_id,
                                                              const std::string& operator_id,
                                                              const std::string& export_id);
absl::StatusOr<v1::ListChorusDepositsResponse> ListDeposits(pqxx::work& tx,
                                                            const std::string& tenant_id,
                                                            const std::string& export_id);
absl::StatusOr<v1::ChorusDeposit> RetryDeposit(pqxx::work& tx, const std::string& tenant_id,
                                               const std::string& deposit_id);

// For the depositor.
struct ClaimedDeposit {
  std::string deposit_id;
  std::string tenant_id;
  std::string export_id;
  int lot = 0;
  std::string file_name;
  std::string syntax_flux;
  std::string flux_number;
  int attempts = 0;
};
// SENDING rows whose lease ran out become UNCERTAIN; returns how many.
int ExpireLeases(pqxx::work& tx);
// Claims up to `limit` due PENDING deposits (SENDING, attempts + 1, lease until now + lease).
std::vector<ClaimedDeposit> ClaimDue(pqxx::work& tx, int limit, absl::Duration lease);
void RecordDeposited(pqxx::work& tx, const ClaimedDeposit& d, const std::string& flux_number);
// A failure: PENDING again at now + retry_in, or FAILED when `final`.
void RecordDepositFailure(pqxx::work& tx, const ClaimedDeposit& d, const std::string& error,
                          absl::Duration retry_in, bool final);
// DEPOSITED deposits whose report is due.
std::vector<ClaimedDeposit> DueReports(pqxx::work& tx, int limit);
void RecordReportPending(pqxx::work& tx, const std::string& deposit_id, absl::Duration poll_in);
struct InvoiceRejection {
  std::string invoice_number;
  std::string field;
  std::string reason;
};
// INTEGRATED (rejections empty) or REJECTED; every invoice's status follows (DEPOSEE, or
// REJETEE with its field and reason when named, else REJETEE with the flux's reason).
void RecordReport(pqxx::work& tx, const ClaimedDeposit& d, bool integrated,
                  const std::vector<InvoiceRejection>& rejections);
// Invoices of integrated deposits whose Chorus Pro status may still change, at most `limit`:
// (tenant, number).
std::vector<std::pair<std::string, std::string>> InvoicesToFollow(pqxx::work& tx, int limit);
// Updates the invoice's status when it changed (one CHORUS_STATUS exchange); true if it did.
bool RecordInvoiceStatus(pqxx::work& tx, const std::string& tenant_id,
                         const std::string& invoice_number, const std::string& status,
                         const std::string& reason);

// Publishes, through the outbox of `tx`, ChorusStatusChanged events (at most 500 invoices each)
// with the current Chorus Pro status of every invoice of `deposit_id` (when not empty) and of
// `invoice_numbers`, for invoicing-state's audit trail.
void PublishStatuses(pqxx::work& tx, const std::string& tenant_id, const std::string& deposit_id,
                     const std::vector<std::string>& invoice_numbers = {});

}  // namespace factflow::dispatch::storage
