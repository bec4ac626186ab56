#include "chorus/zip_writer.h"

#include <zip.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace factflow::dispatch::chorus {
namespace {

absl::Status ZipError(const char* what, zip_error_t* error) {
  return absl::InternalError(absl::StrCat(what, ": ", zip_error_strerror(error)));
}

}  // namespace

absl::StatusOr<std::string> ZipWriter::Finish() {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_error_t, void (*)(zip_error_t*)> error_guard(&error, zip_error_fini);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return ZipError("zip_source_buffer_create", &error);
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> buffer_guard(buffer, zip_source_free);
  zip_source_keep(buffer);  // read back after zip_close
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (zip == nullptr) return ZipError("zip_open_from_source", &error);
  for (const auto& [name, content] : entries_) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    if (source == nullptr || zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      if (source != nullptr) zip_source_free(source);
      absl::Status status = ZipError("zip_file_add", zip_get_error(zip));
      zip_discard(zip);
      return status;
    }
  }
  if (zip_close(zip) < 0) {
    absl::Status status = ZipError("zip_close", zip_get_error(zip));
    zip_discard(zip);
    return status;
  }
  entries_.clear();
  bytes_ = 0;
  std::string out;
  if (zip_source_open(buffer) < 0) return ZipError("zip_source_open", zip_source_error(buffer));
  char chunk[1 << 16];
  for (zip_int64_t n; (n = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer);
  return out;
}

}  // namespace factflow::dispatch::chorus
