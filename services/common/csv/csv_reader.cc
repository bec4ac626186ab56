#include "csv/csv_reader.h"

#include <fcntl.h>
#include <iconv.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "strings/absl_bridge.h"

namespace factflow::csv {
namespace {

// Bytes looked at before deciding the encoding and the separator.
constexpr size_t kDetectBytes = 64 * 1024;
constexpr size_t kShownValueBytes = 80;

// Length of the longest valid UTF-8 prefix of `s` (overlongs, surrogates and code points above
// U+10FFFF are invalid). `truncated` tells whether what follows is only an incomplete sequence
// cut by the end of `s`.
size_t Utf8ValidPrefix(std::string_view s, bool* truncated) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  *truncated = false;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= n) {
        *truncated = true;
        return i;
      }
      const unsigned char b = p[i + k];
      const unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      if (b < min || b > max) return i;
    }
    i += len;
  }
  return i;
}

bool IsValidUtf8(std::string_view s) {
  bool truncated = false;
  return Utf8ValidPrefix(s, &truncated) == s.size();
}

// The value as shown in an error: valid UTF-8 kept, other bytes as \xNN, line breaks as spaces,
// cut to kShownValueBytes with "…".
std::string ShowValue(std::string_view value) {
  std::string out;
  bool cut = false;
  while (!value.empty()) {
    if (out.size() >= kShownValueBytes) {
      cut = true;
      break;
    }
    bool truncated = false;
    const size_t valid = Utf8ValidPrefix(value, &truncated);
    if (valid > 0) {
      // Copy whole characters only, up to the display limit.
      size_t take = std::min(valid, kShownValueBytes - out.size());
      while (take < valid && (static_cast<unsigned char>(value[take]) & 0xC0) == 0x80) --take;
      for (char c : value.substr(0, take)) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
      value.remove_prefix(take);
      if (take < valid) {
        cut = true;
        break;
      }
      continue;
    }
    absl::StrAppendFormat(&out, "\\x%02X", static_cast<unsigned char>(value[0]));
    value.remove_prefix(1);
  }
  if (cut) out += "…";
  return out;
}

// The separator of the first record of `sample`: the most frequent of ';', ',' and tab outside
// quotes, ';' on a tie or when none appears.
char DetectSeparator(std::string_view sample) {
  size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : sample) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '\n' || c == '\r') break;
      semicolons += c == ';';
      commas += c == ',';
      tabs += c == '\t';
    }
  }
  if (semicolons >= commas && semicolons >= tabs) return ';';
  return commas >= tabs ? ',' : '\t';
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8: return "UTF-8";
    case Encoding::kUtf8Bom: return "UTF-8 avec BOM";
    case Encoding::kWindows1252: return "Windows-1252";
    case Encoding::kUnknown: break;
  }
  return "inconnu";
}

std::string CsvErrorMessage(std::string_view file, int64_t line, size_t column,
                            std::string_view column_name, std::string_view what,
                            std::string_view value) {
  std::string out = absl::StrCat("« ", AsAbsl(file), " », ligne ", line);
  if (column > 0) absl::StrAppend(&out, ", colonne ", column);
  if (!column_name.empty()) absl::StrAppend(&out, " (", ShowValue(column_name), ")");
  absl::StrAppend(&out, " : ", AsAbsl(what), " (valeur « ", ShowValue(value), " »)");
  return out;
}

Reader::Reader(Options options, RecordCallback on_record)
    : options_(std::move(options)), on_record_(std::move(on_record)) {
  if (options_.separator) separator_ = *options_.separator;
}

Reader::~Reader() {
  if (iconv_ != nullptr) iconv_close(static_cast<iconv_t>(iconv_));
}

absl::Status Reader::Fail(int64_t line, size_t column, std::string_view value,
                          std::string_view what) {
  error_ = absl::InvalidArgumentError(
      CsvErrorMessage(options_.file_name, line, column, "", what, value));
  return error_;
}

absl::Status Reader::Feed(std::string_view bytes) {
  if (!error_.ok()) return error_;
  if (!started_) {
    pending_.append(bytes);
    if (pending_.size() < kDetectBytes) return absl::OkStatus();
    std::string sample = std::move(pending_);
    pending_.clear();
    return Start(sample);
  }
  return encoding_ == Encoding::kWindows1252 ? ConvertAndParse(bytes) : Parse(bytes);
}

absl::Status Reader::Start(std::string_view bytes) {
  started_ = true;
  encoding_ = options_.encoding;
  const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  // Only the first kDetectBytes decide, whatever the chunking of the caller.
  const std::string_view sample = bytes.substr(0, kDetectBytes);
  if (encoding_ == Encoding::kUnknown) {
    bool truncated = false;
    if (bom) {
      encoding_ = Encoding::kUtf8Bom;
    } else if (Utf8ValidPrefix(sample, &truncated) == sample.size() || truncated) {
      encoding_ = Encoding::kUtf8;
    } else {
      encoding_ = Encoding::kWindows1252;
    }
  }
  if (bom && encoding_ != Encoding::kWindows1252) bytes.remove_prefix(3);
  if (!options_.separator) separator_ = DetectSeparator(bytes.substr(0, kDetectBytes));
  if (encoding_ == Encoding::kWindows1252) {
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      error_ = absl::InternalError("conversion Windows-1252 indisponible (iconv)");
      return error_;
    }
    iconv_ = cd;
    return ConvertAndParse(bytes);
  }
  return Parse(bytes);
}

