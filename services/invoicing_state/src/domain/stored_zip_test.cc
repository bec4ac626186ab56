// The streamed ZIP is read back by Info-ZIP's unzip (Debian package unzip), an independent
// reader: every entry listed with its name and tested against its CRC-32, contents equal.
#include "domain/stored_zip.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace factflow::invoicing::domain {
namespace {

std::string Shell(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) out.append(buffer.data(), n);
  return out;
}

std::filesystem::path TempZip(const std::string& bytes) {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               absl::StrCat("stored_zip_test_", getpid(), ".zip");
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string Content(int i) {
  // Binary content of varied sizes, like PDFs: every byte value, a few KiB.
  std::string data;
  for (int k = 0; k < 1000 + (i * 37) % 5000; ++k) data.push_back(static_cast<char>((k * 7 + i) & 0xff));
  return data;
}

TEST(StoredZip, TwoThousandEntriesReadBackByUnzip) {
  StoredZipWriter writer;
  std::string zip;
  constexpr int kEntries = 2000;
  for (int i = 0; i < kEntries; ++i) {
    absl::StatusOr<std::string> entry =
        writer.Add(absl::StrCat("FA2026-", 100000 + i, ".pdf"), Content(i));
    ASSERT_TRUE(entry.ok()) << entry.status();
    zip += *entry;
  }
  zip += writer.Finish();
  std::filesystem::path path = TempZip(zip);
  std::string tested = Shell(absl::StrCat("unzip -t ", path.string(), " 2>&1"));
  EXPECT_NE(tested.find("No errors detected"), std::string::npos) << tested.substr(0, 2000);
  std::string listing = Shell(absl::StrCat("unzip -Z1 ", path.string()));
  std::vector<std::string> names = absl::StrSplit(listing, '\n', absl::SkipEmpty());
  ASSERT_EQ(names.size(), static_cast<size_t>(kEntries));
  EXPECT_EQ(names.front(), "FA2026-100000.pdf");
  EXPECT_EQ(names.back(), "FA2026-101999.pdf");
  EXPECT_EQ(Shell(absl::StrCat("unzip -p ", path.string(), " FA2026-101234.pdf")), Content(1234));
  std::filesystem::remove(path);
}

TEST(StoredZip, EmptyArchiveIsValid) {
  StoredZipWriter writer;
  std::string zip = writer.Finish();
  EXPECT_EQ(zip.size(), 22u);
  std::filesystem::path path = TempZip(zip);
  std::string listing = Shell(absl::StrCat("unzip -l ", path.string(), " 2>&1"));
  EXPECT_NE(listing.find("zipfile is empty"), std::string::npos) << listing;
  std::filesystem::remove(path);
}

TEST(StoredZip, BadNamesAreRefusedInFrench) {
  StoredZipWriter writer;
  absl::StatusOr<std::string> empty = writer.Add("", "x");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(empty.status().message()).find("nom de fichier"), std::string::npos);
  EXPECT_FALSE(writer.Add(std::string(256, 'a'), "x").ok());
  EXPECT_EQ(writer.entries(), 0u);
}

}  // namespace
}  // namespace factflow::invoicing::domain
