#pragma once

// Debian 12's Abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW=0),
// so absl::StrCat, absl::StrSplit and absl::Status messages neither take nor give
// std::string_view. These conversions cost nothing (no copy).

#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace factflow {

inline absl::string_view AsAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view AsStd(absl::string_view s) { return {s.data(), s.size()}; }

// `s` without leading and trailing ASCII whitespace.
inline std::string_view TrimAscii(std::string_view s) {
  return AsStd(absl::StripAsciiWhitespace(AsAbsl(s)));
}

}  // namespace factflow
