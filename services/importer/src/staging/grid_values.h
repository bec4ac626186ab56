#pragma once

// The control grid's values without storage: the calculator's columns and how a value is read
// and checked, the calculator values laid over a stored document, the columns derived from a
// document for the server-side filters and totals, and the edit of one order with its
// re-validation. Pure functions on values (no I/O); thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "factflow/importer/v1/importer.pb.h"
#include "money/decimal.h"

namespace factflow::importer {

// A date typed by an operator: "AAAA-MM-JJ" or "JJ/MM/AAAA" -> "AAAA-MM-JJ"; nullopt otherwise.
std::optional<std::string> NormalizeDate(std::string_view text);

// VAT rates a French invoice line may carry (0, 2.1, 5.5, 10, 20 %).
bool IsFrenchVatRate(const money::Decimal& rate);

// The calculator's columns (ApplyColumnValueRequest.column).
enum class GridColumn {
  kVatRate,
  kPaymentMode,
  kArticleCode,
  kDocumentDate,
  kLabel,
  kSeriesCode,
  kInvoiceShipping,
};

// A calculator value, checked and in its stored form: `text` is what the set_* column receives
// ("5.50", "2026-11-30", "oui" -> "true"...).
struct ColumnValue {
  GridColumn column;
  std::string text;
};

// InvalidArgument (French, naming the column and the expected form) when the column is unknown
// or the value unfit for it: a VAT rate outside the French rates, a date that is not a calendar
// date, an empty or overlong label or payment mode, a series outside A-Z a-z 0-9 - _ (at most
// 10), shipping other than oui/non.
absl::StatusOr<ColumnValue> ParseColumnValue(std::string_view column, std::string_view value);

// Calculator values stored beside a document (NULL columns = nullopt).
struct CalculatorValues {
  std::optional<std::string> vat_rate;
  std::optional<std::string> payment_mode;
  std::optional<std::string> article_code;
  std::optional<std::string> document_date;
  std::optional<std::string> label;
  std::optional<std::string> series_code;
  std::optional<bool> invoice_shipping;
};

// The document as the operator sees it: `values` laid over every row (VAT rate, article, label)
// and over the order (date, payment mode, series, shipping). An applied article makes the rows
// mapped.
void ApplyCalculatorValues(const CalculatorValues& values, v1::GridDocument& document);

// What the grid's filters, sorts and totals read, derived from a document's content.
struct DerivedColumns {
  std::string order_date;        // "" when the document has no valid date
  std::string search_text;       // lower-case, '\n'-separated
  int unmapped_rows = 0;
  std::vector<std::string> unmapped_codes;
  std::vector<std::string> line_gross;  // per row, to the cent: "12.34"
  std::vector<std::string> line_rates;  // per row: "20.00"
  std::string shipping_gross;           // "4.99"
};
DerivedColumns Derive(const v1::GridDocument& document);

// A PostgreSQL array literal of `items` ("{\"a\",\"b\"}"), every element quoted and escaped.
std::string ArrayLiteral(const std::vector<std::string>& items);

// The edit of one order (UpdateDocument): takes from `edit` all the data of the sale (date,
// buyer, addresses, payment mode, series, shipping, and per row matched by source_row: label,
// SKU, EAN, article, quantity, unit price, shipping, VAT rate) onto `current`, then re-validates
// it (ValidateDocument). InvalidArgument (French) when `edit` names a row the order does not have
// or drops one.
absl::StatusOr<v1::GridDocument> ApplyEdit(const v1::GridDocument& current,
                                           const v1::GridDocument& edit,
                                           const std::string& file_name);

// Replaces the document's issues by those of its current values and sets `valid` and
// `total_incl_vat`: a date, a buyer (name or company), at least one row; per row a label, an
// article or SKU/EAN, a quantity > 0, prices >= 0, a French VAT rate, a payment mode. Each
// issue names the file, the row (source_row) and the field, in French.
void ValidateDocument(v1::GridDocument& document, const std::string& file_name);

}  // namespace factflow::importer
