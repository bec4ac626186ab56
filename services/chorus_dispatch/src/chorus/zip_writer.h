#pragma once

// A ZIP archive built in memory with libzip, for the Chorus Pro lots and the "retrieve for
// Chorus" ZIP of signed PDFs. Memory holds the entries until Finish: callers bound a ZIP by
// the Chorus Pro lot limits (domain/chorus_export.h). Not thread-safe (one writer per ZIP).

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace factflow::dispatch::chorus {

class ZipWriter {
 public:
  // `name` is a file name made by the service (never user text as is).
  void Add(std::string name, std::string content) {
    bytes_ += static_cast<int64_t>(content.size());
    entries_.emplace_back(std::move(name), std::move(content));
  }
  size_t files() const { return entries_.size(); }
  int64_t bytes() const { return bytes_; }
  // The archive's bytes; the writer is empty afterwards. Internal when libzip fails.
  absl::StatusOr<std::string> Finish();

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
  int64_t bytes_ = 0;
};

}  // namespace factflow::dispatch::chorus