absl::Status Reader::ConvertAndParse(std::string_view cp1252) {
  auto cd = static_cast<iconv_t>(iconv_);
  while (!cp1252.empty()) {
    converted_.resize(cp1252.size() * 3 + 4);
    char* in = const_cast<char*>(cp1252.data());
    size_t in_left = cp1252.size();
    char* out = converted_.data();
    size_t out_left = converted_.size();
    const size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
    const size_t produced = converted_.size() - out_left;
    const size_t consumed = cp1252.size() - in_left;
    if (auto status = Parse(std::string_view(converted_.data(), produced)); !status.ok()) {
      return status;
    }
    if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
      // An undefined Windows-1252 byte (0x81, 0x8D, 0x8F, 0x90, 0x9D): neither UTF-8 nor cp1252.
      std::string value = record_.substr(field_start_);
      value.push_back(cp1252[consumed]);
      return Fail(line_, ends_.size() + 1, value,
                  "encodage non reconnu : ni UTF-8 ni Windows-1252 (octet invalide)");
    }
    cp1252.remove_prefix(consumed);
  }
  return absl::OkStatus();
}

absl::Status Reader::Parse(std::string_view utf8) {
  const char* p = utf8.data();
  const char* const end = p + utf8.size();
  const char sep = separator_;
  while (p < end) {
    switch (state_) {
      case State::kAfterCr:
        state_ = State::kFieldStart;
        if (*p == '\n') ++p;
        break;
      case State::kFieldStart:
        if (*p == '"') {
          field_quoted_ = true;
          field_line_ = line_;
          state_ = State::kQuoted;
          ++p;
          break;
        }
        state_ = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted: {
        const char* start = p;
        unsigned char high = 0;
        while (p < end) {
          const char c = *p;
          if (c == sep || c == '\n' || c == '\r') break;
          high |= static_cast<unsigned char>(c);
          ++p;
        }
        record_.append(start, static_cast<size_t>(p - start));
        field_high_ |= high;
        if (record_.size() > options_.max_record_bytes) {
          return Fail(record_line_, ends_.size() + 1, record_.substr(field_start_),
                      absl::StrCat("enregistrement trop long (plus de ",
                                   options_.max_record_bytes, " octets)"));
        }
        if (p == end) break;
        if (auto status = Terminate(*p++); !status.ok()) return status;
        break;
      }
      case State::kQuoted: {
        const char* start = p;
        unsigned char high = 0;
        while (p < end && *p != '"') {
          high |= static_cast<unsigned char>(*p);
          line_ += *p == '\n';
          ++p;
        }
        record_.append(start, static_cast<size_t>(p - start));
        field_high_ |= high;
        if (record_.size() > options_.max_record_bytes) {
          return Fail(field_line_, ends_.size() + 1, record_.substr(field_start_),
                      absl::StrCat("enregistrement trop long (plus de ",
                                   options_.max_record_bytes,
                                   " octets) : guillemet non fermé ?"));
        }
        if (p < end) {
          ++p;
          state_ = State::kQuoteInQuoted;
        }
        break;
      }
      case State::kQuoteInQuoted: {
        const char c = *p++;
        if (c == '"') {
          record_.push_back('"');
          state_ = State::kQuoted;
        } else if (c == sep || c == '\n' || c == '\r') {
          if (auto status = Terminate(c); !status.ok()) return status;
        } else {
          return Fail(line_, ends_.size() + 1,
                      "\"" + record_.substr(field_start_) + "\"" + std::string(1, c),
                      "caractère inattendu après le guillemet fermant (un guillemet dans un "
                      "champ entre guillemets s'écrit \"\")");
        }
        break;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Reader::Terminate(char c) {
  if (auto status = EndField(); !status.ok()) return status;
  if (c == separator_) {
    state_ = State::kFieldStart;
    return absl::OkStatus();
  }
  if (auto status = EndRecord(); !status.ok()) return status;
  ++line_;
  record_line_ = line_;
  state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
  return absl::OkStatus();
}

absl::Status Reader::EndField() {
  if ((field_high_ & 0x80) != 0 && encoding_ != Encoding::kWindows1252 &&
      !IsValidUtf8(std::string_view(record_).substr(field_start_))) {
    return Fail(line_, ends_.size() + 1, record_.substr(field_start_),
                absl::StrCat("encodage invalide : le fichier a été détecté en ",
                             AsAbsl(EncodingName(encoding_)),
                             " mais ce champ n'en est pas (enregistrez tout le fichier en UTF-8 "
                             "ou en Windows-1252)"));
  }
  ends_.push_back(record_.size());
  any_quoted_ |= field_quoted_;
  field_start_ = record_.size();
  field_high_ = 0;
  field_quoted_ = false;
  field_line_ = line_;
  return absl::OkStatus();
}

absl::Status Reader::EndRecord() {
  const bool blank = ends_.size() == 1 && record_.empty() && !any_quoted_;
  if (!blank) {
    ++record_index_;
    const size_t columns = ends_.size();
    record_view_.fields.clear();
    size_t begin = 0;
    for (size_t end : ends_) {
      record_view_.fields.emplace_back(record_.data() + begin, end - begin);
      begin = end;
    }
    if (options_.uniform_columns) {
      if (record_index_ == 1) {
        expected_columns_ = columns;
      } else if (columns != expected_columns_) {
        const size_t column = std::min(columns, expected_columns_ + 1);
        return Fail(record_line_, column, record_view_.fields[column - 1],
                    absl::StrCat(columns, " colonnes au lieu de ", expected_columns_,
                                 " (celles de la première ligne)"));
      }
    }
    record_view_.line = record_line_;
    record_view_.index = record_index_;
    if (auto status = on_record_(record_view_); !status.ok()) {
      error_ = status;
      return error_;
    }
  }
  record_.clear();
  ends_.clear();
  field_start_ = 0;
  any_quoted_ = false;
  return absl::OkStatus();
}

absl::Status Reader::Finish() {
  if (!error_.ok()) return error_;
  if (!started_) {
    std::string sample = std::move(pending_);
    pending_.clear();
    if (auto status = Start(sample); !status.ok()) return status;
  }
  switch (state_) {
    case State::kQuoted:
      return Fail(field_line_, ends_.size() + 1, absl::StrCat("\"", record_.substr(field_start_)),
                  "guillemet non fermé à la fin du fichier");
    case State::kUnquoted:
    case State::kQuoteInQuoted:
      if (auto status = EndField(); !status.ok()) return status;
      if (auto status = EndRecord(); !status.ok()) return status;
      break;
    case State::kFieldStart:
      if (!ends_.empty()) {
        if (auto status = EndField(); !status.ok()) return status;
        if (auto status = EndRecord(); !status.ok()) return status;
      }
      break;
    case State::kAfterCr:
      break;
  }
  state_ = State::kFieldStart;
  return absl::OkStatus();
}

absl::Status ReadCsvFile(const std::string& path, Options options, RecordCallback on_record) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      return absl::NotFoundError(absl::StrCat("fichier « ", options.file_name, " » introuvable"));
    }
    return absl::PermissionDeniedError(
        absl::StrCat("fichier « ", options.file_name, " » illisible (", std::strerror(err), ")"));
  }
  Reader reader(std::move(options), std::move(on_record));
  std::string buffer(256 * 1024, '\0');
  absl::Status status;
  while (status.ok()) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = absl::DataLossError(absl::StrCat("lecture impossible : ", std::strerror(errno)));
      break;
    }
    if (n == 0) {
      status = reader.Finish();
      break;
    }
    status = reader.Feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return status;
}

