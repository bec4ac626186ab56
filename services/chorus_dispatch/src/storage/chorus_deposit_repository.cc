#include "storage/chorus_deposit_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/arrays.h"
#include "db/pool.h"
#include "factflow/events/v1/events.pb.h"
#include "logging/logging.h"
#include "outbox/outbox.h"
#include "status/grpc_status.h"
#include "storage/chorus_export_repository.h"

namespace factflow::dispatch::storage {
namespace {

constexpr char kDepositColumns[] =
    "deposit_id, export_id, lot, file_name, status, coalesce(flux_number, ''), attempts, "
    "coalesce(last_error, ''), extract(epoch FROM next_attempt_at)::bigint, "
    "coalesce(extract(epoch FROM deposited_at)::bigint, 0), syntax_flux";

v1::ChorusDeposit DepositFromRow(const pqxx::row& row) {
  v1::ChorusDeposit d;
  d.set_deposit_id(row[0].as<std::string>());
  d.set_export_id(row[1].as<std::string>());
  d.set_lot(row[2].as<int32_t>());
  d.set_file_name(row[3].as<std::string>());
  d.set_status(row[4].as<std::string>());
  d.set_flux_number(row[5].as<std::string>());
  d.set_attempts(row[6].as<int32_t>());
  d.set_last_error(row[7].as<std::string>());
  d.mutable_next_attempt_at()->set_seconds(row[8].as<int64_t>());
  if (row[9].as<int64_t>() > 0) d.mutable_deposited_at()->set_seconds(row[9].as<int64_t>());
  d.set_syntax_flux(row[10].as<std::string>());
  return d;
}

ClaimedDeposit ClaimedFromRow(const pqxx::row& row) {
  return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<int>(),         row[4].as<std::string>(), row[5].as<std::string>(),
          db::TextOrEmpty(row[6]),  row[7].as<int>()};
}

constexpr char kClaimedColumns[] =
    "deposit_id, tenant_id, export_id, lot, file_name, syntax_flux, flux_number, attempts";

// One exchange per invoice of the deposit's lot.
void RecordLotExchanges(pqxx::work& tx, const ClaimedDeposit& d, const std::string& kind,
                        const std::string& status, const std::string& detail) {
  tx.exec_params(
      "INSERT INTO exchanges (exchange_id, tenant_id, invoice_id, kind, status, detail) "
      "SELECT gen_random_uuid(), $1, invoice_id, $4, $5, $6 FROM chorus_export_items "
      "WHERE export_id = $2::uuid AND lot = $3",
      d.tenant_id, d.export_id, d.lot, kind, status, detail);
}

}  // namespace

absl::StatusOr<v1::ListChorusDepositsResponse> CreateDeposits(pqxx::work& tx,
                                                              const std::string& tenant_id,
                                                              const std::string& operator_id,
                                                              const std::string& export_id) {
  absl::StatusOr<v1::ChorusExport> exported = LoadExport(tx, tenant_id, export_id);
  if (!exported.ok()) return exported.status();
  if (exported->state() != v1::CHORUS_EXPORT_STATE_SUCCEEDED || exported->lots().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("l'export ", export_id,
                     " n'a pas de lot à déposer : attendez qu'il soit terminé "
                     "(factflowctl chorus show ",
                     export_id, ")"));
  }
  std::string flux = exported->syntax() == "CII" ? "IN_DP_E1_CII_16B" : "IN_DP_E2_CII_FACTURX";
  pqxx::result created = tx.exec_params(
      "INSERT INTO chorus_deposits (deposit_id, tenant_id, export_id, lot, file_name, "
      "syntax_flux, created_by) SELECT gen_random_uuid(), $1, export_id, lot, file_name, $3, $4 "
      "FROM chorus_export_lots WHERE export_id = $2::uuid "
      "ON CONFLICT (tenant_id, export_id, lot) DO NOTHING RETURNING deposit_id",
      tenant_id, export_id, flux, operator_id);
  if (created.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("les lots de l'export ", export_id,
                     " sont déjà déposés : un lot n'est jamais déposé "
                     "deux fois (factflowctl chorus status ",
                     export_id, ")"));
  }
  std::vector<std::string> ids;
  for (const auto& row : created) ids.push_back(row[0].as<std::string>());
  // An invoice goes to Chorus Pro once, unless Chorus Pro sent it back or its deposit failed.
  pqxx::result taken = tx.exec_params(
      "INSERT INTO chorus_invoice_statuses (tenant_id, invoice_id, invoice_number, deposit_id, "
      "status) SELECT $1, i.invoice_id, i.invoice_number, d.deposit_id, 'A_DEPOSER' "
      "FROM chorus_deposits d JOIN chorus_export_items i ON i.export_id = d.export_id AND "
      "i.lot = d.lot WHERE d.deposit_id = ANY($2::uuid[]) "
      "ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET previous_deposit_id = "
      "chorus_invoice_statuses.deposit_id, deposit_id = EXCLUDED.deposit_id, status = "
      "'A_DEPOSER', field = NULL, reason = NULL, updated_at = now() "
      "WHERE chorus_invoice_statuses.status IN ('REJETEE', 'A_RECYCLER', 'ECHEC_DEPOT') "
      "RETURNING invoice_id",
      tenant_id, db::ArrayLiteral(ids));
  pqxx::result blocked = tx.exec_params(
      "SELECT i.invoice_number FROM chorus_deposits d JOIN chorus_export_items i ON "
      "i.export_id = d.export_id AND i.lot = d.lot JOIN chorus_invoice_statuses s ON "
      "s.tenant_id = d.tenant_id AND s.invoice_id = i.invoice_id WHERE d.deposit_id = "
      "ANY($1::uuid[]) AND s.deposit_id <> d.deposit_id ORDER BY i.invoice_number LIMIT 5",
      db::ArrayLiteral(ids));
  if (!blocked.empty()) {
    std::vector<std::string> numbers;
    for (const auto& row : blocked) numbers.push_back(row[0].as<std::string>());
    return absl::FailedPreconditionError(absl::StrCat(
        "dépôt refusé : des factures de cet export sont déjà sur Chorus Pro et n'y sont jamais "
        "déposées deux fois (",
        absl::StrJoin(numbers, ", "), "…) ; préparez un export sans elles"));
  }
  (void)taken;
  return ListDeposits(tx, tenant_id, export_id);
}

