#pragma once

// A ZIP archive written as a stream, one entry at a time, with bounded memory: each entry is
// stored (method 0, no compression: the entries are PDFs, already compressed) with its CRC-32
// and sizes in the local header, so an entry is emitted as soon as its bytes are known and
// nothing but the central directory (a few dozen bytes per entry) is kept until Finish().
// Why: a print of thousands of invoices is streamed to the operator's CLI as it is read from
// the database, page by page, never held whole in memory.
//
// Limits of the classic ZIP format (no ZIP64 here): at most 65 535 entries and 4 GiB in all;
// beyond them Add refuses with a French ResourceExhausted saying to print in several parts,
// never a truncated archive.
//
// Thread safety: one writer per stream, not shared.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace factflow::invoicing::domain {

inline constexpr size_t kMaxZipEntries = 65'535;

class StoredZipWriter {
 public:
  // The bytes of one entry (local header, then `data`), to send before the next one.
  // `name` is a file name in the archive (UTF-8, at most 255 bytes; the caller escapes what
  // comes from user data). Errors: InvalidArgument for an empty or too long name;
  // ResourceExhausted past kMaxZipEntries entries or 4 GiB.
  absl::StatusOr<std::string> Add(std::string_view name, std::string_view data);

  // The central directory and its end record: the last bytes of the archive (also for an
  // archive without entries).
  std::string Finish() const;

  size_t entries() const { return central_.size(); }

 private:
  struct CentralEntry {
    std::string name;
    uint32_t crc32 = 0;
    uint32_t size = 0;
    uint32_t offset = 0;
  };
  std::vector<CentralEntry> central_;
  uint64_t offset_ = 0;
};

}  // namespace factflow::invoicing::domain
