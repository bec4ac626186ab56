#include "storage/batch_cancel_repository.h"

#include "absl/strings/str_cat.h"
#include "db/pool.h"
#include "domain/send_state.h"

namespace factflow::invoicing::storage {
namespace {

using domain::Blocker;
using domain::CancelBlock;

// Adds the listed rows of one rule; `total` is the count over every matching row (a window
// count computed before the LIMIT).
void AddCount(domain::CancelRefusal& refusal, const pqxx::result& rows, int total_column) {
  if (!rows.empty()) refusal.blocker_count += rows[0][total_column].as<int64_t>();
}

// Invoices of the series numbered after the start of the batch's block that are not the
// batch's: a later batch, a manual invoice, or anything inside the block.
void LaterNumbers(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                  domain::CancelRefusal& refusal) {
  pqxx::result rows = tx.exec_params(
      "WITH block AS (SELECT series_code, min(sequence_value) AS lo FROM invoices "
      "  WHERE tenant_id = $1 AND batch_id = $2 GROUP BY series_code) "
      "SELECT i.number, i.batch_number, count(*) OVER () FROM invoices i "
      "JOIN block b ON b.series_code = i.series_code "
      "WHERE i.tenant_id = $1 AND i.sequence_value > b.lo AND i.batch_id IS DISTINCT FROM $2 "
      "ORDER BY i.series_code, i.sequence_value LIMIT $3",
      tenant_id, batch_id, domain::kMaxListed);
  for (const auto& row : rows) {
    refusal.blockers.push_back(
        {CancelBlock::kLaterNumber, row[0].as<std::string>(),
         row[1].is_null() ? "facture créée manuellement"
                          : absl::StrCat("lot n° ", row[1].as<int64_t>(),
                                         " : annulez-le d'abord, les lots se suppriment du plus "
                                         "récent au plus ancien")});
  }
  AddCount(refusal, rows, 2);
}

// Credit notes (a series of kind CREDIT_NOTE, or type 381) made after the batch was generated.
void LaterCreditNotes(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                      domain::CancelRefusal& refusal) {
  pqxx::result rows = tx.exec_params(
      "SELECT i.number, to_char(i.created_at AT TIME ZONE 'Europe/Paris', "
      "'DD/MM/YYYY HH24:MI'), count(*) OVER () FROM invoices i "
      "LEFT JOIN numbering_series ns ON ns.tenant_id = i.tenant_id AND ns.code = i.series_code "
      "WHERE i.tenant_id = $1 AND (ns.document_kind = 'CREDIT_NOTE' OR i.type_code = '381') "
      "AND i.batch_id IS DISTINCT FROM $2 AND i.created_at > "
      "  (SELECT min(created_at) FROM invoices WHERE tenant_id = $1 AND batch_id = $2) "
      "ORDER BY i.created_at, i.number LIMIT $3",
      tenant_id, batch_id, domain::kMaxListed);
  for (const auto& row : rows) {
    refusal.blockers.push_back({CancelBlock::kLaterCreditNote, row[0].as<std::string>(),
                                absl::StrCat("créé le ", row[1].as<std::string>())});
  }
  AddCount(refusal, rows, 2);
}

// The batch's invoices that left EN_ATTENTE/PRET, were printed or archived.
void InvoicesGone(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                  domain::CancelRefusal& refusal) {
  pqxx::result rows = tx.exec_params(
      "SELECT number, send_state, printed_at IS NOT NULL, archived_at IS NOT NULL, "
      "to_char(printed_at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY HH24:MI'), printed_by, "
      "count(*) OVER () FROM invoices "
      "WHERE tenant_id = $1 AND batch_id = $2 AND (send_state NOT IN ('EN_ATTENTE', 'PRET') "
      "  OR printed_at IS NOT NULL OR archived_at IS NOT NULL) "
      "ORDER BY series_code, sequence_value LIMIT $3",
      tenant_id, batch_id, domain::kMaxListed);
  for (const auto& row : rows) {
    const std::string state = row[1].as<std::string>();
    Blocker blocker{CancelBlock::kArchived, row[0].as<std::string>(), ""};
    if (state != "EN_ATTENTE" && state != "PRET") {
      auto parsed = domain::ParseSendState(state);
      blocker.rule = CancelBlock::kLeftPending;
      blocker.detail = parsed.ok() ? std::string(domain::Label(*parsed)) : state;
    } else if (row[2].as<bool>()) {
      blocker.rule = CancelBlock::kPrinted;
      blocker.detail = absl::StrCat("le ", db::TextOrEmpty(row[4]), " par ",
                                    db::TextOrEmpty(row[5]));
    }
    refusal.blockers.push_back(std::move(blocker));
  }
  AddCount(refusal, rows, 6);
}

// The credit notes to make instead: one per invoice of the batch, with its total.
void Proposals(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
               domain::CancelRefusal& refusal) {
  pqxx::result rows = tx.exec_params(
      "SELECT number, total_with_vat::text, count(*) OVER (), (sum(total_with_vat) OVER ())::text "
      "FROM invoices WHERE tenant_id = $1 AND batch_id = $2 "
      "ORDER BY series_code, sequence_value LIMIT $3",
      tenant_id, batch_id, domain::kMaxListed);
  auto decimal = [](const pqxx::field& field) {
    return money::Decimal::Parse(field.as<std::string>()).value_or(money::Decimal());
  };
  for (const auto& row : rows) {
    refusal.proposals.push_back({row[0].as<std::string>(), decimal(row[1])});
  }
  if (!rows.empty()) {
    refusal.invoice_count = rows[0][2].as<int64_t>();
    refusal.invoices_total = decimal(rows[0][3]);
  }
}

}  // namespace

void LockTenantSeries(pqxx::work& tx, const std::string& tenant_id) {
  tx.exec_params("SELECT code FROM numbering_series WHERE tenant_id = $1 ORDER BY code FOR UPDATE",
                 tenant_id);
}

int64_t SeriesFirstValue(pqxx::work& tx, const std::string& tenant_id, const std::string& code) {
  pqxx::result rows = tx.exec_params(
      "SELECT first_value FROM numbering_series WHERE tenant_id = $1 AND code = $2", tenant_id,
      code);
  return rows.empty() ? 1 : rows[0][0].as<int64_t>();
}

std::optional<domain::CancelRefusal> CheckBatchCancel(pqxx::work& tx, const std::string& tenant_id,
                                                      const std::string& batch_id,
                                                      int64_t batch_number) {
  domain::CancelRefusal refusal;
  refusal.batch_number = batch_number;
  LaterNumbers(tx, tenant_id, batch_id, refusal);
  LaterCreditNotes(tx, tenant_id, batch_id, refusal);
  InvoicesGone(tx, tenant_id, batch_id, refusal);
  if (refusal.blocker_count == 0) return std::nullopt;
  Proposals(tx, tenant_id, batch_id, refusal);
  return refusal;
}

std::vector<RewoundBlock> CancelBatchInvoices(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& batch_id,
                                              const std::string& operator_id,
                                              const std::string& correlation_id) {
  std::vector<RewoundBlock> blocks;
  for (const auto& row :
       tx.exec_params("SELECT out_series, out_first, out_last, out_count "
                      "FROM cancel_batch_invoices($1, $2::uuid, $3, $4)",
                      tenant_id, batch_id, operator_id, correlation_id)) {
    blocks.push_back({row[0].as<std::string>(), row[1].as<int64_t>(), row[2].as<int64_t>(),
                      row[3].as<int64_t>()});
  }
  return blocks;
}

}  // namespace factflow::invoicing::storage
