#pragma once

// The one CSV reader of factflow (E-connecteur ETA files, importer CSV profiles).
//
// What it reads: RFC 4180 records (quoted fields may hold separators, doubled quotes and line
// breaks; CRLF, LF or lone CR end a record), in UTF-8, UTF-8 with BOM or Windows-1252 (detected
// on the first chunk: a BOM means UTF-8, valid UTF-8 means UTF-8, anything else is read as
// Windows-1252 and converted to UTF-8 with glibc's iconv). The separator (';', ',' or tab) is
// detected on the first record unless the options fix it: the most frequent of the three outside
// quotes wins, ';' on a tie, ';' when none appears (one column).
//
// Streaming: bytes are pushed with Feed() in chunks of any size and every complete record is
// handed to the callback at once; only the record being read is kept (bounded by
// Options::max_record_bytes, beyond which the file is refused, never truncated). Fully blank
// lines are skipped.
//
// Errors: every refusal is an absl::InvalidArgumentError whose French message names the file,
// the line, the column and the offending value (see CsvErrorMessage), e.g.
//   « ImportDocuments1.csv », ligne 12, colonne 3 : guillemet non fermé (valeur « "abc »)
// After an error the reader is spent: further Feed()/Finish() calls return the same error.
// A callback error stops the reading and is returned as is.
//
// Pure: no I/O except ReadCsvFile, which reads a file through a file descriptor in 256 KiB chunks.
// Not thread-safe; one reader per file.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "money/decimal.h"

namespace factflow::csv {

enum class Encoding { kUnknown, kUtf8, kUtf8Bom, kWindows1252 };

// French name of an encoding, for reports ("UTF-8", "UTF-8 avec BOM", "Windows-1252").
std::string_view EncodingName(Encoding encoding);

struct Options {
  // Name shown in every error (a file name, never a full path of the server).
  std::string file_name = "fichier CSV";
  // Fixed separator, or nullopt to detect ';', ',' or tab on the first record.
  std::optional<char> separator;
  // Fixed encoding, or kUnknown to detect it.
  Encoding encoding = Encoding::kUnknown;
  // Every record must have as many fields as the first one (the header, usually).
  bool uniform_columns = true;
  // Largest record accepted, in bytes after conversion to UTF-8.
  size_t max_record_bytes = 1 << 20;
};

// One record. The views point into the reader's buffer and are valid only during the callback.
struct Record {
  int64_t line = 0;    // physical line (1-based) where the record starts
  int64_t index = 0;   // record number (1-based; the header, if any, is record 1)
  std::vector<std::string_view> fields;
};

using RecordCallback = std::function<absl::Status(const Record&)>;

class Reader {
 public:
  Reader(Options options, RecordCallback on_record);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Pushes the next bytes of the file. Returns the first error met (see the header comment).
  absl::Status Feed(std::string_view bytes);
  // Ends the file: hands over a last record without line break, refuses an unterminated quote.
  absl::Status Finish();

  // What was detected (meaningful once the first bytes were fed).
  Encoding encoding() const { return encoding_; }
  char separator() const { return separator_; }
  int64_t records() const { return record_index_; }
  // Physical lines read so far (a final line without line break counts after Finish()).
  int64_t lines() const { return line_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterCr };

  absl::Status Start(std::string_view bytes);
  absl::Status Parse(std::string_view utf8);
  absl::Status ConvertAndParse(std::string_view cp1252);
  absl::Status Terminate(char c);  // a separator or line break ends the current field
  absl::Status EndField();
  absl::Status EndRecord();
  absl::Status Fail(int64_t line, size_t column, std::string_view value, std::string_view what);

  Options options_;
  RecordCallback on_record_;
  Encoding encoding_ = Encoding::kUnknown;
  char separator_ = ';';
  bool started_ = false;
  absl::Status error_;
  State state_ = State::kFieldStart;
  std::string pending_;         // bytes held back until the encoding is known / an incomplete
                                // UTF-8 sequence at the end of a chunk
  std::string record_;          // bytes of the fields of the current record
  std::vector<size_t> ends_;    // end offset of each finished field in record_
  size_t field_start_ = 0;      // offset of the current field in record_
  bool field_quoted_ = false;
  bool any_quoted_ = false;       // a field of the record was quoted (not a blank line)
  int64_t field_line_ = 1;        // line where the current field starts
  unsigned char field_high_ = 0;  // OR of the field's bytes: bit 7 set means non-ASCII
  int64_t line_ = 1;
  int64_t record_line_ = 1;
  int64_t record_index_ = 0;
  size_t expected_columns_ = 0;
  Record record_view_;
  void* iconv_ = nullptr;       // iconv_t when reading Windows-1252
  std::string converted_;       // conversion buffer
};

// Reads a whole file through a Reader (bounded memory). NOT_FOUND / PERMISSION_DENIED in French
// when the file cannot be opened; otherwise the reader's or the callback's error.
absl::Status ReadCsvFile(const std::string& path, Options options, RecordCallback on_record);

// Same, on bytes already in memory (webservice answers, tests).
absl::Status ReadCsvBytes(std::string_view bytes, Options options, RecordCallback on_record);

// The French error text of the reader, for callers that validate fields themselves:
//   « FILE », ligne LINE, colonne COLUMN (NAME) : WHAT (valeur « VALUE »)
// `column_name` may be empty; the value is cut to 80 characters and invalid UTF-8 is shown as \xNN.
std::string CsvErrorMessage(std::string_view file, int64_t line, size_t column,
                            std::string_view column_name, std::string_view what,
                            std::string_view value);

// Decimal written with a comma or a point ("12,50", "12.50", "1 234,5", "-3"), surrounding spaces
// allowed. nullopt when it is not a number (the caller names the field with CsvErrorMessage).
std::optional<money::Decimal> ParseDecimal(std::string_view text);

// Header lookup: index of each column by its name, compared after trimming spaces and ignoring
// ASCII case. Duplicate names are refused (French error naming the file and both columns).
class Header {
 public:
  static absl::StatusOr<Header> FromRecord(std::string_view file, const Record& record);
  // Index of a column, or nullopt.
  std::optional<size_t> Find(std::string_view name) const;
  // Index of a required column, or a French error naming it and the file.
  absl::StatusOr<size_t> Require(std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::string file_;
  std::vector<std::string> names_;
  std::vector<std::string> keys_;
};

}  // namespace factflow::csv
