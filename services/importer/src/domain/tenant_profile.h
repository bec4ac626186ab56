#pragma once

// Tenant import profiles (domain.md §1 and §7, issue 7): a tenant describes, without code, how
// another marketplace's export (Amazon, Cdiscount, ManoMano, Rakuten…) maps onto the fields of a
// staged order, and activates the profile like a format ("profil:<name>").
//
// A profile is declarative:
//   - kind: CSV (read with the shared reader services/common/csv: UTF-8, BOM, Windows-1252; ';',
//     ',' or tab detected unless fixed; RFC 4180) or xlsx (first sheet, streamed);
//   - columns: per field of the FNAC profile (FnacProfile(), same names: order_id, order_date,
//     label, quantity, unit_price_incl_vat, …) the header of the tenant's file and its aliases.
//     A field the profile does not name keeps the default French header and aliases of
//     domain.md §7, so a French export often needs few or no entries;
//   - group_by: the header whose value groups rows into one document (it is the order_id column;
//     rows sharing it, contiguous or not, are one invoice);
//   - date order (jj/mm/aaaa or mm/jj/aaaa for US exports; ISO aaaa-mm-jj is always read) and
//     decimal mark (comma, point, or detected per cell);
//   - defaults: per field, a value used when the column is absent or the cell empty (a required
//     field with a default no longer needs its column).
// Then the rows go through the same builder as FNAC (same issues, same grid).
//
// Thread safety: value types and free functions; a CompiledProfile is immutable once built and
// may be shared between threads.

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/export_reading.h"
#include "domain/parse_budget.h"
#include "domain/staged_order.h"

namespace factflow::importer::domain {

enum class ProfileKind { kCsv, kXlsx };

// "csv", "xlsx".
std::string_view ProfileKindName(ProfileKind kind);

struct ColumnMapping {
  std::string field;                 // a field name of FnacProfile(), e.g. "order_id"
  std::string header;                // the header in the tenant's file, e.g. "amazon-order-id"
  std::vector<std::string> aliases;  // other accepted headers
};

struct TenantProfile {
  std::string name;  // 1 to 40 of [a-z0-9-], starting with a letter or digit
  ProfileKind kind = ProfileKind::kCsv;
  std::vector<ColumnMapping> columns;
  std::string group_by;  // header of the grouping column ("" = the order_id mapping)
  DateOrder date_order = DateOrder::kDayMonthYear;
  DecimalMark decimal_mark = DecimalMark::kAuto;
  std::vector<std::pair<std::string, std::string>> defaults;  // (field name, value)
  std::optional<char> separator;  // CSV only: fixed ';', ',' or '\t' (nullopt: detected)
};

// The format code a tenant activates for a profile: "profil:<name>".
std::string ProfileFormat(std::string_view name);
// The profile name of a format code, or nullopt when the format is not a profile's.
std::optional<std::string> ProfileNameOfFormat(std::string_view format);
// Whether `name` is a valid profile name (see TenantProfile::name).
bool IsValidProfileName(std::string_view name);

// A validated profile, ready to read files: the field table with the tenant's headers.
class CompiledProfile {
 public:
  // Movable (the field table's views stay valid), not copyable.
  CompiledProfile(CompiledProfile&&) = default;
  CompiledProfile& operator=(CompiledProfile&&) = default;
  CompiledProfile(const CompiledProfile&) = delete;
  CompiledProfile& operator=(const CompiledProfile&) = delete;

  const TenantProfile& profile() const { return profile_; }
  const ExportReading& reading() const { return reading_; }

 private:
  CompiledProfile() = default;
  friend absl::StatusOr<CompiledProfile> CompileProfile(TenantProfile profile);
  TenantProfile profile_;
  std::deque<std::string> texts_;  // owns the strings ProfileField views point to (stable)
  std::vector<ProfileField> fields_;
  ExportReading reading_;
};

// Validates a profile and builds its field table. InvalidArgument (French, naming the entry) for:
// an invalid name; an unknown field (the known ones are listed); a field mapped twice; an empty
// header; a header or alias that two fields would share (both named); group_by that is also
// mapped to another field than order_id; a default for an unknown field or with an unreadable
// value (a quantity or amount that is not a number, a date that is not one); a separator other
// than ';', ',' or tab, or a separator on an xlsx profile.
absl::StatusOr<CompiledProfile> CompileProfile(TenantProfile profile);

// Parses a file with a compiled profile (its kind decides CSV or xlsx), into the same result as
// ParseFnacExport. `file_name` names the file in every message. Errors as ParseFnacExport, plus,
// for CSV, the shared reader's French errors (file, line, column, value: unclosed quote, a record
// with another number of fields than the header, …) and ResourceExhausted beyond limits.max_rows
// records or limits.max_memory_bytes. Issues name the CSV line as `row` and the column letters
// (A = first field) as `column`, with the header text.
absl::StatusOr<ParsedExport> ParseWithProfile(const CompiledProfile& profile,
                                              std::string_view file_name, std::string_view bytes,
                                              const XlsxLimits& limits = {});

}  // namespace factflow::importer::domain
