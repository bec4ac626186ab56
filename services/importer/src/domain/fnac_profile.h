#pragma once

// The FNAC marketplace export ("commandes-terminees-jj-mm-aaaa.xlsx", domain.md §2 and §7):
// its default import profile and the parser that turns the file into staged orders.
//
// FNAC publishes no layout, so columns are found by header name (see header_matcher.h), never by
// position. One row is one order line; the rows of an order share its order id and need not be
// contiguous.
//
// Thread safety: free functions; safe to call concurrently.

#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/header_matcher.h"
#include "domain/staged_order.h"
#include "domain/xlsx_reader.h"

namespace factflow::importer::domain {

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
//   InvalidArgument   — not an xlsx workbook, empty sheet, required columns absent (every one
//                       named), several columns matching one field, malformed file;
//   ResourceExhausted — a limit of `limits` was exceeded.
absl::StatusOr<ParsedExport> ParseFnacExport(std::string_view file_name, std::string_view bytes,
                                             const XlsxLimits& limits = {});

}  // namespace factflow::importer::domain
