#include "storage/grid_repository.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"
#include "money/decimal_wire.h"
#include "storage/batch_repository.h"
#include "validation/fields.h"

namespace factflow::importer::storage {
namespace {

// $1 tenant, $2 batch, $3 validity, $4 mapping status, $5 date from, $6 date to, $7 LIKE
// pattern, $8 checked. Every criterion is a no-op for its "any" value, so one statement serves
// every filter; the planner sees the values (unnamed statements are planned with them).
constexpr char kFilterWhere[] =
    "tenant_id = $1 AND batch_id = $2::uuid "
    "AND ($3::int = 0 OR valid = ($3::int = 1)) "
    "AND ($4::int = 0 OR (unmapped_rows > 0 AND set_article_code IS NULL) = ($4::int = 2)) "
    "AND ($5::text = '' OR order_date >= nullif($5::text, '')::date) "
    "AND ($6::text = '' OR order_date <= nullif($6::text, '')::date) "
    "AND ($7::text = '' OR search_text LIKE $7::text) "
    "AND ($8::int = 0 OR checked = ($8::int = 1))";

// Keyset sort keys: unique per document (the position breaks ties), one bigint each, matching
// the expression indexes of migration 0120.
constexpr char kPositionKey[] = "position";  // the (batch_id, position) index
constexpr char kDateKey[] =
    "((coalesce(order_date, date '2000-01-01') - date '2000-01-01')::bigint * 10000000 + "
    "position)";
constexpr char kTotalKey[] = "((total_incl_vat * 100)::bigint * 10000000 + position)";

std::optional<std::string> OptionalText(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

absl::StatusOr<std::string> FilterDate(std::string_view field, const std::string& text) {
  if (text.empty()) return std::string();
  auto date = NormalizeDate(text);
  if (!date) {
    return absl::InvalidArgumentError(absl::StrCat("filtre ", AsAbsl(field), " : ",
                                                   validation::Echo(text),
                                                   " n'est pas une date (JJ/MM/AAAA)"));
  }
  return *date;
}

// The search text as a LIKE pattern: lower-case, its own % _ \ taken literally.
std::string LikePattern(std::string_view text) {
  std::string trimmed = absl::AsciiStrToLower(AsAbsl(TrimAscii(text)));
  if (trimmed.empty()) return "";
  std::string out = "%";
  for (char c : trimmed) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

struct SetClause {
  const char* set;       // assignment(s), $2 the value (and $3 an article's rate)
  const char* distinct;  // the document would change
};

SetClause ClauseFor(GridColumn column) {
  switch (column) {
    case GridColumn::kVatRate:
      return {"set_vat_rate = $2::numeric", "set_vat_rate IS DISTINCT FROM $2::numeric"};
    case GridColumn::kPaymentMode:
      return {"set_payment_mode = $2", "set_payment_mode IS DISTINCT FROM $2"};
    case GridColumn::kArticleCode:
      return {"set_article_code = $2, "
              "set_vat_rate = coalesce(nullif($3::text, '')::numeric, set_vat_rate)",
              "(set_article_code IS DISTINCT FROM $2 OR ($3::text <> '' AND set_vat_rate IS "
              "DISTINCT FROM nullif($3::text, '')::numeric))"};
    case GridColumn::kDocumentDate:
      return {"set_document_date = $2::date", "set_document_date IS DISTINCT FROM $2::date"};
    case GridColumn::kLabel:
      return {"set_label = $2", "set_label IS DISTINCT FROM $2"};
    case GridColumn::kSeriesCode:
      return {"set_series_code = $2", "set_series_code IS DISTINCT FROM $2"};
    case GridColumn::kInvoiceShipping:
      return {"set_invoice_shipping = $2::boolean",
              "set_invoice_shipping IS DISTINCT FROM $2::boolean"};
  }
  return {"", ""};
}

}  // namespace

const char kDocumentColumns[] =
    "content, checked, set_vat_rate::text AS set_vat_rate, set_payment_mode, set_article_code, "
    "to_char(set_document_date, 'YYYY-MM-DD') AS set_document_date, set_label, set_series_code, "
    "set_invoice_shipping";

v1::GridDocument DocumentFromColumns(const pqxx::row& row) {
  v1::GridDocument document;
  pqxx::binarystring content(row["content"]);
  document.ParseFromString(content.str());
  document.set_checked(row["checked"].as<bool>());
  CalculatorValues values;
  values.vat_rate = OptionalText(row["set_vat_rate"]);
  values.payment_mode = OptionalText(row["set_payment_mode"]);
  values.article_code = OptionalText(row["set_article_code"]);
  values.document_date = OptionalText(row["set_document_date"]);
  values.label = OptionalText(row["set_label"]);
  values.series_code = OptionalText(row["set_series_code"]);
  if (!row["set_invoice_shipping"].is_null()) {
    values.invoice_shipping = row["set_invoice_shipping"].as<bool>();
  }
  ApplyCalculatorValues(values, document);
  return document;
}

absl::StatusOr<GridQuery> MakeGridQuery(const v1::GridFilter& filter, bool only_invalid) {
  GridQuery query;
  query.validity = only_invalid ? v1::GridFilter::VALIDITY_INVALID : filter.validity();
  query.mapping_status = filter.mapping_status();
  query.checked = filter.checked();
  auto from = FilterDate("date_from", filter.date_from());
  if (!from.ok()) return from.status();
  auto to = FilterDate("date_to", filter.date_to());
  if (!to.ok()) return to.status();
  query.date_from = *from;
  query.date_to = *to;
  if (auto status = validation::CheckText("filter.text", filter.text(), 200); !status.ok()) {
    return status;
  }
  query.pattern = LikePattern(filter.text());
  return query;
}

GridPage LoadGridPage(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                      const GridQuery& q, v1::GridSort sort, int limit,
                      std::optional<int64_t> after) {
  const char* key = kPositionKey;
  if (sort == v1::GRID_SORT_DATE || sort == v1::GRID_SORT_DATE_DESC) key = kDateKey;
  if (sort == v1::GRID_SORT_TOTAL || sort == v1::GRID_SORT_TOTAL_DESC) key = kTotalKey;
  const bool descending = sort == v1::GRID_SORT_POSITION_DESC ||
                          sort == v1::GRID_SORT_DATE_DESC || sort == v1::GRID_SORT_TOTAL_DESC;
  int64_t bound = after.value_or(descending ? std::numeric_limits<int64_t>::max()
                                            : std::numeric_limits<int64_t>::min());
  std::string sql = absl::StrCat("SELECT ", kDocumentColumns, ", ", key,
                                 " AS sort_key FROM staged_documents WHERE ", kFilterWhere, " AND ",
                                 key, descending ? " < " : " > ", "$9::bigint ORDER BY ", key,
                                 descending ? " DESC" : "", " LIMIT $10");
  GridPage page;
  for (const auto& row : tx.exec_params(sql, tenant_id, batch_id, q.validity, q.mapping_status,
                                        q.date_from, q.date_to, q.pattern, q.checked, bound,
                                        limit)) {
    page.documents.push_back(DocumentFromColumns(row));
    page.keys.push_back(row["sort_key"].as<int64_t>());
  }
  page.matching_count =
      tx.exec_params1(absl::StrCat("SELECT count(*) FROM staged_documents WHERE ", kFilterWhere),
                      tenant_id, batch_id, q.validity, q.mapping_status, q.date_from, q.date_to,
                      q.pattern, q.checked)[0]
          .as<int>();
  return page;
}

v1::CheckedTotals CheckedTotals(pqxx::work& tx, const std::string& batch_id,
                                bool invoice_shipping) {
  v1::CheckedTotals totals;
  pqxx::row counts = tx.exec_params1(
      "SELECT count(*), coalesce(sum(cardinality(line_gross)), 0) FROM staged_documents "
      "WHERE batch_id = $1::uuid AND checked",
      batch_id);
  totals.set_document_count(counts[0].as<int>());
  totals.set_row_count(counts[1].as<int>());
  money::Decimal net, gross;
  for (const auto& row : tx.exec_params(
           "WITH lines AS ("
           "  SELECT coalesce(d.set_vat_rate, l.rate) AS rate, l.gross"
           "  FROM staged_documents d CROSS JOIN LATERAL unnest(d.line_rates, d.line_gross)"
           "    AS l(rate, gross)"
           "  WHERE d.batch_id = $1::uuid AND d.checked"
           "  UNION ALL"
           "  SELECT 20.00::numeric(5,2), d.shipping_gross FROM staged_documents d"
           "  WHERE d.batch_id = $1::uuid AND d.checked AND d.shipping_gross <> 0"
           "    AND coalesce(d.set_invoice_shipping, $2::boolean))"
           "SELECT rate::numeric(5,2)::text, sum(round(gross / (1 + rate / 100), 2))::text,"
           "  sum(gross)::text FROM lines GROUP BY rate::numeric(5,2) ORDER BY rate::numeric(5,2)",
           batch_id, invoice_shipping)) {
    auto rate_net = money::Decimal::Parse(row[1].as<std::string>()).value_or(money::Decimal());
    auto rate_gross = money::Decimal::Parse(row[2].as<std::string>()).value_or(money::Decimal());
    v1::VatRateTotal* total = totals.add_per_rate();
    total->mutable_vat_rate()->set_value(row[0].as<std::string>());
    *total->mutable_total_excl_vat() = money::ToWire(rate_net);
    *total->mutable_total_vat() = money::ToWire(rate_gross - rate_net);
    *total->mutable_total_incl_vat() = money::ToWire(rate_gross);
    net += rate_net;
    gross += rate_gross;
  }
  *totals.mutable_total_excl_vat() = money::ToWire(net);
  *totals.mutable_total_vat() = money::ToWire(gross - net);
  *totals.mutable_total_incl_vat() = money::ToWire(gross);
  return totals;
}

int SetCheckedByFilter(pqxx::work& tx, const std::string& tenant_id, const std::string& batch_id,
                       const GridQuery& q, bool checked) {
  return tx
      .exec_params(absl::StrCat("UPDATE staged_documents SET checked = $9 WHERE ", kFilterWhere,
                                " AND checked <> $9 AND generation_id IS NULL"),
                   tenant_id, batch_id, q.validity, q.mapping_status, q.date_from, q.date_to,
                   q.pattern, q.checked, checked)
      .affected_rows();
}

ApplyResult ApplyColumnValue(pqxx::work& tx, const std::string& batch_id,
                             const ColumnValue& value,
                             const std::optional<std::string>& article_vat_rate) {
  ApplyResult result;
  const bool dated = value.column == GridColumn::kDocumentDate;
  // An invoice cannot be dated before the sale it bills.
  const char* refused = dated ? "order_date > $2::date" : "false";
  if (dated) {
    result.refused_count =
        tx.exec_params1(absl::StrCat("SELECT count(*) FROM staged_documents WHERE batch_id = "
                                     "$1::uuid AND checked AND generation_id IS NULL AND ",
                                     refused),
                        batch_id, value.text)[0]
            .as<int>();
    for (const auto& row : tx.exec_params(
             absl::StrCat("SELECT document_id::text, external_id, "
                          "to_char(order_date, 'DD/MM/YYYY') FROM staged_documents WHERE "
                          "batch_id = $1::uuid AND checked AND generation_id IS NULL AND ",
                          refused, " ORDER BY position LIMIT $3"),
             batch_id, value.text, kMaxRefusedListed)) {
      v1::RefusedDocument& out = result.refused.emplace_back();
      out.set_document_id(row[0].as<std::string>());
      out.set_external_id(row[1].as<std::string>());
      out.set_reason(absl::StrCat("commande ", row[1].as<std::string>(), " du ",
                                  row[2].as<std::string>(),
                                  " : la date de facture ne peut pas précéder la date de commande"));
    }
  }
  SetClause clause = ClauseFor(value.column);
  std::string sql = absl::StrCat(
      "WITH changed AS (UPDATE staged_documents SET ", clause.set,
      " WHERE batch_id = $1::uuid AND checked AND generation_id IS NULL AND NOT (", refused,
      ") AND ", clause.distinct, " RETURNING cardinality(line_gross) AS row_count) ",
      "SELECT count(*), coalesce(sum(row_count), 0) FROM changed");
  pqxx::row counts =
      value.column == GridColumn::kArticleCode
          ? tx.exec_params1(sql, batch_id, value.text, article_vat_rate.value_or(""))
          : tx.exec_params1(sql, batch_id, value.text);
  result.changed_documents = counts[0].as<int>();
  result.changed_rows = counts[1].as<int>();
  return result;
}

std::vector<std::string> CheckedUnmappedCodes(pqxx::work& tx, const std::string& batch_id) {
  std::vector<std::string> codes;
  for (const auto& row : tx.exec_params(
           "SELECT DISTINCT code FROM staged_documents d CROSS JOIN LATERAL "
           "unnest(d.unmapped_codes) AS code WHERE d.batch_id = $1::uuid AND d.checked AND "
           "d.generation_id IS NULL AND d.set_article_code IS NULL ORDER BY code",
           batch_id)) {
    codes.push_back(row[0].as<std::string>());
  }
  return codes;
}

absl::StatusOr<StoredDocument> LoadDocument(pqxx::work& tx, const std::string& tenant_id,
                                            const std::string& batch_id,
                                            const std::string& document_id) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kDocumentColumns,
                   ", generation_id IS NOT NULL AS frozen FROM staged_documents WHERE "
                   "tenant_id = $1 AND batch_id = $2::uuid AND document_id = $3::uuid FOR UPDATE"),
      tenant_id, batch_id, document_id);
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("document ", document_id, " introuvable dans ce lot"));
  }
  return StoredDocument{DocumentFromColumns(rows[0]), rows[0]["frozen"].as<bool>()};
}

