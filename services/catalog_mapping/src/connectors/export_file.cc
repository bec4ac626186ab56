#include "connectors/export_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"

namespace factflow::catalog_mapping::connectors {
namespace {

absl::Status Refused(const std::string& name, std::string_view what) {
  return absl::UnavailableError(absl::StrCat("écriture de « ", name, " » impossible dans le "
                                             "dossier d'export (", std::string(what),
                                             ") : vérifiez le disque et les droits du dossier"));
}

}  // namespace

absl::StatusOr<ExportFile> ExportFile::Open(const std::filesystem::path& folder,
                                            std::string name) {
  std::filesystem::path temporary = folder / absl::StrCat(".", name, ".", ::getpid(), ".tmp");
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Refused(name, "ouverture");
  return ExportFile(folder, std::move(name), std::move(temporary), fd);
}

ExportFile::ExportFile(std::filesystem::path folder, std::string name,
                       std::filesystem::path temporary, int fd)
    : folder_(std::move(folder)), name_(std::move(name)), temporary_(std::move(temporary)),
      fd_(fd) {}

ExportFile::ExportFile(ExportFile&& other) noexcept
    : folder_(std::move(other.folder_)),
      name_(std::move(other.name_)),
      temporary_(std::move(other.temporary_)),
      fd_(std::exchange(other.fd_, -1)) {}

ExportFile::~ExportFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temporary_.c_str());
  }
}

absl::Status ExportFile::Append(std::string_view bytes) {
  if (fd_ < 0) return Refused(name_, "fichier déjà fermé");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Refused(name_, "écriture");
    written += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status ExportFile::Commit() {
  if (fd_ < 0) return Refused(name_, "fichier déjà fermé");
  const bool synced = ::fsync(fd_) == 0;
  const bool closed = ::close(fd_) == 0;
  fd_ = -1;
  std::error_code error;
  if (synced && closed) std::filesystem::rename(temporary_, folder_ / name_, error);
  if (!synced || !closed || error) {
    ::unlink(temporary_.c_str());
    return Refused(name_, "finalisation");
  }
  return absl::OkStatus();
}

}  // namespace factflow::catalog_mapping::connectors
