#pragma once

// File paths that are never built from user data as is.
//
// Text that comes from tenants or operators (tenant ids, series prefixes, invoice numbers...)
// becomes a path segment only through SafeFileName, and every file is written through
// WriteConfinedFile, which checks, after resolving symbolic links, that the target stays under
// its root folder. A hostile value ("../../x", "/etc", "FA/26/") can therefore neither escape the
// root nor create unexpected sub-folders.
//
// Thread safety: the functions are stateless; concurrent writes of the same file are safe (each
// writer uses its own temporary file, the last rename wins).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factflow::files {

// An injective escaping of `text` into one file name: ASCII letters, digits, '-' and '_' are
// kept, '.' is kept except in first position, every other byte becomes "%XX" (upper-case hex).
// "" becomes "%". The result never contains '/', never is "." or "..", and never starts with '.'.
std::string SafeFileName(std::string_view text);

// root / segments[0] / ... resolved (symbolic links of existing parts followed) and checked to
// stay strictly under the resolved root. Each segment must be a single safe name (as made by
// SafeFileName, at most 255 bytes). InvalidArgument when a segment is not, FailedPrecondition
// when the resolved path leaves the root (for example through a symbolic link).
absl::StatusOr<std::filesystem::path> ConfinedPath(const std::filesystem::path& root,
                                                   const std::vector<std::string>& segments);

// Writes `bytes` to ConfinedPath(root, segments), creating the missing folders, through a
// temporary file renamed into place (readers never see a partial file; a rewrite replaces it).
// Returns the path written. Errors: those of ConfinedPath; Unavailable when the disk refuses.
absl::StatusOr<std::filesystem::path> WriteConfinedFile(const std::filesystem::path& root,
                                                        const std::vector<std::string>& segments,
                                                        std::string_view bytes);

}  // namespace factflow::files
