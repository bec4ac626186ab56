#include "files/confined_path.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace factflow::files {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxNameBytes = 255;

bool KeptAsIs(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  if (c == '-' || c == '_') return true;
  return c == '.' && !first;
}

bool IsSafeName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes || name[0] == '.') return false;
  for (char c : name) {
    if (c == '/' || c == '\0' || c == '\\') return false;
  }
  return true;
}

// True when `path` is `root` itself or below it (both resolved, lexically normal).
bool IsUnder(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // trailing separator of the root
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

absl::StatusOr<fs::path> Resolve(const fs::path& path) {
  std::error_code error;
  fs::path resolved = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot resolve ", path.string(), ": ", error.message()));
  }
  return resolved;
}

}  // namespace

std::string SafeFileName(std::string_view text) {
  if (text.empty()) return "%";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (KeptAsIs(c, i == 0)) {
      out.push_back(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

absl::StatusOr<fs::path> ConfinedPath(const fs::path& root,
                                      const std::vector<std::string>& segments) {
  if (root.empty()) return absl::InvalidArgumentError("no root folder given");
  if (segments.empty()) return absl::InvalidArgumentError("no file name given");
  absl::StatusOr<fs::path> resolved_root = Resolve(root);
  if (!resolved_root.ok()) return resolved_root.status();
  fs::path candidate = *resolved_root;
  for (const std::string& segment : segments) {
    if (!IsSafeName(segment)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unsafe path segment (", segment.size(), " bytes)"));
    }
    candidate /= segment;
  }
  absl::StatusOr<fs::path> resolved = Resolve(candidate);
  if (!resolved.ok()) return resolved.status();
  if (*resolved == *resolved_root || !IsUnder(*resolved, *resolved_root)) {
    return absl::FailedPreconditionError(absl::StrCat(
        resolved->string(), " resolves outside its root folder ", resolved_root->string()));
  }
  return *resolved;
}

absl::StatusOr<fs::path> WriteConfinedFile(const fs::path& root,
                                           const std::vector<std::string>& segments,
                                           std::string_view bytes) {
  absl::StatusOr<fs::path> path = ConfinedPath(root, segments);
  if (!path.ok()) return path.status();
  std::error_code error;
  fs::create_directories(path->parent_path(), error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", path->parent_path().string(), ": ", error.message()));
  }
  // Check again once the folders exist: one of them may be a symbolic link made meanwhile.
  absl::StatusOr<fs::path> checked = ConfinedPath(root, segments);
  if (!checked.ok()) return checked.status();
  if (*checked != *path) return absl::FailedPreconditionError("path changed while writing");

  fs::path temporary = *path;
  temporary += absl::StrCat(".", ::getpid(), ".tmp");
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open ", temporary.string(), ": ", std::strerror(errno)));
  }
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      return absl::UnavailableError(
          absl::StrCat("cannot write ", temporary.string(), ": ", std::strerror(saved)));
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    ::unlink(temporary.c_str());
    return absl::UnavailableError(absl::StrCat("cannot write ", temporary.string()));
  }
  fs::rename(temporary, *path, error);
  if (error) {
    ::unlink(temporary.c_str());
    return absl::UnavailableError(
        absl::StrCat("cannot rename to ", path->string(), ": ", error.message()));
  }
  return *path;
}

}  // namespace factflow::files