void StoreEditedDocument(pqxx::work& tx, const std::string& batch_id,
                         const v1::GridDocument& document, int issue_delta) {
  DerivedColumns derived = Derive(document);
  v1::GridDocument stored = document;
  stored.clear_checked();
  std::string content = stored.SerializeAsString();
  tx.exec_params(
      "UPDATE staged_documents SET content = $3, "
      "checked = CASE WHEN valid <> $4 THEN $4 ELSE checked END, valid = $4, "
      "total_incl_vat = $5::numeric, order_date = nullif($6, '')::date, search_text = $7, "
      "unmapped_rows = $8, unmapped_codes = $9::text[], line_gross = $10::numeric[], "
      "line_rates = $11::numeric[], shipping_gross = $12::numeric, set_vat_rate = NULL, "
      "set_payment_mode = NULL, set_article_code = NULL, set_document_date = NULL, "
      "set_label = NULL, set_series_code = nullif($13, ''), "
      "set_invoice_shipping = nullif($14, '')::boolean "
      "WHERE batch_id = $1::uuid AND document_id = $2::uuid",
      batch_id, document.document_id(), pqxx::binarystring(content.data(), content.size()),
      document.valid(), document.total_incl_vat().value(), derived.order_date,
      derived.search_text, derived.unmapped_rows, ArrayLiteral(derived.unmapped_codes),
      ArrayLiteral(derived.line_gross), ArrayLiteral(derived.line_rates), derived.shipping_gross,
      document.series_code(),
      document.has_invoice_shipping() ? (document.invoice_shipping() ? "true" : "false") : "");
  tx.exec_params(
      "UPDATE batches b SET valid_document_count = s.valid, total_incl_vat = s.total, "
      "issue_count = greatest(b.issue_count + $2, 0) FROM (SELECT count(*) FILTER (WHERE valid) "
      "AS valid, coalesce(sum(total_incl_vat) FILTER (WHERE valid), 0) AS total FROM "
      "staged_documents WHERE batch_id = $1::uuid) s WHERE b.batch_id = $1::uuid",
      batch_id, issue_delta);
}

