#include "storage/invoice_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/pool.h"
#include "issuing/proto_mapping.h"
#include "logging/logging.h"
#include "storage/operation_repository.h"

namespace factflow::invoicing::storage {
namespace {

constexpr char kInvoiceColumns[] =
    "invoice_id, document, send_state, created_by, extract(epoch FROM created_at)::bigint, "
    "printed_by, extract(epoch FROM printed_at)::bigint, sent_by, "
    "extract(epoch FROM sent_at)::bigint, archived_at IS NOT NULL, pdf_sha256, xml_sha256, "
    "einvoice_path, dematerialised, number, sequence_value";

v1::SendState ToProtoState(std::string_view code) {
  auto state = domain::ParseSendState(code);
  return state.ok() ? ToProto(*state) : v1::SEND_STATE_UNSPECIFIED;
}

void SetTime(const pqxx::field& epoch, google::protobuf::Timestamp* out) {
  if (!epoch.is_null()) out->set_seconds(epoch.as<int64_t>());
}

// The stored content, overlaid with the columns that change after issue and with the number
// (set-based numbering stores content computed before the number was known: issue_staging.h).
v1::Invoice InvoiceFromRow(const pqxx::row& row) {
  v1::Invoice invoice;
  pqxx::binarystring document(row[1]);
  invoice.ParseFromString(document.str());
  invoice.set_invoice_id(row[0].as<std::string>());
  invoice.set_send_state(ToProtoState(row[2].as<std::string>()));
  invoice.set_created_by(row[3].as<std::string>());
  SetTime(row[4], invoice.mutable_created_at());
  invoice.set_printed_by(db::TextOrEmpty(row[5]));
  SetTime(row[6], invoice.mutable_printed_at());
  invoice.set_sent_by(db::TextOrEmpty(row[7]));
  SetTime(row[8], invoice.mutable_sent_at());
  invoice.set_archived(row[9].as<bool>());
  invoice.set_pdf_sha256(db::TextOrEmpty(row[10]));
  invoice.set_xml_sha256(db::TextOrEmpty(row[11]));
  invoice.set_einvoice_path(db::TextOrEmpty(row[12]));
  invoice.set_dematerialised(row[13].as<bool>());
  invoice.set_number(row[14].as<std::string>());
  invoice.set_sequence_value(row[15].as<int64_t>());
  return invoice;
}

// WHERE clause of the selection criteria (values quoted by the transaction).
std::string WhereClause(pqxx::work& tx, const std::string& tenant_id,
                        const v1::SelectionCriteria& c,
                        const std::vector<domain::SendState>& states) {
  std::vector<std::string> where = {"tenant_id = " + tx.quote(tenant_id)};
  auto add = [&](bool present, const std::string& condition) {
    if (present) where.push_back(condition);
  };
  add(c.batch_number_from() > 0, "batch_number >= " + tx.quote(c.batch_number_from()));
  add(c.batch_number_to() > 0, "batch_number <= " + tx.quote(c.batch_number_to()));
  add(!c.date_from().empty(), "issue_date >= " + tx.quote(c.date_from()) + "::date");
  add(!c.date_to().empty(), "issue_date <= " + tx.quote(c.date_to()) + "::date");
  add(!c.print_date_from().empty(), "printed_at >= " + tx.quote(c.print_date_from()) + "::date");
  add(!c.print_date_to().empty(), "printed_at < " + tx.quote(c.print_date_to()) + "::date + 1");
  add(!c.created_by().empty(), "created_by = " + tx.quote(c.created_by()));
  add(!c.printed_by().empty(), "printed_by = " + tx.quote(c.printed_by()));
  add(c.only_without_print_date(), "printed_at IS NULL");
  add(c.only_without_dematerialisation(), "NOT dematerialised");
  add(!c.batch_id().empty(), "batch_id = " + tx.quote(c.batch_id()) + "::uuid");
  add(!c.created_on_or_before().empty(),
      "(created_at AT TIME ZONE 'Europe/Paris')::date <= " + tx.quote(c.created_on_or_before()) +
          "::date");
  add(!c.created_after().empty(), "(created_at AT TIME ZONE 'Europe/Paris')::date > " +
                                      tx.quote(c.created_after()) + "::date");
  if (!c.invoice_ids().empty()) {
    std::vector<std::string> ids;
    for (const auto& id : c.invoice_ids()) ids.push_back(tx.quote(id) + "::uuid");
    where.push_back("invoice_id IN (" + absl::StrJoin(ids, ", ") + ")");
  }
  if (!states.empty()) {
    std::vector<std::string> codes;
    for (domain::SendState s : states) codes.push_back(tx.quote(std::string(domain::ToCode(s))));
    where.push_back("send_state IN (" + absl::StrJoin(codes, ", ") + ")");
  }
  return absl::StrJoin(where, " AND ");
}

}  // namespace

std::vector<v1::Invoice> SelectInvoices(pqxx::work& tx, const std::string& tenant_id,
                                        const v1::SelectionCriteria& criteria,
                                        const std::vector<domain::SendState>& states, int limit,
                                        int offset, bool lock) {
  std::string sql = absl::StrCat("SELECT ", kInvoiceColumns, " FROM invoices WHERE ",
                                 WhereClause(tx, tenant_id, criteria, states),
                                 " ORDER BY series_code, sequence_value LIMIT ", limit, " OFFSET ",
                                 offset, lock ? " FOR UPDATE" : "");
  std::vector<v1::Invoice> invoices;
  for (const auto& row : tx.exec(sql)) invoices.push_back(InvoiceFromRow(row));
  return invoices;
}

std::vector<v1::Invoice> SelectInvoicesAfter(pqxx::work& tx, const std::string& tenant_id,
                                             const v1::SelectionCriteria& criteria,
                                             const std::vector<domain::SendState>& states,
                                             const std::optional<std::string>& after_series,
                                             int64_t after_value, int limit) {
  std::string where = WhereClause(tx, tenant_id, criteria, states);
  if (after_series.has_value()) {
    absl::StrAppend(&where, " AND (series_code, sequence_value) > (", tx.quote(*after_series),
                    ", ", after_value, ")");
  }
  std::vector<v1::Invoice> invoices;
  for (const auto& row : tx.exec(absl::StrCat("SELECT ", kInvoiceColumns, " FROM invoices WHERE ",
                                              where, " ORDER BY series_code, sequence_value LIMIT ",
                                              limit))) {
    invoices.push_back(InvoiceFromRow(row));
  }
  return invoices;
}

int64_t CountInvoices(pqxx::work& tx, const std::string& tenant_id,
                      const v1::SelectionCriteria& criteria,
                      const std::vector<domain::SendState>& states) {
  return tx
      .exec1("SELECT count(*) FROM invoices WHERE " +
             WhereClause(tx, tenant_id, criteria, states))[0]
      .as<int64_t>();
}

v1::SelectionSummary SummarizeSelection(pqxx::work& tx, const std::string& tenant_id,
                                        const v1::SelectionCriteria& criteria) {
  std::vector<domain::SendState> states;
  for (int state : criteria.states()) {
    auto parsed = FromProto(static_cast<v1::SendState>(state));
    if (parsed.ok()) states.push_back(*parsed);
  }
  pqxx::row row = tx.exec1(
      "SELECT count(*), count(*) FILTER (WHERE send_state = 'EN_ATTENTE'), "
      "count(*) FILTER (WHERE send_state = 'PRET'), count(*) FILTER (WHERE send_state = "
      "'ENVOYE'), count(*) FILTER (WHERE send_state = 'CONSERVE_INTERNE'), "
      "count(*) FILTER (WHERE archived_at IS NOT NULL), "
      "count(*) FILTER (WHERE einvoice_path IS NOT NULL AND einvoice_path <> ''), "
      "coalesce(sum(total_with_vat), 0)::text FROM invoices WHERE " +
      WhereClause(tx, tenant_id, criteria, states));
  v1::SelectionSummary summary;
  summary.set_total(row[0].as<int64_t>());
  summary.set_en_attente(row[1].as<int64_t>());
  summary.set_pret(row[2].as<int64_t>());
  summary.set_envoye(row[3].as<int64_t>());
  summary.set_conserve_interne(row[4].as<int64_t>());
  summary.set_archived(row[5].as<int64_t>());
  summary.set_with_einvoice(row[6].as<int64_t>());
  summary.mutable_total_with_vat()->set_value(row[7].as<std::string>());
  return summary;
}

absl::StatusOr<v1::Invoice> FindInvoice(pqxx::work& tx, const std::string& tenant_id,
                                        const std::string& invoice_id, const std::string& number) {
  pqxx::result rows =
      invoice_id.empty()
          ? tx.exec_params(absl::StrCat("SELECT ", kInvoiceColumns,
                                        " FROM invoices WHERE tenant_id = $1 AND number = $2"),
                           tenant_id, number)
          : tx.exec_params(
                absl::StrCat("SELECT ", kInvoiceColumns,
                             " FROM invoices WHERE tenant_id = $1 AND invoice_id = $2::uuid"),
                tenant_id, invoice_id);
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("facture ", invoice_id.empty() ? number : invoice_id, " introuvable"));
  }
  return InvoiceFromRow(rows[0]);
}

