#include "domain/header_matcher.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace factflow::importer::domain {
namespace {

// ASCII spelling of U+00C0..U+00FF; "" is a separator (× and ÷).
constexpr std::array<std::string_view, 64> kLatin1Letters = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

constexpr uint32_t kInvalid = 0xFFFFFFFF;

// Decodes one UTF-8 code point at text[i] and advances i; kInvalid (one byte consumed) on
// malformed input, which the caller treats as a separator.
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i++);
  if (lead < 0x80) return lead;
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0 || i + extra > text.size()) return kInvalid;
  uint32_t cp = lead & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += extra;
  return cp;
}

// ASCII spelling of a code point: letters and digits lowercased and unaccented, "" for a
// separator. Combining accents (U+0300..U+036F) are reported through `is_mark` so that a
// decomposed "é" (e + U+0301) stays one word.
std::string_view AsciiSpelling(uint32_t cp, bool& is_mark) {
  static constexpr std::string_view kAscii = "0123456789abcdefghijklmnopqrstuvwxyz";
  is_mark = cp >= 0x300 && cp <= 0x36F;
  if (cp >= '0' && cp <= '9') return kAscii.substr(cp - '0', 1);
  if (cp >= 'a' && cp <= 'z') return kAscii.substr(10 + cp - 'a', 1);
  if (cp >= 'A' && cp <= 'Z') return kAscii.substr(10 + cp - 'A', 1);
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1Letters[cp - 0xC0];
  if (cp == 0x152 || cp == 0x153) return "oe";
  if (cp == 0x178) return "y";
  return "";
}

bool IsNumberWord(std::string_view word) {
  return word == "n" || word == "no" || word == "num" || word == "numero";
}

bool IsStopWord(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kStopWords = {"de", "du",  "des", "d",  "la",
                                                                  "le", "les", "l",   "au", "aux"};
  return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

std::vector<std::string> HeaderWords(std::string_view header) {
  std::vector<std::string> words = FoldWords(header);
  for (std::string& word : words) {
    if (IsNumberWord(word)) word = "n";
  }
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += word;
  return out;
}

using KeyFunction = std::string (*)(std::string_view);

// Index of the field among `candidates` that has `key` for its header or an alias.
std::optional<size_t> FindField(std::span<const ProfileField> profile,
                                const std::vector<bool>& candidates, const std::string& key,
                                KeyFunction key_of) {
  for (size_t f = 0; f < profile.size(); ++f) {
    if (!candidates[f]) continue;
    if (key_of(profile[f].header) == key) return f;
    for (std::string_view alias : profile[f].aliases) {
      if (key_of(alias) == key) return f;
    }
  }
  return std::nullopt;
}

// One matching pass over the headers still unmatched, against the fields in `candidates`.
void MatchPass(std::span<const ProfileField> profile, std::span<const HeaderCell> headers,
               const std::vector<bool>& candidates, KeyFunction key_of, HeaderMatch& match) {
  for (size_t h = 0; h < headers.size(); ++h) {
    if (match.header_fields[h].has_value()) continue;
    std::string key = key_of(headers[h].text);
    if (key.empty()) continue;
    std::optional<size_t> field = FindField(profile, candidates, key, key_of);
    if (!field.has_value()) continue;
    match.header_fields[h] = field;
    if (!match.field_columns[*field].has_value()) {
      match.field_columns[*field] = headers[h].column;
      continue;
    }
    auto dup = std::find_if(match.duplicates.begin(), match.duplicates.end(),
                            [&](const DuplicateMatch& d) { return d.field == *field; });
    if (dup == match.duplicates.end()) {
      match.duplicates.push_back({*field, {*match.field_columns[*field]}});
      dup = std::prev(match.duplicates.end());
    }
    dup->columns.push_back(headers[h].column);
  }
}

void FindMissingRequired(std::span<const ProfileField> profile, HeaderMatch& match) {
  std::vector<bool> reported(profile.size(), false);
  for (size_t f = 0; f < profile.size(); ++f) {
    if (!profile[f].required || reported[f]) continue;
    std::vector<size_t> group = {f};
    if (!profile[f].required_group.empty()) {
      for (size_t g = f + 1; g < profile.size(); ++g) {
        if (profile[g].required_group == profile[f].required_group) group.push_back(g);
      }
    }
    bool present = std::any_of(group.begin(), group.end(),
                               [&](size_t g) { return match.field_columns[g].has_value(); });
    for (size_t g : group) reported[g] = true;
    if (!present) match.missing_required.push_back(std::move(group));
  }
}

}  // namespace

std::vector<std::string> FoldWords(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  size_t i = 0;
  while (i < text.size()) {
    bool is_mark = false;
    uint32_t cp = NextCodePoint(text, i);
    std::string_view spelling = cp == kInvalid ? "" : AsciiSpelling(cp, is_mark);
    if (is_mark) continue;
    if (!spelling.empty()) {
      current += spelling;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string FoldText(std::string_view text) { return Join(FoldWords(text)); }

std::string NormalizeHeader(std::string_view header) { return Join(HeaderWords(header)); }

std::string LooseHeaderKey(std::string_view header) {
  std::vector<std::string> words = HeaderWords(header);
  std::vector<std::string> kept;
  for (std::string& word : words) {
    if (!IsStopWord(word)) kept.push_back(word);
  }
  return Join(kept.empty() ? words : kept);
}

HeaderMatch MatchHeaders(std::span<const ProfileField> profile,
                         std::span<const HeaderCell> headers) {
  HeaderMatch match;
  match.field_columns.resize(profile.size());
  match.header_fields.resize(headers.size());
  MatchPass(profile, headers, std::vector<bool>(profile.size(), true), &NormalizeHeader, match);
  std::vector<bool> unmatched(profile.size());
  for (size_t f = 0; f < profile.size(); ++f) unmatched[f] = !match.field_columns[f].has_value();
  MatchPass(profile, headers, unmatched, &LooseHeaderKey, match);
  FindMissingRequired(profile, match);
  return match;
}

}  // namespace factflow::importer::domain
