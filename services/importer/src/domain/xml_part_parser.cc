#include "domain/xml_part_parser.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain::xml {
namespace {

constexpr size_t kChunkSize = 128 * 1024;

struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileClose>;

absl::Status Scan(zip_file_t* file, std::string_view part, SaxHandler& handler,
                  ParseBudget& budget) {
  XmlScanner scanner(part, handler, budget.limits().max_token_bytes);
  for (;;) {
    if (absl::Status s = budget.CheckTime(); !s.ok()) return s;
    size_t wanted = scanner.NextReadSize(kChunkSize);
    char* buffer = scanner.Reserve(wanted);
    zip_int64_t read = zip_fread(file, buffer, wanted);
    if (read < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(AsAbsl(part), " : archive corrompue (", zip_file_strerror(file), ")"));
    }
    if (absl::Status s = budget.ChargeInflated(read); !s.ok()) return s;
    if (absl::Status s = scanner.Feed(static_cast<size_t>(read)); !s.ok()) return s;
    if (read == 0) return absl::OkStatus();
  }
}

}  // namespace

absl::Status NotAWorkbook(std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "le fichier n'est pas un classeur Excel .xlsx (", AsAbsl(why),
      ") : ré-enregistrez-le depuis Excel ou LibreOffice au format « Classeur Excel (.xlsx) »"));
}

std::optional<zip_uint64_t> FindEntry(zip_t* zip, std::string_view name) {
  zip_int64_t index = zip_name_locate(zip, std::string(name).c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(index);
}

absl::Status ParsePart(zip_t* zip, zip_uint64_t index, std::string_view part, SaxHandler& handler,
                       ParseBudget& budget) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip, index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE)) {
    if (absl::Status s = budget.CheckDeclaredSize(static_cast<int64_t>(stat.size)); !s.ok()) {
      return s;
    }
  }
  ZipFilePtr file(zip_fopen_index(zip, index, 0));
  if (file == nullptr) {
    zip_error_t* error = zip_get_error(zip);
    if (zip_error_code_zip(error) == ZIP_ER_NOPASSWD ||
        zip_error_code_zip(error) == ZIP_ER_WRONGPASSWD) {
      return NotAWorkbook("classeur chiffré ; enregistrez-le sans mot de passe");
    }
    return absl::InvalidArgumentError(absl::StrCat(AsAbsl(part), " : illisible dans l'archive (",
                                                   zip_error_strerror(error), ")"));
  }
  return Scan(file.get(), part, handler, budget);
}

}  // namespace factflow::importer::domain::xml