std::vector<std::string> CheckedSeries(pqxx::work& tx, const std::string& batch_id) {
  std::vector<std::string> series;
  for (const auto& row :
       tx.exec_params("SELECT DISTINCT coalesce(set_series_code, '') FROM staged_documents "
                      "WHERE batch_id = $1::uuid AND checked AND valid ORDER BY 1",
                      batch_id)) {
    series.push_back(row[0].as<std::string>());
  }
  return series;
}

std::string GenerationSeries(pqxx::work& tx, const std::string& generation_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT coalesce(set_series_code, '') FROM staged_documents WHERE generation_id = "
      "$1::uuid LIMIT 1",
      generation_id);
  return rows.empty() ? "" : rows[0][0].as<std::string>();
}

}  // namespace factflow::importer::storage

namespace factflow::importer::storage {

absl::StatusOr<v1::Batch> LoadModifiableBatch(pqxx::work& tx, const std::string& tenant_id,
                                              const std::string& batch_id) {
  auto batch = LoadBatch(tx, tenant_id, batch_id, true);
  if (!batch.ok()) return batch.status();
  if (batch->status() != v1::BATCH_STATUS_STAGED && batch->status() != v1::BATCH_STATUS_REJECTED) {
    return absl::FailedPreconditionError(
        absl::StrCat("le lot n° ", batch->batch_number(),
                     " n'est plus modifiable : ses factures sont générées ou en cours"));
  }
  return batch;
}

}  // namespace factflow::importer::storage
