#pragma once

// Pure rules of the Chorus Pro export files (domain.md §5 and §6): the syntaxes Chorus Pro
// accepts, the file names it takes (at most 50 characters), and the ZIP lots within its limits
// (at most 10 MB per file, 120 MB per deposit). No I/O; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace factflow::dispatch::domain {

enum class ChorusSyntax {
  kFacturX,  // The signed Factur-X PDF/A-3: syntaxeFlux IN_DP_E2_CII_FACTURX.
  kCii,      // The CII D16B XML: syntaxeFlux IN_DP_E1_CII_16B.
};

// "FACTURX" (also "" and "factur-x") or "CII", case-insensitive; InvalidArgument in French
// naming the accepted values otherwise.
absl::StatusOr<ChorusSyntax> ParseChorusSyntax(std::string_view text);
std::string_view ChorusSyntaxCode(ChorusSyntax syntax);      // "FACTURX", "CII"
std::string_view ChorusSyntaxFlux(ChorusSyntax syntax);      // "IN_DP_E2_CII_FACTURX", ...
std::string_view ChorusSyntaxExtension(ChorusSyntax syntax);  // ".pdf", ".xml"

// Chorus Pro refuses longer file names.
inline constexpr size_t kChorusMaxFileNameChars = 50;

// The file name of an invoice in a lot: its number with every character Chorus Pro does not
// take in a file name ('/', spaces, ...) replaced by '_', then the syntax's extension.
// FailedPrecondition (French, with the name) when it would exceed 50 characters.
absl::StatusOr<std::string> ChorusFileName(std::string_view invoice_number, ChorusSyntax syntax);

struct LotLimits {
  int64_t max_lot_bytes = 120'000'000;  // A deposit (flux) on Chorus Pro.
  int64_t max_file_bytes = 10'000'000;  // One invoice file.
  int max_lot_files = 1000;             // Keeps a lot (and its memory) bounded.
};

// Cuts the ordered stream of files into lots: Add() says whether the file opens a new lot
// first. A file over max_file_bytes is never placed (the caller leaves it out, with its reason).
class LotCutter {
 public:
  explicit LotCutter(LotLimits limits) : limits_(limits) {}

  // True when `size` is above the per-file limit.
  bool TooLarge(int64_t size) const { return size > limits_.max_file_bytes; }
  // Places a file of `size` bytes (not TooLarge); returns true when the current lot must be
  // closed before it (it would overflow the byte or file count limit).
  bool Add(int64_t size);
  int files() const { return files_; }
  int64_t bytes() const { return bytes_; }

 private:
  LotLimits limits_;
  int files_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace factflow::dispatch::domain
