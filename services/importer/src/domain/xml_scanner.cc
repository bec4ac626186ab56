#include "domain/xml_scanner.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_format.h"

namespace factflow::importer::domain::xml {
namespace {

constexpr size_t kMinRead = 64 * 1024;
constexpr size_t kMaxDepth = 64;        // SpreadsheetML nests a handful of levels
constexpr size_t kMaxEntityChars = 12;  // "&#x10FFFF;" and the named ones fit
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool IsNameEnd(char c) { return IsSpace(c) || c == '/' || c == '>'; }

bool IsBadNameChar(char c) { return c == '<' || c == '&' || c == '"' || c == '\'' || c == '='; }

std::string_view LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool AllSpace(std::string_view text) { return std::all_of(text.begin(), text.end(), IsSpace); }

bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

void AppendUtf8(uint32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The character an entity or character reference ("amp", "#233", "#xE9") stands for.
bool EntityValue(std::string_view name, std::string& out) {
  if (name == "lt") return out += '<', true;
  if (name == "gt") return out += '>', true;
  if (name == "amp") return out += '&', true;
  if (name == "quot") return out += '"', true;
  if (name == "apos") return out += '\'', true;
  if (name.size() < 2 || name[0] != '#') return false;
  bool hex = name[1] == 'x';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return false;
  uint32_t code = 0;
  for (char c : digits) {
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
    code = code * (hex ? 16 : 10) + d;
    if (code > 0x10FFFF) return false;
  }
  if (!IsXmlChar(code)) return false;
  AppendUtf8(code, out);
  return true;
}

}  // namespace

std::string_view Attribute(Attributes attrs, std::string_view local) {
  for (const XmlAttribute& attribute : attrs) {
    if (LocalName(attribute.name) == local) return attribute.value;
  }
  return {};
}

XmlScanner::XmlScanner(std::string_view part, SaxHandler& handler, int64_t max_token_bytes)
    : part_(part), handler_(handler), max_token_bytes_(max_token_bytes) {}

size_t XmlScanner::NextReadSize(size_t minimum) const {
  return std::max(minimum, retry_at_ > size_ ? retry_at_ - size_ : 0);
}

char* XmlScanner::Reserve(size_t bytes) {
  Compact();
  if (buffer_.size() < size_ + bytes) buffer_.resize(std::max(size_ + bytes, 2 * buffer_.size()));
  return buffer_.data() + size_;
}

void XmlScanner::Compact() {
  if (pos_ == 0) return;
  // SpreadsheetML is mostly one long line: memchr skips it far faster than a byte loop.
  const char* begin = buffer_.data();
  const char* end = begin + pos_;
  const char* last_newline = nullptr;
  for (const char* at = begin;
       (at = static_cast<const char*>(std::memchr(at, '\n', end - at))) != nullptr; ++at) {
    ++lines_before_;
    last_newline = at;
  }
  column_base_ = last_newline == nullptr ? column_base_ + static_cast<int64_t>(pos_)
                                         : static_cast<int64_t>(end - last_newline - 1);
  discarded_ += static_cast<int64_t>(pos_);
  std::memmove(buffer_.data(), buffer_.data() + pos_, size_ - pos_);
  size_ -= pos_;
  validated_ -= pos_;
  retry_at_ = retry_at_ > pos_ ? retry_at_ - pos_ : 0;
  pos_ = 0;
}

absl::Status XmlScanner::Feed(size_t bytes) {
  bool at_end = bytes == 0;
  size_ += bytes;
  if (!ValidateUtf8(validated_, size_)) return status_;
  if (at_end && validated_ != size_) {
    pos_ = validated_;
    Fail("XML invalide (UTF-8 incorrect en fin de fichier) : le fichier est endommagé");
    return status_;
  }
  if (!at_end && size_ < retry_at_) return absl::OkStatus();  // a pending token: read more first
  if (!seen_root_ && pos_ == 0 && std::string_view(buffer_.data(), size_).starts_with(kBom)) {
    pos_ = kBom.size();
  }
  while (pos_ < validated_) {
    Step step = buffer_[pos_] == '<' ? ScanMarkup() : ScanText(at_end);
    if (step == Step::kFailed) return status_;
    if (step == Step::kNeedMore) break;
  }
  if (at_end) {
    if (pos_ < size_ || !seen_root_ || depth_ > 0) {
      Fail(
          "XML invalide (document inachevé) : le fichier est tronqué ou endommagé, "
          "ré-exportez-le");
      return status_;
    }
    return absl::OkStatus();
  }
  int64_t pending = static_cast<int64_t>(size_ - pos_);
  if (pending > max_token_bytes_) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "%s, à partir de l'octet %d : un élément XML (balise, commentaire, instruction ou section "
        "CDATA) dépasse la limite de %d Kio ; le fichier est piégé ou endommagé, ré-exportez-le",
        part_, discarded_ + static_cast<int64_t>(pos_), max_token_bytes_ >> 10));
  }
  // Retry the unfinished token only once the input has doubled: linear work overall.
  retry_at_ = pos_ + 2 * static_cast<size_t>(pending) + 1;
  return absl::OkStatus();
}

