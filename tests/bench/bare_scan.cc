#include "bare_scan.h"

#include <expat.h>
#include <zip.h>

namespace factflow::bench {
namespace {

constexpr int kChunk = 64 * 1024;

void XMLCALL CountStart(void* data, const XML_Char*, const XML_Char**) {
  ++*static_cast<int64_t*>(data);
}
void XMLCALL IgnoreEnd(void*, const XML_Char*) {}
void XMLCALL IgnoreText(void*, const XML_Char*, int) {}

bool ScanEntry(zip_t* zip, const char* name, BareScan& scan) {
  zip_file_t* file = zip_fopen(zip, name, 0);
  if (file == nullptr) return false;
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetUserData(parser, &scan.elements);
  XML_SetElementHandler(parser, &CountStart, &IgnoreEnd);
  XML_SetCharacterDataHandler(parser, &IgnoreText);
  bool ok = true;
  for (;;) {
    void* buffer = XML_GetBuffer(parser, kChunk);
    zip_int64_t n = zip_fread(file, buffer, kChunk);
    if (n < 0) {
      ok = false;
      break;
    }
    scan.inflated_bytes += n;
    if (XML_ParseBuffer(parser, static_cast<int>(n), n == 0) != XML_STATUS_OK) {
      ok = false;
      break;
    }
    if (n == 0) break;
  }
  XML_ParserFree(parser);
  zip_fclose(file);
  return ok;
}

}  // namespace

BareScan BareZipExpatScan(std::string_view xlsx) {
  BareScan scan;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  zip_t* zip = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, &error);
  if (zip == nullptr) {
    if (source != nullptr) zip_source_free(source);
    zip_error_fini(&error);
    return scan;
  }
  bool shared_ok = zip_name_locate(zip, "xl/sharedStrings.xml", 0) < 0 ||
                   ScanEntry(zip, "xl/sharedStrings.xml", scan);
  scan.ok = shared_ok && ScanEntry(zip, "xl/worksheets/sheet1.xml", scan);
  zip_discard(zip);
  zip_error_fini(&error);
  return scan;
}

}  // namespace factflow::bench