absl::StatusOr<v1::ListChorusDepositsResponse> ListDeposits(pqxx::work& tx,
                                                            const std::string& tenant_id,
                                                            const std::string& export_id) {
  FACTFLOW_RETURN_IF_ERROR(LoadExport(tx, tenant_id, export_id).status());
  v1::ListChorusDepositsResponse out;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT ", kDepositColumns,
                        " FROM chorus_deposits WHERE tenant_id = $1 AND export_id = $2::uuid "
                        "ORDER BY lot"),
           tenant_id, export_id)) {
    *out.add_deposits() = DepositFromRow(row);
  }
  for (const auto& row : tx.exec_params(
           "SELECT s.status, count(*) FROM chorus_invoice_statuses s JOIN chorus_deposits d ON "
           "d.deposit_id = s.deposit_id WHERE d.tenant_id = $1 AND d.export_id = $2::uuid "
           "GROUP BY s.status ORDER BY s.status",
           tenant_id, export_id)) {
    v1::ChorusStatusCount* count = out.add_invoice_statuses();
    count->set_status(row[0].as<std::string>());
    count->set_count(row[1].as<int64_t>());
  }
  return out;
}

absl::StatusOr<v1::ChorusDeposit> RetryDeposit(pqxx::work& tx, const std::string& tenant_id,
                                               const std::string& deposit_id) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("UPDATE chorus_deposits SET status = 'PENDING', next_attempt_at = now(), "
                   "lease_until = NULL WHERE deposit_id = $1::uuid AND tenant_id = $2 AND "
                   "status IN ('FAILED', 'UNCERTAIN') RETURNING ",
                   kDepositColumns),
      deposit_id, tenant_id);
  if (!rows.empty()) return DepositFromRow(rows[0]);
  pqxx::result current = tx.exec_params(
      "SELECT status FROM chorus_deposits WHERE deposit_id = $1::uuid AND tenant_id = $2",
      deposit_id, tenant_id);
  if (current.empty()) {
    return absl::NotFoundError(absl::StrCat("dépôt Chorus ", deposit_id, " introuvable"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("le dépôt ", deposit_id, " est ", current[0][0].as<std::string>(),
                   " : seul un dépôt FAILED ou UNCERTAIN se relance"));
}

int ExpireLeases(pqxx::work& tx) {
  return static_cast<int>(
      tx.exec("UPDATE chorus_deposits SET status = 'UNCERTAIN', last_error = 'le service s''est "
              "arrêté pendant l''envoi : vérifiez sur Chorus Pro avant de relancer' "
              "WHERE status = 'SENDING' AND lease_until < now()")
          .affected_rows());
}

std::vector<ClaimedDeposit> ClaimDue(pqxx::work& tx, int limit, absl::Duration lease) {
  std::vector<ClaimedDeposit> claimed;
  for (const auto& row : tx.exec_params(
           absl::StrCat("UPDATE chorus_deposits SET status = 'SENDING', attempts = attempts + 1, "
                        "lease_until = now() + make_interval(secs => $2) WHERE deposit_id IN "
                        "(SELECT deposit_id FROM chorus_deposits WHERE status = 'PENDING' AND "
                        "next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE "
                        "SKIP LOCKED) RETURNING ",
                        kClaimedColumns),
           limit, static_cast<double>(absl::ToDoubleSeconds(lease)))) {
    claimed.push_back(ClaimedFromRow(row));
  }
  return claimed;
}

void RecordDeposited(pqxx::work& tx, const ClaimedDeposit& d, const std::string& flux_number) {
  tx.exec_params(
      "UPDATE chorus_deposits SET status = 'DEPOSITED', flux_number = $2, deposited_at = now(), "
      "lease_until = NULL, last_error = NULL, next_attempt_at = now() WHERE deposit_id = $1::uuid",
      d.deposit_id, flux_number);
  tx.exec_params(
      "UPDATE chorus_invoice_statuses SET status = 'DEPOSEE', updated_at = now() "
      "WHERE deposit_id = $1::uuid",
      d.deposit_id);
  RecordLotExchanges(tx, d, "CHORUS_DEPOSIT", "DEPOSITED",
                     absl::StrCat("déposée sur Chorus Pro : flux ", flux_number, " (", d.file_name,
                                  ", ", d.syntax_flux, ")"));
}

void RecordDepositFailure(pqxx::work& tx, const ClaimedDeposit& d, const std::string& error,
                          absl::Duration retry_in, bool final) {
  tx.exec_params(
      "UPDATE chorus_deposits SET status = CASE WHEN $4 THEN 'FAILED' ELSE 'PENDING' END, "
      "last_error = $2, lease_until = NULL, next_attempt_at = now() + make_interval(secs => $3) "
      "WHERE deposit_id = $1::uuid",
      d.deposit_id, error, static_cast<double>(absl::ToDoubleSeconds(retry_in)), final);
  if (final) {
    tx.exec_params(
        "UPDATE chorus_invoice_statuses SET status = 'ECHEC_DEPOT', reason = $2, updated_at = "
        "now() WHERE deposit_id = $1::uuid",
        d.deposit_id, error);
  }
  RecordLotExchanges(tx, d, "CHORUS_DEPOSIT", final ? "FAILED" : "RETRY",
                     absl::StrCat("essai ", d.attempts, " du dépôt de ", d.file_name, " : ", error,
                                  final ? " ; abandon (factflowctl chorus retry)" : ""));
}

std::vector<ClaimedDeposit> DueReports(pqxx::work& tx, int limit) {
  std::vector<ClaimedDeposit> due;
  for (const auto& row : tx.exec_params(
           absl::StrCat("SELECT ", kClaimedColumns,
                        " FROM chorus_deposits WHERE status = 'DEPOSITED' AND next_attempt_at <= "
                        "now() ORDER BY next_attempt_at LIMIT $1"),
           limit)) {
    due.push_back(ClaimedFromRow(row));
  }
  return due;
}

void RecordReportPending(pqxx::work& tx, const std::string& deposit_id, absl::Duration poll_in) {
  tx.exec_params(
      "UPDATE chorus_deposits SET next_attempt_at = now() + make_interval(secs => $2) "
      "WHERE deposit_id = $1::uuid",
      deposit_id, static_cast<double>(absl::ToDoubleSeconds(poll_in)));
}

void RecordReport(pqxx::work& tx, const ClaimedDeposit& d, bool integrated,
                  const std::vector<InvoiceRejection>& rejections) {
  std::string summary;
  for (const InvoiceRejection& r : rejections) {
    if (!summary.empty()) summary += " ; ";
    absl::StrAppend(&summary, r.invoice_number.empty() ? "flux" : r.invoice_number, " (", r.field,
                    ") : ", r.reason);
  }
  tx.exec_params(
      "UPDATE chorus_deposits SET status = $2, settled_at = now(), last_error = NULLIF($3, '') "
      "WHERE deposit_id = $1::uuid",
      d.deposit_id, std::string(integrated ? "INTEGRATED" : "REJECTED"), summary);
  if (integrated) {
    RecordLotExchanges(tx, d, "CHORUS_DEPOSIT", "INTEGRATED",
                       absl::StrCat("flux ", d.flux_number, " intégré par Chorus Pro"));
    return;
  }
  // A rejected flux: every invoice is sent back; those Chorus Pro names carry their field.
  std::string flux_reason = absl::StrCat("flux ", d.flux_number,
                                         " rejeté pour une autre facture du lot : "
                                         "déposez-la à nouveau");
  std::vector<std::string> numbers, fields, reasons;
  for (const InvoiceRejection& r : rejections) {
    if (r.invoice_number.empty()) {
      flux_reason = absl::StrCat(r.field.empty() ? "" : r.field + " : ", r.reason);
      continue;
    }
    numbers.push_back(r.invoice_number);
    fields.push_back(r.field);
    reasons.push_back(r.reason);
  }
  tx.exec_params(
      "UPDATE chorus_invoice_statuses SET status = 'REJETEE', field = NULL, reason = $2, "
      "updated_at = now() WHERE deposit_id = $1::uuid",
      d.deposit_id, flux_reason);
  tx.exec_params(
      "UPDATE chorus_invoice_statuses s SET field = NULLIF(r.field, ''), reason = r.reason "
      "FROM unnest($2::text[], $3::text[], $4::text[]) AS r(number, field, reason) "
      "WHERE s.deposit_id = $1::uuid AND s.invoice_number = r.number",
      d.deposit_id, db::ArrayLiteral(numbers), db::ArrayLiteral(fields), db::ArrayLiteral(reasons));
  tx.exec_params(
      "INSERT INTO exchanges (exchange_id, tenant_id, invoice_id, kind, status, detail) "
      "SELECT gen_random_uuid(), s.tenant_id, s.invoice_id, 'CHORUS_STATUS', 'REJETEE', "
      "'flux ' || $2 || ' rejeté par Chorus Pro' || coalesce(' ; champ ' || s.field, '') || "
      "' : ' || s.reason FROM chorus_invoice_statuses s WHERE s.deposit_id = $1::uuid",
      d.deposit_id, d.flux_number);
}

std::vector<std::pair<std::string, std::string>> InvoicesToFollow(pqxx::work& tx, int limit) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& row : tx.exec_params(
           "SELECT s.tenant_id, s.invoice_number FROM chorus_invoice_statuses s JOIN "
           "chorus_deposits d ON d.deposit_id = s.deposit_id WHERE d.status = 'INTEGRATED' AND "
           "s.status NOT IN ('MISE_EN_PAIEMENT', 'COMPLETEE', 'REJETEE', 'A_RECYCLER') "
           "ORDER BY s.updated_at LIMIT $1",
           limit)) {
    out.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return out;
}