int64_t FreezeSelection(pqxx::work& tx, const std::string& tenant_id,
                        const v1::SelectionCriteria& criteria,
                        const std::vector<domain::SendState>& states,
                        const std::string& operation_id) {
  return tx
      .exec(absl::StrCat("INSERT INTO operation_items (operation_id, position, invoice_id) "
                         "SELECT ",
                         tx.quote(operation_id),
                         "::uuid, (row_number() OVER (ORDER BY series_code, sequence_value)) - 1, "
                         "invoice_id FROM invoices WHERE ",
                         WhereClause(tx, tenant_id, criteria, states)))
      .affected_rows();
}

int64_t ApplyTransition(pqxx::work& tx, const std::string& tenant_id,
                        const std::vector<std::string>& invoice_ids, domain::SendState from,
                        domain::SendState to, const std::string& action_code,
                        const std::string& operator_id) {
  if (invoice_ids.empty()) return 0;
  std::string ids = ArrayLiteral(invoice_ids);
  std::string from_code(domain::ToCode(from)), to_code(domain::ToCode(to));
  // A transition to the same state (retrieve for Chorus of a sent invoice) changes no column:
  // the sent invoice stays untouched, only the audit records the action.
  std::string moved_cte =
      from == to
          ? "SELECT invoice_id FROM invoices WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) "
            "AND send_state = $3"
          : absl::StrCat("UPDATE invoices SET send_state = $4",
                         to == domain::SendState::kEnvoye ? ", sent_by = $6, sent_at = now()" : "",
                         " WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) AND "
                         "send_state = $3 RETURNING invoice_id");
  return tx
      .exec_params(absl::StrCat("WITH moved AS (", moved_cte,
                                ") INSERT INTO audit_trail (tenant_id, invoice_id, operator_id, "
                                "action, from_state, to_state, detail, correlation_id) "
                                "SELECT $1, invoice_id, $6, $5, $3, $4, '', $7 FROM moved"),
                   tenant_id, ids, from_code, to_code, action_code, operator_id,
                   logging::Current().correlation_id)
      .affected_rows();
}

