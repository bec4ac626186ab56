#include "domain/chorus_export.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace factflow::dispatch::domain {

absl::StatusOr<ChorusSyntax> ParseChorusSyntax(std::string_view text) {
  std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  if (upper.empty() || upper == "FACTURX" || upper == "FACTUR-X") return ChorusSyntax::kFacturX;
  if (upper == "CII") return ChorusSyntax::kCii;
  return absl::InvalidArgumentError(
      absl::StrCat("syntax : « ", upper.substr(0, 20),
                   " » n'est pas un format Chorus Pro ; choisissez FACTURX ou CII"));
}

std::string_view ChorusSyntaxCode(ChorusSyntax syntax) {
  return syntax == ChorusSyntax::kCii ? "CII" : "FACTURX";
}

std::string_view ChorusSyntaxFlux(ChorusSyntax syntax) {
  return syntax == ChorusSyntax::kCii ? "IN_DP_E1_CII_16B" : "IN_DP_E2_CII_FACTURX";
}

std::string_view ChorusSyntaxExtension(ChorusSyntax syntax) {
  return syntax == ChorusSyntax::kCii ? ".xml" : ".pdf";
}

absl::StatusOr<std::string> ChorusFileName(std::string_view invoice_number, ChorusSyntax syntax) {
  std::string name;
  for (char c : invoice_number) {
    bool kept = absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    name.push_back(kept ? c : '_');
  }
  if (name.empty()) name = "_";
  name.append(ChorusSyntaxExtension(syntax));
  if (name.size() > kChorusMaxFileNameChars) {
    return absl::FailedPreconditionError(
        absl::StrCat("nom de fichier « ", name, " » trop long pour Chorus Pro (", name.size(),
                     " caractères, au plus ", kChorusMaxFileNameChars, ")"));
  }
  return name;
}

bool LotCutter::Add(int64_t size) {
  bool cut =
      files_ > 0 && (bytes_ + size > limits_.max_lot_bytes || files_ + 1 > limits_.max_lot_files);
  if (cut) {
    files_ = 0;
    bytes_ = 0;
  }
  ++files_;
  bytes_ += size;
  return cut;
}

}  // namespace factflow::dispatch::domain
