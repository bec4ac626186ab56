#pragma once

// Conversions between std::string_view (the type of this library's API and of money::Decimal)
// and absl::string_view. Debian builds Abseil with ABSL_OPTION_USE_STD_STRING_VIEW=0, so the two
// are distinct types and Abseil's string functions (StrCat, StrSplit, StripAsciiWhitespace, ...)
// do not accept a std::string_view directly.
//
// Thread safety: pure functions.

#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace factflow::importer::domain {

inline absl::string_view AsAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view AsStd(absl::string_view s) { return {s.data(), s.size()}; }

// Without leading and trailing ASCII whitespace.
inline std::string_view TrimAscii(std::string_view s) {
  return AsStd(absl::StripAsciiWhitespace(AsAbsl(s)));
}

}  // namespace factflow::importer::domain
