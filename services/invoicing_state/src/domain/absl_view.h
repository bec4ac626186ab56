#pragma once

// Debian 12's Abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW
// is 0), to which std::string_view does not convert; absl::StrCat and absl::Status need it.
//
// Thread safety: a pure function.

#include <string_view>

#include "absl/strings/string_view.h"

namespace factflow::invoicing::domain {

inline absl::string_view AbslView(std::string_view text) { return {text.data(), text.size()}; }

}  // namespace factflow::invoicing::domain