absl::Status ReadCsvBytes(std::string_view bytes, Options options, RecordCallback on_record) {
  Reader reader(std::move(options), std::move(on_record));
  if (auto status = reader.Feed(bytes); !status.ok()) return status;
  return reader.Finish();
}

std::optional<money::Decimal> ParseDecimal(std::string_view text) {
  // Digits, sign, comma/point and spaces (incl. no-break spaces) only: no currency, no '%'.
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c >= '0' && c <= '9') || c == ',' || c == '.' || c == '-' || c == '+' || c == ' ') {
      continue;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (text.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
      continue;
    }
    return std::nullopt;
  }
  return money::Decimal::ParseLenient(text);
}

absl::StatusOr<Header> Header::FromRecord(std::string_view file, const Record& record) {
  Header header;
  header.file_ = std::string(file);
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string name(TrimAscii(record.fields[i]));
    std::string key = absl::AsciiStrToLower(AsAbsl(name));
    for (size_t j = 0; j < header.keys_.size(); ++j) {
      if (header.keys_[j] == key) {
        return absl::InvalidArgumentError(CsvErrorMessage(
            file, record.line, i + 1, "", absl::StrCat("colonne en double (déjà en colonne ", j + 1, ")"),
            name));
      }
    }
    header.names_.push_back(std::move(name));
    header.keys_.push_back(std::move(key));
  }
  return header;
}

std::optional<size_t> Header::Find(std::string_view name) const {
  const std::string key = absl::AsciiStrToLower(AsAbsl(TrimAscii(name)));
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return i;
  }
  return std::nullopt;
}

absl::StatusOr<size_t> Header::Require(std::string_view name) const {
  if (auto index = Find(name)) return *index;
  return absl::InvalidArgumentError(absl::StrCat("« ", file_, " » : colonne obligatoire « ", AsAbsl(name),
                                                 " » absente de l'en-tête"));
}

}  // namespace factflow::csv