bool RecordInvoiceStatus(pqxx::work& tx, const std::string& tenant_id,
                         const std::string& invoice_number, const std::string& status,
                         const std::string& reason) {
  pqxx::result changed = tx.exec_params(
      "UPDATE chorus_invoice_statuses SET status = $3, reason = NULLIF($4, ''), updated_at = "
      "now() WHERE tenant_id = $1 AND invoice_number = $2 AND status <> $3 RETURNING invoice_id",
      tenant_id, invoice_number, status, reason);
  if (changed.empty()) {
    // Touched, so the least recently followed invoices are asked next.
    tx.exec_params(
        "UPDATE chorus_invoice_statuses SET updated_at = now() WHERE tenant_id = $1 "
        "AND invoice_number = $2",
        tenant_id, invoice_number);
    return false;
  }
  tx.exec_params(
      "INSERT INTO exchanges (exchange_id, tenant_id, invoice_id, kind, status, detail) "
      "VALUES (gen_random_uuid(), $1, $2::uuid, 'CHORUS_STATUS', $3, $4)",
      tenant_id, changed[0][0].as<std::string>(), status,
      absl::StrCat("statut Chorus Pro : ", status, reason.empty() ? "" : " ; motif : ", reason));
  return true;
}

void PublishStatuses(pqxx::work& tx, const std::string& tenant_id, const std::string& deposit_id,
                     const std::vector<std::string>& invoice_numbers) {
  constexpr int kPerEvent = 500;
  events::v1::ChorusStatusChanged event;
  auto flush = [&] {
    if (event.invoices().empty()) return;
    outbox::Append(
        tx, "factflow.dispatch.v1",
        outbox::MakeEnvelope(event, {tenant_id, "invoice-selection", event.invoices(0).invoice_id(),
                                     "chorus-dispatch", ""}));
    event.clear_invoices();
  };
  for (const auto& row : tx.exec_params(
           "SELECT s.invoice_id, s.invoice_number, s.status, coalesce(s.field, ''), "
           "coalesce(s.reason, ''), coalesce(d.flux_number, '') FROM chorus_invoice_statuses s "
           "JOIN chorus_deposits d ON d.deposit_id = s.deposit_id WHERE s.tenant_id = $1 AND "
           "(s.deposit_id = NULLIF($2, '')::uuid OR s.invoice_number = ANY($3::text[])) "
           "ORDER BY s.invoice_number",
           tenant_id, deposit_id, db::ArrayLiteral(invoice_numbers))) {
    events::v1::ChorusInvoiceStatus* status = event.add_invoices();
    status->set_invoice_id(row[0].as<std::string>());
    status->set_invoice_number(row[1].as<std::string>());
    status->set_status(row[2].as<std::string>());
    status->set_field(row[3].as<std::string>());
    status->set_reason(row[4].as<std::string>());
    status->set_flux_number(row[5].as<std::string>());
    if (event.invoices_size() == kPerEvent) flush();
  }
  flush();
}

}  // namespace factflow::dispatch::storage
