#pragma once

// How one export is read into staged orders: the builder shared by the FNAC export
// (fnac_profile.h) and the tenant import profiles (tenant_profile.h). Rows come one at a time
// (an xlsx sheet's rows, or CSV records turned into rows of text cells); the builder matches the
// header row against the reading's fields, validates every data row and groups the rows into
// orders by their order id.
//
// Thread safety: an ExportBuilder is used by one thread; ExportReading values are immutable.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/excel_date.h"
#include "domain/header_matcher.h"
#include "domain/parse_budget.h"
#include "domain/staged_order.h"
#include "domain/xlsx_reader.h"
#include "money/decimal.h"

namespace factflow::importer::domain {

// Order of day and month in dates written as text with '/', '-' or '.'. ISO "aaaa-mm-jj" and
// Excel serial dates are read whatever the order.
enum class DateOrder { kDayMonthYear, kMonthDayYear };

// Decimal mark of amounts written as text. kAuto: per cell (the last of ',' and '.' when both
// appear, else the one present), as FNAC's French exports need; kComma / kPoint fix it, the
// other mark then groups thousands ("1,234.50" with kPoint, "1.234,50" with kComma).
enum class DecimalMark { kAuto, kComma, kPoint };

struct ExportReading {
  // The fields, in the order and with the names of FnacProfile() (fnac::Field indexes).
  std::span<const ProfileField> fields;
  // Per field (same size as `fields`, or empty): the value used when the column is absent or
  // the cell empty.
  std::vector<std::optional<std::string>> defaults;
  DateOrder date_order = DateOrder::kDayMonthYear;
  DecimalMark decimal_mark = DecimalMark::kAuto;
  // French advice in the messages, e.g. "exportez de nouveau les commandes terminées depuis FNAC".
  std::string reexport_advice;
  // What the header row should be, e.g. "la ligne d'en-tête de l'export FNAC".
  std::string header_row_name;
  // What the order id is, e.g. "le numéro de commande FNAC".
  std::string order_id_name;
};

// The FNAC reading: FnacProfile(), no defaults, French dates, decimal mark per cell.
const ExportReading& FnacReading();

// A decimal from a text cell under `mark` (see DecimalMark); nullopt when not a number.
std::optional<money::Decimal> DecimalWithMark(std::string_view text, DecimalMark mark);

// A date from a text under `order` (see DateOrder); nullopt when not a real date.
std::optional<CivilDateTime> TextDateWithOrder(std::string_view text, DateOrder order);

// Builds a ParsedExport from rows (fnac_profile.cc). Blank rows are skipped; the first
// non-blank row is the header.
class ExportBuilder {
 public:
  // `reading` and `memory` must outlive the builder; `date1904` is the workbook's date system.
  ExportBuilder(const ExportReading& reading, std::string_view file_name, bool date1904,
                ParseBudget& memory);
  ~ExportBuilder();
  ExportBuilder(const ExportBuilder&) = delete;
  ExportBuilder& operator=(const ExportBuilder&) = delete;

  // InvalidArgument (French) for a header row that misses required columns or matches one
  // field twice; ResourceExhausted when the memory budget is exceeded.
  absl::Status OnRow(const XlsxRow& row);
  // InvalidArgument (French) for an empty file, a header without data rows, or no order id.
  absl::StatusOr<ParsedExport> Finish() &&;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads the first sheet of an xlsx workbook with `reading` (fnac_profile.cc); errors as
// ParseFnacExport (fnac_profile.h), every message starting with "<file_name> : ".
absl::StatusOr<ParsedExport> ParseXlsxExport(const ExportReading& reading,
                                             std::string_view file_name, std::string_view bytes,
                                             const XlsxLimits& limits = {});

}  // namespace factflow::importer::domain
