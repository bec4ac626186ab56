// libFuzzer target: the whole FNAC upload parse (xlsx reader + header matching + row validation)
// on arbitrary bytes. Property: never crashes, hangs or exhausts memory.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/fnac_profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = factflow::importer::domain::ParseFnacExport("fuzz.xlsx", bytes);
  (void)parsed;
  return 0;
}
