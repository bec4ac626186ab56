#pragma once

// Checks of the identifiers and fields that arrive in RPCs, done at the boundary so that
// nothing malformed reaches SQL (where it would fail with a database error) or a file path.
// Messages are in French, name the field, and echo the input only through Echo (capped,
// printable), so a hostile 1 MiB value never comes back to the caller. Pure, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace factflow::validation {

// Longest echo of a caller's input in an error message, in characters.
inline constexpr size_t kMaxEcho = 64;

// `input` for an error message: printable ASCII kept, other bytes shown as '?', cut to kMaxEcho
// characters with "…" when longer, between French quotes: « abc ».
std::string Echo(std::string_view input);

// Tenant ids: 1 to 63 characters among a-z, 0-9, '-' and '_', starting with a letter or digit.
// They name folders and database rows, so the pattern is strict; enforced at tenant creation.
bool IsValidTenantId(std::string_view tenant_id);
absl::Status CheckTenantId(std::string_view tenant_id);

// A UUID in its canonical text form (8-4-4-4-12 hexadecimal digits).
bool IsUuid(std::string_view text);

// InvalidArgument naming `field` unless `value` is a UUID. With `optional`, "" is accepted.
absl::Status CheckUuid(std::string_view field, std::string_view value, bool optional = false);

// InvalidArgument naming `field` unless `value` is a calendar date YYYY-MM-DD between 1900 and
// 9999. With `optional`, "" is accepted.
absl::Status CheckDate(std::string_view field, std::string_view value, bool optional = false);

// InvalidArgument naming `field` unless `value` is in [min, max].
absl::Status CheckRange(std::string_view field, int64_t value, int64_t min, int64_t max);

// InvalidArgument naming `field` when `value` is longer than `max_bytes` or not valid UTF-8
// text without control characters.
absl::Status CheckText(std::string_view field, std::string_view value, size_t max_bytes);

}  // namespace factflow::validation
