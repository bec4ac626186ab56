#pragma once

// The FNAC marketplace export ("commandes-terminees-jj-mm-aaaa.xlsx", domain.md §2 and §7):
// its default import profile and the parser that turns the file into staged orders.
//
// FNAC publishes no layout, so columns are found by header name (see header_matcher.h), never by
// position. One row is one order line; the rows of an order share its order id and need not be
// contiguous.
//
// Thread safety: free functions; safe to call concurrently.

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/header_matcher.h"
#include "domain/staged_order.h"
#include "domain/xlsx_reader.h"

namespace factflow::importer::domain {

// Sane bounds of one upload's amounts, refused at upload as errors on the row (file, row, column,
// field), so that such an order can never be generated: no real marketplace order comes near
// them, and every sum of amounts below them stays far from Decimal's range.
//   - a quantity of one line: at most 100,000;
//   - any amount cell (unit price, shipping, commission): at most 10,000,000 € in absolute value;
//   - one line (quantity × unit price + shipping) and one order (one invoice, Σ of its lines):
//     at most 10,000,000 € incl. VAT.
inline constexpr money::Decimal kMaxQuantity = money::Decimal::FromUnits(100'000);
inline constexpr money::Decimal kMaxAmountInclVat = money::Decimal::FromUnits(10'000'000);
inline constexpr money::Decimal kMaxInvoiceTotalInclVat = money::Decimal::FromUnits(10'000'000);

// The default FNAC profile: one entry per field of domain.md §7, with its French default header,
// aliases and requirement. Field names (ProfileField::name, also Issue::field):
//   order_id, order_date, line_id, seller_sku, ean, fnac_ref, label, condition, quantity,
//   unit_price_incl_vat, shipping_incl_vat, commission_incl_vat,
//   civility, last_name, first_name, company, email,
//   billing_line1, billing_line2, billing_line3, billing_postal_code, billing_city,
//   billing_country, delivery_line1, ... delivery_country, status.
// Required: order_id, order_date, label, quantity, unit_price_incl_vat; one of seller_sku/ean;
// one of last_name/company.
std::span<const ProfileField> FnacProfile();

// ISO 3166-1 alpha-2 code of a country as written in an export ("France", "FRANCE", "FR" → "FR";
// Belgique → BE, Suisse → CH, Luxembourg → LU, Allemagne → DE, Espagne → ES, Italie → IT, and a
// few other neighbours and French overseas departments). "" when unknown or empty.
std::string CountryCodeFromName(std::string_view country);

// Parses a FNAC export held in `bytes` (`file_name` is only used in messages and issues).
//
// The header row is the first non-empty row. Data rows are validated one by one; problems with
// values become Issues on the line (or on the order, or on the file for a row without order id)
// instead of failing the parse, so the operator can see and fix them in the control grid.
//
// Errors (status message in French, starting with "<file_name> : "):
//   InvalidArgument   — empty file, not an xlsx workbook, empty sheet, a header row without any
//                       order line (or no line with an order id: nothing to stage), required
//                       columns absent (every one named), several columns matching one field,
//                       malformed file;
//   ResourceExhausted — a budget of `limits` was exceeded (checked while reading, see
//                       parse_budget.h; the memory budget also covers the orders built);
//   Cancelled         — limits.stop_requested answered true.
absl::StatusOr<ParsedExport> ParseFnacExport(std::string_view file_name, std::string_view bytes,
                                             const XlsxLimits& limits = {});

// The parse of ParseFnacExport fed row by row, for a caller that reads the sheet itself (the
// upload's segmented parse, fnac_segments.h): OnRow for each row of the sheet in order (blank
// rows included; the header row first), then Finish once. Errors as ParseFnacExport's, without
// the "<file_name> : " prefix. `budget` (the workbook's) is charged with the orders built and
// must outlive the parser. Not thread-safe.
class FnacExportParser {
 public:
  FnacExportParser(std::string_view file_name, bool date1904, ParseBudget& budget);
  FnacExportParser(const FnacExportParser&) = delete;
  FnacExportParser& operator=(const FnacExportParser&) = delete;
  ~FnacExportParser();

  absl::Status OnRow(const XlsxRow& row);
  absl::StatusOr<ParsedExport> Finish() &&;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace factflow::importer::domain
