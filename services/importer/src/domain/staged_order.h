#pragma once

// The result of parsing a marketplace export: orders and their lines, staged (not yet
// invoiced), with the validation issues found on each. Plain value types; all strings UTF-8.
//
// Thread safety: value types; distinct objects may be used from distinct threads.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "money/decimal.h"

namespace factflow::importer::domain {

enum class Severity {
  kError,    // blocks the order: it cannot be invoiced until the row is fixed
  kWarning,  // informs only (e.g. a fallback was applied)
};

// A validation message about one cell, row or order of the file.
struct Issue {
  Severity severity = Severity::kError;
  std::string file_name;
  int64_t row = 0;      // 1-based sheet row (0: the whole file)
  std::string column;   // column letters, e.g. "F" ("" when no single column applies)
  std::string field;    // profile field name, e.g. "quantity" ("" when none)
  std::string header;   // the file's header text of that column
  std::string message;  // French: what is wrong and how to fix it
};

struct Address {
  std::string line1;
  std::string line2;
  std::string line3;
  std::string postal_code;
  std::string city;
  std::string country;       // as written in the file
  std::string country_code;  // ISO 3166-1 alpha-2 derived from `country`, "" if unknown

  bool empty() const { return line1.empty() && postal_code.empty() && city.empty(); }
};

struct Buyer {
  std::string civility;
  std::string last_name;
  std::string first_name;
  std::string company;
  std::string email;
};

// One order line: one row of the file.
struct StagedLine {
  int64_t source_row = 0;  // 1-based sheet row
  std::string line_id;
  std::string seller_sku;
  std::string ean;
  std::string fnac_ref;
  std::string label;
  std::string condition;
  // Zero when the cell is empty or invalid (an error in `issues` says so).
  money::Decimal quantity;
  money::Decimal unit_price_incl_vat;
  std::optional<money::Decimal> shipping_incl_vat;
  std::optional<money::Decimal> commission_incl_vat;
  // Columns of the file no profile field claimed: (header text, cell text), in column order.
  std::vector<std::pair<std::string, std::string>> extra;
  std::vector<Issue> issues;

  bool has_error() const;
};

// One order: the rows sharing an order id, in the order they appear in the file.
struct StagedOrder {
  std::string order_id;
  std::string order_date;                     // "YYYY-MM-DD"
  std::optional<std::string> order_datetime;  // "YYYY-MM-DDTHH:MM:SS" when the file has a time
  Buyer buyer;
  Address billing_address;  // the delivery address when the file gives no billing address
  Address delivery_address;
  std::string status;
  std::vector<StagedLine> lines;
  std::vector<Issue> issues;  // order-level issues (e.g. no buyer name on any row)

  // True iff neither the order nor any of its lines has an error (warnings do not count).
  bool valid() const;
};

// One header cell of the file and the profile field it was matched to.
struct ColumnHeader {
  std::string text;
  std::string column;                // letters, e.g. "F"
  std::optional<std::string> field;  // profile field name; nullopt for an extra column
};

struct ParsedExport {
  std::string file_name;
  std::vector<ColumnHeader> headers;
  int64_t rows_read = 0;            // non-empty data rows after the header row
  std::vector<StagedOrder> orders;  // in order of first appearance in the file
  std::vector<Issue> file_issues;   // issues tied to no order (e.g. a row without order id)
};

// Approximate heap memory a value holds beyond its sizeof (strings longer than their inline
// buffer, vectors' elements): what a parse charges to its memory budget as it builds the result.
int64_t HeldBytes(const std::string& text);
int64_t HeldBytes(const Issue& issue);
int64_t HeldBytes(const StagedLine& line);
// The order's own fields and issues, not its lines (charged one by one as they are read).
int64_t HeldBytesOfOrderFields(const StagedOrder& order);

}  // namespace factflow::importer::domain
