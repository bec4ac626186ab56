#include "domain/xlsx_test_util.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/xlsx_reader.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain::test_util {
namespace {

[[noreturn]] void Die(std::string_view what, zip_error_t* error) {
  std::fprintf(stderr, "libzip: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               error == nullptr ? "" : zip_error_strerror(error));
  std::abort();
}

// Streams prefix + filler spaces + suffix to libzip without materialising the entry.
struct GeneratedEntry {
  std::string prefix;
  int64_t filler = 0;
  std::string suffix;
  std::string pattern;
  int64_t position = 0;
  zip_error_t error;

  int64_t size() const { return static_cast<int64_t>(prefix.size() + suffix.size()) + filler; }

  char At(int64_t i) const {
    if (i < static_cast<int64_t>(prefix.size())) return prefix[i];
    i -= static_cast<int64_t>(prefix.size());
    return i < filler ? pattern[static_cast<size_t>(i) % pattern.size()] : suffix[i - filler];
  }
};

zip_int64_t GeneratedCallback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* entry = static_cast<GeneratedEntry*>(user);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      entry->position = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      int64_t n = std::min<int64_t>(static_cast<int64_t>(len), entry->size() - entry->position);
      char* out = static_cast<char*>(data);
      int64_t start = entry->position;
      int64_t filler_begin = static_cast<int64_t>(entry->prefix.size());
      if (entry->pattern.size() == 1 && start >= filler_begin &&
          start + n <= filler_begin + entry->filler) {
        std::memset(out, entry->pattern[0],
                    static_cast<size_t>(n));  // the bulk of a bomb: fast path
      } else {
        for (int64_t i = 0; i < n; ++i) out[i] = entry->At(start + i);
      }
      entry->position += n;
      return n;
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* stat = static_cast<zip_stat_t*>(data);
      zip_stat_init(stat);
      stat->size = static_cast<zip_uint64_t>(entry->size());
      stat->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&entry->error, data, len);
    case ZIP_SOURCE_FREE:
      zip_error_fini(&entry->error);
      delete entry;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&entry->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

zip_source_t* EntrySource(zip_t* zip, const ZipEntry& entry) {
  auto* generated =
      new GeneratedEntry{entry.prefix, entry.filler_bytes, entry.suffix, entry.filler, 0, {}};
  zip_error_init(&generated->error);
  zip_source_t* source = zip_source_function(zip, &GeneratedCallback, generated);
  if (source == nullptr) Die("zip_source_function", zip_get_error(zip));
  return source;
}

std::string ReadAll(zip_source_t* source) {
  if (zip_source_open(source) < 0) Die("zip_source_open", zip_source_error(source));
  std::string out;
  char buffer[65536];
  zip_int64_t n = 0;
  while ((n = zip_source_read(source, buffer, sizeof(buffer))) > 0) {
    out.append(buffer, static_cast<size_t>(n));
  }
  if (n < 0) Die("zip_source_read", zip_source_error(source));
  zip_source_close(source);
  return out;
}

uint32_t ReadLe(const std::string& s, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

void WriteLe32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

constexpr absl::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr absl::string_view kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string ContentTypes(std::string_view sheet_part, bool shared_strings) {
  std::string xml = absl::StrCat(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
      R"(<Override PartName="/)",
      AsAbsl(sheet_part),
      R"(" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)");
  if (shared_strings) {
    absl::StrAppend(
        &xml,
        R"(<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>)");
  }
  return xml + "</Types>";
}

std::string CellXml(int column, int row, const TestCell& cell) {
  std::string ref = absl::StrCat(ColumnName(column), row);
  if (cell.number) return absl::StrCat(R"(<c r=")", ref, R"("><v>)", cell.value, "</v></c>");
  return absl::StrCat(R"(<c r=")", ref, R"(" t="inlineStr"><is><t>)", XmlEscape(cell.value),
                      "</t></is></c>");
}

}  // namespace

