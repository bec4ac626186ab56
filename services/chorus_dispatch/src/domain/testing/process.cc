#include "domain/testing/process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace factflow::dispatch::domain::testing {

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(absl::StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, read);
  int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

std::string ShellQuote(const std::string& text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "'\\''"}}), "'");
}

namespace {

// One directory per process (ctest -j runs binaries side by side), removed at exit unless
// FACTFLOW_KEEP_TEST_FILES is set, to inspect the PDFs and XML a run produced.
class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              absl::StrCat("dispatch_domain_test.", getpid())) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    if (std::getenv("FACTFLOW_KEEP_TEST_FILES") == nullptr) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::string WriteTempFile(const std::string& name, const std::string& content) {
  static TempDir dir;
  std::filesystem::path path = dir.path() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(content.data(), static_cast<std::streamsize>(content.size()));
  return path.string();
}

}  // namespace factflow::dispatch::domain::testing
