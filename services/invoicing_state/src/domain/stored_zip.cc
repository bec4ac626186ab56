#include "domain/stored_zip.h"

#include <zlib.h>

#include <limits>

#include "absl/strings/str_cat.h"

namespace factflow::invoicing::domain {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentral = 0x06054b50;
constexpr uint16_t kVersion = 20;  // 2.0: stored entries, directories
constexpr uint16_t kUtf8Names = 1 << 11;
// 1980-01-01 00:00 in MS-DOS format: the archive does not depend on when it was made.
constexpr uint16_t kDosTime = 0;
constexpr uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr size_t kMaxNameBytes = 255;

void Put16(std::string& out, uint16_t value) {
  out.push_back(static_cast<char>(value & 0xff));
  out.push_back(static_cast<char>(value >> 8));
}

void Put32(std::string& out, uint32_t value) {
  Put16(out, static_cast<uint16_t>(value & 0xffff));
  Put16(out, static_cast<uint16_t>(value >> 16));
}

absl::Status TooLarge() {
  return absl::ResourceExhaustedError(absl::StrCat(
      "l'archive ZIP dépasserait ", kMaxZipEntries,
      " fichiers ou 4 Gio : imprimez la sélection en plusieurs fois (par lot ou par dates)"));
}

}  // namespace

absl::StatusOr<std::string> StoredZipWriter::Add(std::string_view name, std::string_view data) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("nom de fichier d'archive vide ou de plus de ", kMaxNameBytes, " octets"));
  }
  constexpr uint64_t kLimit = std::numeric_limits<uint32_t>::max();
  const uint64_t entry_size = 30 + name.size() + data.size();
  if (central_.size() >= kMaxZipEntries || offset_ + entry_size > kLimit) return TooLarge();
  CentralEntry entry;
  entry.name = std::string(name);
  entry.crc32 = static_cast<uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(data.data()), data.size()));
  entry.size = static_cast<uint32_t>(data.size());
  entry.offset = static_cast<uint32_t>(offset_);

  std::string out;
  out.reserve(entry_size);
  Put32(out, kLocalHeader);
  Put16(out, kVersion);
  Put16(out, kUtf8Names);
  Put16(out, 0);  // stored
  Put16(out, kDosTime);
  Put16(out, kDosDate);
  Put32(out, entry.crc32);
  Put32(out, entry.size);  // compressed = uncompressed
  Put32(out, entry.size);
  Put16(out, static_cast<uint16_t>(name.size()));
  Put16(out, 0);  // extra field
  out.append(name);
  out.append(data);
  offset_ += out.size();
  central_.push_back(std::move(entry));
  return out;
}

std::string StoredZipWriter::Finish() const {
  std::string out;
  for (const CentralEntry& entry : central_) {
    Put32(out, kCentralHeader);
    Put16(out, kVersion);  // made by
    Put16(out, kVersion);  // needed
    Put16(out, kUtf8Names);
    Put16(out, 0);
    Put16(out, kDosTime);
    Put16(out, kDosDate);
    Put32(out, entry.crc32);
    Put32(out, entry.size);
    Put32(out, entry.size);
    Put16(out, static_cast<uint16_t>(entry.name.size()));
    Put16(out, 0);  // extra
    Put16(out, 0);  // comment
    Put16(out, 0);  // disk
    Put16(out, 0);  // internal attributes
    Put32(out, 0);  // external attributes
    Put32(out, entry.offset);
    out.append(entry.name);
  }
  const uint32_t directory_size = static_cast<uint32_t>(out.size());
  Put32(out, kEndOfCentral);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint16_t>(central_.size()));
  Put16(out, static_cast<uint16_t>(central_.size()));
  Put32(out, directory_size);
  Put32(out, static_cast<uint32_t>(offset_));
  Put16(out, 0);  // comment
  return out;
}

}  // namespace factflow::invoicing::domain