std::string BuildZip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) Die("zip_source_buffer_create", &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (zip == nullptr) Die("zip_open_from_source", &error);
  for (const ZipEntry& entry : entries) {
    if (zip_file_add(zip, entry.name.c_str(), EntrySource(zip, entry), ZIP_FL_ENC_UTF_8) < 0) {
      Die("zip_file_add", zip_get_error(zip));
    }
  }
  if (zip_close(zip) < 0) Die("zip_close", zip_get_error(zip));
  std::string out = ReadAll(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

bool PatchDeclaredSize(std::string& zip, std::string_view entry_name, uint32_t size) {
  struct Record {
    std::string_view signature;
    size_t name_length_at, name_at, size_at;
  };
  const Record kLocal{std::string_view("PK\x03\x04", 4), 26, 30, 22};
  const Record kCentral{std::string_view("PK\x01\x02", 4), 28, 46, 24};
  int patched = 0;
  for (const Record& record : {kLocal, kCentral}) {
    for (size_t at = zip.find(record.signature); at != std::string::npos;
         at = zip.find(record.signature, at + 4)) {
      if (at + record.name_at > zip.size()) break;
      uint32_t name_length = ReadLe(zip, at + record.name_length_at, 2);
      if (zip.compare(at + record.name_at, name_length, entry_name) != 0) continue;
      WriteLe32(zip, at + record.size_at, size);
      ++patched;
    }
  }
  return patched == 2;
}

std::string XmlEscape(std::string_view text) {
  return absl::StrReplaceAll(AsAbsl(text),
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

std::string SheetXml(std::string_view rows) {
  return absl::StrCat(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)",
                      R"(<worksheet xmlns=")", kMainNs, R"(" xmlns:r=")", kRelNs,
                      R"("><sheetData>)", AsAbsl(rows), "</sheetData></worksheet>");
}

std::string SharedStringsXml(const std::vector<std::string>& strings) {
  std::string xml = absl::StrCat(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)",
                                 R"(<sst xmlns=")", kMainNs, R"(" count=")", strings.size(),
                                 R"(" uniqueCount=")", strings.size(), R"(">)");
  for (const std::string& s : strings) absl::StrAppend(&xml, "<si><t>", XmlEscape(s), "</t></si>");
  return xml + "</sst>";
}

std::string BuildXlsx(const XlsxParts& parts) {
  bool shared = parts.shared_strings_xml.has_value() || parts.shared_strings_filler_bytes > 0;
  std::string workbook = absl::StrCat(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)", R"(<workbook xmlns=")", kMainNs,
      R"(" xmlns:r=")", kRelNs, R"(">)",
      parts.date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>",
      R"(<sheets><sheet name="Commandes" sheetId="1" r:id="rId7"/></sheets></workbook>)");
  std::string rels = absl::StrCat(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)",
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)",
      R"(<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/)",
      parts.sheet_part, R"("/>)",
      shared
          ? R"(<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
          : "",
      "</Relationships>");
  std::vector<ZipEntry> entries = {
      {"[Content_Types].xml", ContentTypes(parts.sheet_part, shared)},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml", workbook},
      {"xl/_rels/workbook.xml.rels", rels},
  };
  if (parts.sheet_filler_bytes > 0) {
    size_t split = parts.sheet_xml.find(parts.sheet_filler_before);
    entries.push_back({parts.sheet_part, parts.sheet_xml.substr(0, split), parts.sheet_filler_bytes,
                       parts.sheet_xml.substr(split), parts.sheet_filler});
  } else {
    entries.push_back({parts.sheet_part, parts.sheet_xml});
  }
  if (parts.shared_strings_filler_bytes > 0) {
    std::string xml = SharedStringsXml({});
    size_t split = xml.find("</sst>");
    entries.push_back({"xl/sharedStrings.xml", xml.substr(0, split),
                       parts.shared_strings_filler_bytes, xml.substr(split),
                       parts.shared_strings_filler});
  } else if (shared) {
    entries.push_back({"xl/sharedStrings.xml", *parts.shared_strings_xml});
  }
  return BuildZip(entries);
}

TestCell Num(std::string_view text) {
  TestCell cell{std::string(text)};
  cell.number = true;
  return cell;
}

std::string TableXlsx(const std::vector<std::vector<TestCell>>& rows, bool date1904) {
  std::string xml;
  for (size_t r = 0; r < rows.size(); ++r) {
    int row = static_cast<int>(r) + 1;
    absl::StrAppend(&xml, R"(<row r=")", row, R"(">)");
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (!rows[r][c].value.empty())
        absl::StrAppend(&xml, CellXml(static_cast<int>(c), row, rows[r][c]));
    }
    xml += "</row>";
  }
  return BuildXlsx({.sheet_xml = SheetXml(xml), .date1904 = date1904});
}

}  // namespace factflow::importer::domain::test_util
