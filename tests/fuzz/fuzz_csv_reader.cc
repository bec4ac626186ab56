// libFuzzer target: the shared CSV reader (services/common/csv) on arbitrary bytes, fed in chunks
// whose size is taken from the first byte (chunk boundaries inside quotes, CRLF, UTF-8 sequences
// and the BOM are exercised). Properties: never crashes, hangs or exceeds its record bound; a
// successful parse gives the same records whatever the chunking.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_reader.h"

namespace {

std::vector<std::string> Parse(std::string_view bytes, size_t chunk, absl::Status* status) {
  std::vector<std::string> out;
  factflow::csv::Options options;
  options.file_name = "fuzz.csv";
  options.max_record_bytes = 4096;
  factflow::csv::Reader reader(options, [&](const factflow::csv::Record& record) {
    std::string joined;
    for (std::string_view field : record.fields) {
      joined.append(field);
      joined.push_back('\x1F');
    }
    out.push_back(std::move(joined));
    return absl::OkStatus();
  });
  *status = absl::OkStatus();
  for (size_t at = 0; at < bytes.size() && status->ok(); at += chunk) {
    *status = reader.Feed(bytes.substr(at, chunk));
  }
  if (status->ok()) *status = reader.Finish();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = 1 + data[0] % 17;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  absl::Status whole_status, chunked_status;
  auto whole = Parse(bytes, bytes.size() + 1, &whole_status);
  auto chunked = Parse(bytes, chunk, &chunked_status);
  // Detection looks at the first 64 KiB whatever the chunking, so both parses agree.
  if (whole_status.ok() != chunked_status.ok()) std::abort();
  if (whole_status.ok() && whole != chunked) std::abort();
  return 0;
}
