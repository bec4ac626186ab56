#pragma once

// Internal to the xlsx reader: SAX parsing of one zip entry (xml_scanner.h), streamed as it is
// inflated, under a ParseBudget.
//
// Why it exists: the reader's part handlers (workbook, relationships, shared strings, sheet) only
// see element starts, ends and text; this layer and the scanner own the hostile-input defences
// that apply to every part:
//   - inflated bytes are charged as they come out of zlib (zip bombs, falsified sizes);
//   - no DTD at all (no entity expansion, no external entities);
//   - nesting depth is bounded;
//   - one XML token (tag, comment, processing instruction, CDATA) is bounded in bytes
//     (XlsxLimits::max_token_bytes), and an unfinished one is re-scanned only after the input
//     doubled (expat 2.5, used before, re-scanned it at every buffer: quadratic);
//   - CPU time and the stop request are checked after every buffer fed.
//
// Errors: InvalidArgument for malformed XML or zip entries, ResourceExhausted/Cancelled from the
// budget, and whatever a handler returns (the first failure stops the parse). Messages in French,
// naming the part and the position.
//
// Thread safety: one parser per thread.

#include <zip.h>

#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "domain/parse_budget.h"
#include "domain/xml_scanner.h"

namespace factflow::importer::domain::xml {

// InvalidArgument: the file is not an .xlsx workbook, because `why` (French).
absl::Status NotAWorkbook(std::string_view why);

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

// Index of the entry named `name` (case-insensitive), nullopt if absent.
std::optional<zip_uint64_t> FindEntry(zip_t* zip, std::string_view name);

// Streams the zip entry `index`, named `part` in messages, through `handler`.
absl::Status ParsePart(zip_t* zip, zip_uint64_t index, std::string_view part, SaxHandler& handler,
                       ParseBudget& budget);

}  // namespace factflow::importer::domain::xml
