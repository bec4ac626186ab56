#include "connectors/folders.h"

#include <algorithm>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/connector.h"
#include "files/confined_path.h"
#include "strings/absl_bridge.h"

namespace factflow::catalog_mapping::connectors {
namespace {

bool IsEtaFileName(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (!lower.ends_with(".csv")) return false;
  return lower.starts_with("importdocuments") || lower.starts_with("importtiers");
}

}  // namespace

ConnectorFolders::ConnectorFolders(std::filesystem::path root) : root_(std::move(root)) {}

absl::StatusOr<std::filesystem::path> ConnectorFolders::Resolve(std::string_view field,
                                                                std::string_view relative) const {
  if (root_.empty()) {
    return absl::FailedPreconditionError(
        "aucun dossier racine des connecteurs n'est configuré (FACTFLOW_CONNECTOR_ROOT) : le mode "
        "CSV_FOLDER est indisponible");
  }
  auto segments = domain::SplitFolderPath(field, relative, root_.string());
  if (!segments.ok()) return segments.status();
  auto path = files::ConfinedPath(root_, *segments);
  if (!path.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        AsAbsl(field), " « ", AsAbsl(relative),
        " » sort du dossier racine des connecteurs (lien symbolique ?) : choisissez un dossier "
        "sous la racine"));
  }
  return *path;
}

absl::StatusOr<std::string> ConnectorFolders::Prepare(std::string_view field,
                                                      std::string_view path) const {
  auto resolved = Resolve(field, path);
  if (!resolved.ok()) return resolved.status();
  std::error_code error;
  std::filesystem::create_directories(*resolved, error);
  if (error || !std::filesystem::is_directory(*resolved, error)) {
    return absl::UnavailableError(absl::StrCat("le dossier ", AsAbsl(field), " « ", AsAbsl(path),
                                               " » ne peut pas être créé sous la racine"));
  }
  // Re-checked once it exists: a link created meanwhile must not lead outside.
  auto again = Resolve(field, path);
  if (!again.ok()) return again.status();
  auto segments = domain::SplitFolderPath(field, path, root_.string());
  return absl::StrJoin(*segments, "/");
}

absl::StatusOr<std::vector<std::string>> ConnectorFolders::PendingFiles(
    std::string_view relative) const {
  auto folder = Resolve("import_path", relative);
  if (!folder.ok()) return folder.status();
  std::vector<std::string> names;
  std::error_code error;
  std::filesystem::directory_iterator it(*folder, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return names;
    return absl::UnavailableError(
        absl::StrCat("le dossier d'import « ", AsAbsl(relative), " » est illisible"));
  }
  for (const auto& entry : it) {
    std::error_code type_error;
    if (!entry.is_regular_file(type_error) || entry.is_symlink(type_error)) continue;
    std::string name = entry.path().filename().string();
    if (IsEtaFileName(name)) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace factflow::catalog_mapping::connectors
