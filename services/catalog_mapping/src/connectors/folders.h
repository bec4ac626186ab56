#pragma once

// The exchange folders of CSV connectors, all under one root folder the deployment configures
// (FACTFLOW_CONNECTOR_ROOT). Operators give folders relative to that root ("eta/import"), or
// absolute paths under it; a folder that escapes it ("..", an absolute path elsewhere, a
// symbolic link leading outside) is refused. Paths are never built from the operator's text as
// is: each segment must be a plain name (domain::SplitFolderPath) and the resolved path is checked
// by files::ConfinedPath after resolving symbolic links.
//
// Thread safety: thread-safe (const; the filesystem is the shared state).
//
// Errors (French, naming the field and the path): InvalidArgument for a refused path,
// FailedPrecondition when no root is configured, Unavailable when the disk refuses.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::connectors {

class ConnectorFolders {
 public:
  // `root` empty: CSV connectors are refused (FailedPrecondition) until it is configured.
  explicit ConnectorFolders(std::filesystem::path root);

  // Checks `path` for `field` ("connector.import_path"), creates the folder when missing, and
  // returns it normalised relative to the root ("eta/import").
  absl::StatusOr<std::string> Prepare(std::string_view field, std::string_view path) const;
  // The absolute folder of a stored relative path, re-checked (a link may have appeared since).
  absl::StatusOr<std::filesystem::path> Resolve(std::string_view field,
                                                std::string_view relative) const;
  // The ETA files waiting in a folder: ImportDocuments*.csv and ImportTiers*.csv (case of the
  // extension ignored), regular files only, sorted by name.
  absl::StatusOr<std::vector<std::string>> PendingFiles(std::string_view relative) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace factflow::catalog_mapping::connectors
