#pragma once

// A file of a connector's export folder written atomically: the content is streamed into
// ".<name>.<pid>.tmp" in the same folder (opened with O_NOFOLLOW, so a planted link is refused)
// and renamed to <name> by Commit() after fsync; a file not committed is removed. `name` must be a
// plain file name made by the program (never an operator's text).
//
// Thread safety: one object per thread.

#include <filesystem>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factflow::catalog_mapping::connectors {

class ExportFile {
 public:
  // Unavailable (French, naming the file) when the folder refuses.
  static absl::StatusOr<ExportFile> Open(const std::filesystem::path& folder, std::string name);
  ExportFile(ExportFile&& other) noexcept;
  ExportFile& operator=(ExportFile&&) = delete;
  ~ExportFile();

  absl::Status Append(std::string_view bytes);
  // fsync, close, rename into place. The object is spent afterwards.
  absl::Status Commit();
  const std::string& name() const { return name_; }

 private:
  ExportFile(std::filesystem::path folder, std::string name, std::filesystem::path temporary,
             int fd);
  std::filesystem::path folder_;
  std::string name_;
  std::filesystem::path temporary_;
  int fd_ = -1;
};

}  // namespace factflow::catalog_mapping::connectors