bool XmlScanner::ValidateUtf8(size_t from, size_t to) {
  const unsigned char* data = reinterpret_cast<const unsigned char*>(buffer_.data());
  size_t i = from;
  while (i < to) {
    if (i + 8 <= to) {
      uint64_t word;
      std::memcpy(&word, data + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = data[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t more = c >= 0xC2 && c <= 0xDF   ? 1
                  : (c & 0xF0) == 0xE0     ? 2
                  : c >= 0xF0 && c <= 0xF4 ? 3
                                           : 0;
    bool ok = more > 0;
    if (ok && i + more >= to) break;  // a sequence cut by the end of the input read so far
    uint32_t code = c & (0x3F >> more);
    for (size_t k = 1; ok && k <= more; ++k) {
      ok = (data[i + k] & 0xC0) == 0x80;
      code = (code << 6) | (data[i + k] & 0x3F);
    }
    if (!ok || (more == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
        (more == 3 && (code < 0x10000 || code > 0x10FFFF))) {
      pos_ = i;
      Fail("XML invalide (UTF-8 incorrect) : le fichier est endommagé, ré-exportez-le");
      return false;
    }
    i += more + 1;
  }
  validated_ = std::min(i, to);
  return true;
}

XmlScanner::Step XmlScanner::ScanMarkup() {
  size_t available = validated_ - pos_;
  if (available < 2) return Step::kNeedMore;
  std::string_view rest(buffer_.data() + pos_, available);
  switch (rest[1]) {
    case '/':
      return ScanEndTag();
    case '?':
      return SkipUntil("?>", pos_ + 2);
    case '!':
      if (rest.starts_with("<!--")) return SkipUntil("-->", pos_ + 4);
      if (available < 9) return Step::kNeedMore;
      if (rest.starts_with("<![CDATA[")) return ScanCdata();
      if (rest.starts_with("<!DOCTYPE")) {
        return Fail(
            "déclaration DOCTYPE interdite dans un classeur (risque d'expansion d'entités XML) ; "
            "ré-enregistrez le fichier depuis Excel");
      }
      return Fail("XML invalide (déclaration « <! » inconnue) : le fichier est endommagé");
    default:
      return ScanStartTag();
  }
}

XmlScanner::Step XmlScanner::SkipUntil(std::string_view terminator, size_t from) {
  std::string_view rest(buffer_.data() + from, validated_ - from);
  size_t found = rest.find(terminator);
  if (found == std::string_view::npos) return Step::kNeedMore;
  pos_ = from + found + terminator.size();
  return Step::kContinue;
}

XmlScanner::Step XmlScanner::ScanCdata() {
  std::string_view rest(buffer_.data() + pos_ + 9, validated_ - pos_ - 9);
  size_t found = rest.find("]]>");
  if (found == std::string_view::npos) return Step::kNeedMore;
  if (depth_ == 0) return Fail("XML invalide (section CDATA hors de l'élément racine)");
  Step step = Check(handler_.OnText(rest.substr(0, found)));
  pos_ += 9 + found + 3;
  return step;
}

XmlScanner::Step XmlScanner::ScanText(bool at_end) {
  const char* start = buffer_.data() + pos_;
  size_t available = validated_ - pos_;
  const char* lt = static_cast<const char*>(std::memchr(start, '<', available));
  size_t length = lt != nullptr ? static_cast<size_t>(lt - start) : available;
  if (lt == nullptr && !at_end) {
    // Keep back an entity cut by the end of the input read so far.
    std::string_view text(start, available);
    size_t amp = text.rfind('&');
    if (amp != std::string_view::npos && text.find(';', amp) == std::string_view::npos &&
        available - amp <= kMaxEntityChars) {
      length = amp;
    }
    if (length == 0) return Step::kNeedMore;
  }
  std::string_view text(start, length);
  pos_ += length;
  bool decode = std::memchr(start, '&', length) != nullptr;
  return Deliver(text, decode);
}

XmlScanner::Step XmlScanner::Deliver(std::string_view text, bool decode) {
  if (depth_ == 0) {
    return AllSpace(text) ? Step::kContinue
                          : Fail(
                                "XML invalide (texte hors de l'élément racine) : le fichier est "
                                "endommagé, ré-exportez-le");
  }
  if (!decode) return Check(handler_.OnText(text));
  text_.clear();
  if (!DecodeInto(text, text_)) return Step::kFailed;
  return Check(handler_.OnText(text_));
}

bool XmlScanner::DecodeInto(std::string_view raw, std::string& out) {
  for (size_t at = 0; at < raw.size();) {
    size_t amp = raw.find('&', at);
    out.append(raw.substr(at, amp == std::string_view::npos ? std::string_view::npos : amp - at));
    if (amp == std::string_view::npos) break;
    size_t semicolon = raw.find(';', amp);
    if (semicolon == std::string_view::npos || semicolon - amp > kMaxEntityChars ||
        !EntityValue(raw.substr(amp + 1, semicolon - amp - 1), out)) {
      Fail(
          "XML invalide (entité ou référence de caractère inconnue) : le fichier est "
          "endommagé, ré-exportez-le");
      return false;
    }
    at = semicolon + 1;
  }
  return true;
}

XmlScanner::Step XmlScanner::ScanEndTag() {
  const char* start = buffer_.data() + pos_ + 2;
  size_t available = validated_ - pos_ - 2;
  const char* gt = static_cast<const char*>(std::memchr(start, '>', available));
  if (gt == nullptr) return Step::kNeedMore;
  std::string_view name(start, static_cast<size_t>(gt - start));
  while (!name.empty() && IsSpace(name.back())) name.remove_suffix(1);
  if (depth_ == 0 || open_[depth_ - 1] != name) {
    return Fail(
        "XML invalide (balise fermante sans balise ouvrante correspondante) : le fichier "
        "est endommagé, ré-exportez-le");
  }
  --depth_;
  pos_ = static_cast<size_t>(gt - buffer_.data()) + 1;
  return Check(handler_.OnEnd(LocalName(name)));
}

XmlScanner::Step XmlScanner::ScanStartTag() {
  const char* data = buffer_.data();
  size_t end = validated_;
  size_t q = pos_ + 1;
  while (q < end && !IsNameEnd(data[q])) {
    if (IsBadNameChar(data[q])) return Fail("XML invalide (nom d'élément incorrect)");
    ++q;
  }
  if (q == end) return Step::kNeedMore;
  std::string_view name(data + pos_ + 1, q - pos_ - 1);
  if (name.empty()) return Fail("XML invalide (nom d'élément manquant)");
  std::vector<PendingAttribute>& pending = pending_;
  pending.clear();
  values_.clear();
  bool empty = false;
  for (;;) {
    bool spaced = false;
    while (q < end && IsSpace(data[q])) ++q, spaced = true;
    if (q == end) return Step::kNeedMore;
    if (data[q] == '>') {
      ++q;
      break;
    }
    if (data[q] == '/') {
      if (q + 1 == end) return Step::kNeedMore;
      if (data[q + 1] != '>') return Fail("XML invalide (« / » inattendu dans une balise)");
      q += 2;
      empty = true;
      break;
    }
    if (!spaced) return Fail("XML invalide (espace attendu entre deux attributs)");
    size_t name_start = q;
    while (q < end && !IsSpace(data[q]) && data[q] != '=' && data[q] != '>' && data[q] != '/') {
      if (IsBadNameChar(data[q])) return Fail("XML invalide (nom d'attribut incorrect)");
      ++q;
    }
    std::string_view attribute(data + name_start, q - name_start);
    while (q < end && IsSpace(data[q])) ++q;
    if (q == end) return Step::kNeedMore;
    if (attribute.empty() || data[q] != '=') return Fail("XML invalide (attribut sans valeur)");
    ++q;
    while (q < end && IsSpace(data[q])) ++q;
    if (q == end) return Step::kNeedMore;
    char quote = data[q];
    if (quote != '"' && quote != '\'')
      return Fail("XML invalide (valeur d'attribut sans guillemets)");
    const char* close = static_cast<const char*>(std::memchr(data + q + 1, quote, end - q - 1));
    if (close == nullptr) return Step::kNeedMore;
    std::string_view raw(data + q + 1, static_cast<size_t>(close - data) - q - 1);
    if (raw.find('<') != std::string_view::npos) {
      return Fail("XML invalide (« < » dans une valeur d'attribut)");
    }
    bool decode = raw.find('&') != std::string_view::npos;
    size_t decoded_at = values_.size();
    if (decode && !DecodeInto(raw, values_)) return Step::kFailed;
    pending.push_back(
        {attribute, raw, decoded_at, decode ? values_.size() - decoded_at : 0, decode});
    q = static_cast<size_t>(close - data) + 1;
  }
  if (depth_ == 0 && seen_root_) return Fail("XML invalide (plusieurs éléments racine)");
  if (depth_ >= kMaxDepth) return Fail("imbrication XML trop profonde");
  seen_root_ = true;
  attributes_.clear();
  for (const PendingAttribute& p : pending) {
    attributes_.push_back(
        {p.name,
         p.decoded ? std::string_view(values_).substr(p.decoded_at, p.decoded_length) : p.raw});
  }
  pos_ = q;
  std::string_view local = LocalName(name);
  if (empty) {
    if (Check(handler_.OnStart(local, attributes_)) == Step::kFailed) return Step::kFailed;
    return Check(handler_.OnEnd(local));
  }
  if (open_.size() <= depth_) open_.resize(depth_ + 1);
  open_[depth_++].assign(name);
  return Check(handler_.OnStart(local, attributes_));
}

XmlScanner::Step XmlScanner::Check(absl::Status status) {
  if (status.ok()) return Step::kContinue;
  status_ = std::move(status);
  return Step::kFailed;
}

XmlScanner::Step XmlScanner::Fail(std::string_view what) {
  std::string_view seen(buffer_.data(), pos_);
  size_t last_newline = seen.rfind('\n');
  int64_t line = lines_before_ + std::count(seen.begin(), seen.end(), '\n') + 1;
  int64_t column = last_newline == std::string_view::npos
                       ? column_base_ + static_cast<int64_t>(pos_) + 1
                       : static_cast<int64_t>(pos_ - last_newline);
  status_ = absl::InvalidArgumentError(
      absl::StrFormat("%s, ligne %d, colonne %d : %s", part_, line, column, what));
  return Step::kFailed;
}

}  // namespace factflow::importer::domain::xml
