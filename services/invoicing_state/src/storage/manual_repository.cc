#include "storage/manual_repository.h"

#include <map>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "db/pool.h"
#include "domain/send_state.h"
#include "issuing/proto_mapping.h"
#include "storage/invoice_repository.h"

namespace factflow::invoicing::storage {
namespace {

money::Decimal DecimalField(const pqxx::field& field) {
  if (field.is_null()) return money::Decimal();
  return money::Decimal::Parse(field.as<std::string>()).value_or(money::Decimal());
}

std::optional<std::string> OptionalText(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

}  // namespace

absl::StatusOr<std::string> SeriesKind(pqxx::work& tx, const std::string& tenant_id,
                                       const std::string& code) {
  pqxx::result rows = tx.exec_params(
      "SELECT document_kind FROM numbering_series WHERE tenant_id = $1 AND code = $2", tenant_id,
      code);
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("série de numérotation « ", code, " » inconnue pour ce dossier"));
  }
  return rows[0][0].as<std::string>();
}

absl::StatusOr<std::string> FirstSeriesOfKind(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& kind) {
  pqxx::result rows = tx.exec_params(
      "SELECT code FROM numbering_series WHERE tenant_id = $1 AND document_kind = $2 "
      "ORDER BY code LIMIT 1",
      tenant_id, kind);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "ce dossier n'a pas de série de numérotation ",
        kind == "CREDIT_NOTE" ? "d'avoirs (CREDIT_NOTE)" : "de factures (INVOICE)",
        " : ajoutez-en une avec factflowctl tenant"));
  }
  return rows[0][0].as<std::string>();
}

void InsertNumberedDocument(pqxx::work& tx, const std::string& tenant_id,
                            const v1::Invoice& invoice, const std::string& audit_action,
                            const std::string& audit_detail) {
  auto state = FromProto(invoice.send_state());
  const std::string state_code(domain::ToCode(state.ok() ? *state : domain::SendState::kEnAttente));
  tx.exec_params(
      "INSERT INTO invoices (invoice_id, tenant_id, series_code, sequence_value, number, "
      "type_code, issue_date, send_state, source_external_id, buyer_name, total_with_vat, "
      "document, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, NULLIF($9, ''), $10, "
      "$11::numeric, decode($12, 'hex'), $13)",
      invoice.invoice_id(), tenant_id, invoice.series_code(), invoice.sequence_value(),
      invoice.number(), invoice.type_code(), invoice.issue_date(), state_code,
      invoice.source_external_id(), invoice.buyer().name(), invoice.total_with_vat().value(),
      absl::BytesToHexString(invoice.SerializeAsString()), invoice.created_by());
  AppendAudit(tx, tenant_id,
              {invoice.invoice_id(), invoice.created_by(), audit_action, "", state_code,
               audit_detail});
}

CreditedSoFar LockAndReadCredited(pqxx::work& tx, const std::string& tenant_id,
                                  const v1::Invoice& invoice) {
  tx.exec_params("SELECT 1 FROM invoices WHERE tenant_id = $1 AND invoice_id = $2 FOR UPDATE",
                 tenant_id, invoice.invoice_id());
  CreditedSoFar so_far;
  std::map<int, money::Decimal> credited;
  for (const auto& row : tx.exec_params(
           "SELECT line_number, sum(quantity)::text FROM credited_lines "
           "WHERE tenant_id = $1 AND invoice_id = $2 GROUP BY line_number",
           tenant_id, invoice.invoice_id())) {
    credited[row[0].as<int>()] = DecimalField(row[1]);
  }
  for (const auto& line : invoice.lines()) {
    so_far.lines.push_back({line.line_number(),
                            money::Decimal::Parse(line.quantity().value()).value_or(money::Decimal()),
                            credited[line.line_number()]});
  }
  so_far.total = DecimalField(tx.exec_params("SELECT coalesce(sum(total_with_vat), 0)::text "
                                             "FROM credit_note_links WHERE tenant_id = $1 AND "
                                             "invoice_id = $2",
                                             tenant_id, invoice.invoice_id())[0][0]);
  return so_far;
}

void InsertCreditLinks(pqxx::work& tx, const std::string& tenant_id,
                       const v1::Invoice& credit_note, const std::string& invoice_id,
                       const std::string& reason,
                       const std::vector<domain::CreditedQuantity>& plan) {
  tx.exec_params(
      "INSERT INTO credit_note_links (credit_note_id, tenant_id, invoice_id, total_with_vat, "
      "reason) VALUES ($1, $2, $3, $4::numeric, $5)",
      credit_note.invoice_id(), tenant_id, invoice_id, credit_note.total_with_vat().value(),
      reason);
  std::vector<std::string> lines;
  std::vector<std::string> quantities;
  for (const auto& credited : plan) {
    lines.push_back(absl::StrCat(credited.line_number));
    quantities.push_back(credited.quantity.ToString(4));
  }
  tx.exec_params(
      "INSERT INTO credited_lines (credit_note_id, tenant_id, invoice_id, line_number, quantity) "
      "SELECT $1, $2, $3, l, q FROM unnest($4::integer[], $5::numeric[]) AS u(l, q)",
      credit_note.invoice_id(), tenant_id, invoice_id, ArrayLiteral(lines),
      ArrayLiteral(quantities));
}

ChainHead LoadChainHead(pqxx::work& tx, const std::string& tenant_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT last_seq, last_hash FROM audit_chain_heads WHERE tenant_id = $1", tenant_id);
  if (rows.empty()) return {};
  return {rows[0][0].as<int64_t>(), rows[0][1].as<std::string>()};
}

std::vector<domain::ChainEntry> LoadChainPage(pqxx::work& tx, const std::string& tenant_id,
                                              int64_t after_sequence, int64_t after_id,
                                              int64_t up_to, int limit) {
  std::vector<domain::ChainEntry> entries;
  for (const auto& row : tx.exec_params(
           "SELECT a.id, a.tenant_id, a.chain_seq, a.invoice_id::text, "
           "(extract(epoch FROM a.at) * 1000000)::bigint, a.operator_id, a.action, a.from_state, "
           "a.to_state, a.detail, a.correlation_id, a.prev_hash, a.entry_hash, i.number "
           "FROM audit_trail a LEFT JOIN invoices i "
           "ON i.tenant_id = a.tenant_id AND i.invoice_id = a.invoice_id "
           "WHERE a.tenant_id = $1 AND (a.chain_seq, a.id) > ($2, $5) AND a.chain_seq <= $3 "
           "ORDER BY a.chain_seq, a.id LIMIT $4",
           tenant_id, after_sequence, up_to, limit, after_id)) {
    domain::ChainEntry e;
    e.id = row[0].as<int64_t>();
    e.tenant_id = row[1].as<std::string>();
    e.sequence = row[2].as<int64_t>();
    e.invoice_id = row[3].as<std::string>();
    e.at_micros = row[4].as<int64_t>();
    e.operator_id = row[5].as<std::string>();
    e.action = row[6].as<std::string>();
    e.from_state = OptionalText(row[7]);
    e.to_state = OptionalText(row[8]);
    e.detail = OptionalText(row[9]);
    e.correlation_id = OptionalText(row[10]);
    e.prev_hash = row[11].as<std::string>();
    e.entry_hash = row[12].as<std::string>();
    e.invoice_number = db::TextOrEmpty(row[13]);
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace factflow::invoicing::storage