std::string ArrayLiteral(const std::vector<std::string>& values) {
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

void RecordPrinted(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                   const std::string& operator_id) {
  tx.exec_params(
      "UPDATE invoices SET printed_by = $3, printed_at = now() "
      "WHERE tenant_id = $1 AND invoice_id = $2",
      tenant_id, invoice_id, operator_id);
}

bool RecordArchived(pqxx::work& tx, const std::string& tenant_id, const std::string& invoice_id,
                    const std::string& pdf_sha256, const std::string& xml_sha256,
                    const std::string& einvoice_path) {
  return tx.exec_params(
               "UPDATE invoices SET archived_at = coalesce(archived_at, now()), "
               "pdf_sha256 = $3, xml_sha256 = $4, einvoice_path = $5 "
               "WHERE tenant_id = $1 AND invoice_id = $2",
               tenant_id, invoice_id, pdf_sha256, xml_sha256, einvoice_path)
             .affected_rows() == 1;
}

void MarkDematerialised(pqxx::work& tx, const std::string& tenant_id,
                        const std::string& invoice_id) {
  tx.exec_params(
      "UPDATE invoices SET dematerialised = true "
      "WHERE tenant_id = $1 AND invoice_id = $2 AND NOT dematerialised",
      tenant_id, invoice_id);
}

void AppendAudit(pqxx::work& tx, const std::string& tenant_id, const AuditRecord& r) {
  tx.exec_params(
      "INSERT INTO audit_trail (tenant_id, invoice_id, operator_id, action, from_state, "
      "to_state, detail, correlation_id) VALUES ($1, $2, $3, $4, NULLIF($5, ''), "
      "NULLIF($6, ''), $7, $8)",
      tenant_id, r.invoice_id, r.operator_id, r.action, r.from_state, r.to_state, r.detail,
      logging::Current().correlation_id);
}

std::vector<v1::AuditEntry> LoadAudit(pqxx::work& tx, const std::string& tenant_id,
                                      const std::string& invoice_id) {
  std::vector<v1::AuditEntry> entries;
  for (const auto& row : tx.exec_params(
           "SELECT extract(epoch FROM at)::bigint, operator_id, action, from_state, to_state, "
           "detail, correlation_id FROM audit_trail WHERE tenant_id = $1 AND invoice_id = $2 "
           "ORDER BY id",
           tenant_id, invoice_id)) {
    v1::AuditEntry entry;
    entry.mutable_at()->set_seconds(row[0].as<int64_t>());
    entry.set_operator_id(row[1].as<std::string>());
    entry.set_action(row[2].as<std::string>());
    entry.set_from_state(db::TextOrEmpty(row[3]));
    entry.set_to_state(db::TextOrEmpty(row[4]));
    entry.set_detail(db::TextOrEmpty(row[5]));
    entry.set_correlation_id(db::TextOrEmpty(row[6]));
    entries.push_back(std::move(entry));
  }
  return entries;
}

bool GenerationExists(pqxx::work& tx, const std::string& generation_id) {
  return !tx.exec_params("SELECT 1 FROM generations WHERE generation_id = $1", generation_id)
              .empty();
}

void InsertGeneration(pqxx::work& tx, const std::string& tenant_id, const GenerationRecord& g) {
  tx.exec_params(
      "INSERT INTO generations (generation_id, tenant_id, batch_id, status, series_code, "
      "first_value, last_value, invoice_count, reason) VALUES ($1, $2, NULLIF($3, '')::uuid, $4, "
      "$5, $6, $7, $8, $9)",
      g.generation_id, tenant_id, g.batch_id, g.status, g.series_code, g.first_value, g.last_value,
      g.invoice_count, g.reason);
  FinishGeneration(tx, g.generation_id);
}

std::vector<int64_t> SequenceValues(pqxx::work& tx, const std::string& tenant_id,
                                    const std::string& series_code) {
  std::vector<int64_t> values;
  for (const auto& row : tx.exec_params(
           "SELECT sequence_value FROM invoices WHERE tenant_id = $1 AND series_code = $2 "
           "ORDER BY sequence_value",
           tenant_id, series_code)) {
    values.push_back(row[0].as<int64_t>());
  }
  return values;
}

}  // namespace factflow::invoicing::storage
