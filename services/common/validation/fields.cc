#include "validation/fields.h"

#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"

namespace factflow::validation {
namespace {

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Length of the UTF-8 sequence starting at s[i], 0 when it is not a valid one.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  }
  return n;
}

}  // namespace

std::string Echo(std::string_view input) {
  std::string out = "« ";
  size_t shown = 0;
  for (char c : input) {
    if (shown == kMaxEcho) {
      out += "…";
      break;
    }
    out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    ++shown;
  }
  out += " »";
  return out;
}

bool IsValidTenantId(std::string_view tenant_id) {
  if (tenant_id.empty() || tenant_id.size() > 63) return false;
  for (size_t i = 0; i < tenant_id.size(); ++i) {
    char c = tenant_id[i];
    bool alnum = (c >= 'a' && c <= 'z') || IsDigit(c);
    if (!alnum && (i == 0 || (c != '-' && c != '_'))) return false;
  }
  return true;
}

absl::Status CheckTenantId(std::string_view tenant_id) {
  if (IsValidTenantId(tenant_id)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "tenant_id : ", Echo(tenant_id),
      " n'est pas un identifiant de dossier valide (1 à 63 caractères parmi a-z, 0-9, - et _, "
      "commençant par une lettre ou un chiffre)"));
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !IsHex(text[i])) return false;
  }
  return true;
}

absl::Status CheckUuid(std::string_view field, std::string_view value, bool optional) {
  if ((optional && value.empty()) || IsUuid(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      AsAbsl(field), " : ", Echo(value), " n'est pas un identifiant valide (UUID attendu)"));
}

absl::Status CheckDate(std::string_view field, std::string_view value, bool optional) {
  if (optional && value.empty()) return absl::OkStatus();
  bool shape = value.size() == 10 && value[4] == '-' && value[7] == '-';
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) shape = shape && IsDigit(value[i]);
  if (shape) {
    int year =
        (value[0] - '0') * 1000 + (value[1] - '0') * 100 + (value[2] - '0') * 10 + (value[3] - '0');
    int month = (value[5] - '0') * 10 + (value[6] - '0');
    int day = (value[8] - '0') * 10 + (value[9] - '0');
    if (year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month)) {
      return absl::OkStatus();
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      AsAbsl(field), " : ", Echo(value), " n'est pas une date valide (AAAA-MM-JJ attendu)"));
}

absl::Status CheckRange(std::string_view field, int64_t value, int64_t min, int64_t max) {
  if (value >= min && value <= max) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(AsAbsl(field), " : ", value, " hors des limites (de ", min, " à ", max, ")"));
}

absl::Status CheckText(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(AsAbsl(field), " : texte trop long (",
                                                   value.size(), " octets, ", max_bytes,
                                                   " au maximum)"));
  }
  for (size_t i = 0; i < value.size();) {
    size_t n = Utf8Length(value, i);
    if (n == 0 || (n == 1 && static_cast<unsigned char>(value[i]) < 0x20)) {
      return absl::InvalidArgumentError(
          absl::StrCat(AsAbsl(field), " : ", Echo(value),
                       " contient des caractères invalides (UTF-8 sans caractère "
                       "de contrôle attendu)"));
    }
    i += n;
  }
  return absl::OkStatus();
}

}  // namespace factflow::validation
