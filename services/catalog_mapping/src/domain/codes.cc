#include "domain/codes.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace factflow::catalog_mapping::domain {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

}  // namespace

// Shown in messages: long values are cut so that an error stays readable.
std::string Excerpt(std::string_view value) {
  constexpr size_t kShown = 40;
  if (value.size() <= kShown) return std::string(value);
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(std::string(value.substr(0, cut)), "...");
}

namespace {

absl::Status CheckTextShape(std::string_view field, std::string_view value, int max_length,
                            std::string_view what) {
  if (HasControlCharacter(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), " « ", Excerpt(value),
                     " » contient un caractère de contrôle (tabulation, saut de ligne...) : "
                     "retirez-le"));
  }
  int length = CharacterCount(value);
  if (length > max_length) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), " « ", Excerpt(value), " » fait ", length,
                     " caractères : ", std::string(what), " au plus ", max_length, " caractères"));
  }
  return absl::OkStatus();
}

}  // namespace

int CharacterCount(std::string_view utf8) {
  int count = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

absl::StatusOr<std::string> NormalizeCode(std::string_view field, std::string_view value) {
  std::string_view code = TrimSpaces(value);
  if (code.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(field), " est vide : donnez un code de 1 à ", kMaxCodeLength, " caractères"));
  }
  if (absl::Status shape = CheckTextShape(field, code, kMaxCodeLength, "un code fait");
      !shape.ok()) {
    return shape;
  }
  return std::string(code);
}

absl::StatusOr<std::string> NormalizeText(std::string_view field, std::string_view value,
                                          bool required, int max_length) {
  std::string_view text = TrimSpaces(value);
  if (text.empty() && required) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), " est obligatoire : donnez un texte non vide"));
  }
  if (absl::Status shape = CheckTextShape(field, text, max_length, "écrivez"); !shape.ok()) {
    return shape;
  }
  return std::string(text);
}

void Problems::Add(const absl::Status& status) {
  if (!status.ok()) messages_.push_back(std::string(status.message()));
}

void Problems::Add(std::string message) { messages_.push_back(std::move(message)); }

absl::Status Problems::Finish() const {
  if (messages_.empty()) return absl::OkStatus();
  // A request with thousands of wrong entries gets a readable answer: the first few problems.
  constexpr size_t kShown = 5;
  if (messages_.size() <= kShown) return absl::InvalidArgumentError(absl::StrJoin(messages_, "; "));
  return absl::InvalidArgumentError(
      absl::StrCat(absl::StrJoin(messages_.begin(), messages_.begin() + kShown, "; "), "; et ",
                   messages_.size() - kShown, " autres problèmes"));
}

}  // namespace factflow::catalog_mapping::domain
