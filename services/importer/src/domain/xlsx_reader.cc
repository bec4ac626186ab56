#include "domain/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

constexpr size_t kChunkSize = 64 * 1024;
constexpr int64_t kMaxSheetRow = 1'048'576;  // Excel's own row limit
constexpr int kMaxColumnLetters = 3;         // XFD
constexpr int kMaxSheetColumns = 16'384;     // A..XFD
constexpr int kMaxXmlDepth = 64;             // SpreadsheetML nests a handful of levels
constexpr char kNamespaceSeparator = ' ';    // never valid inside a namespace URI
constexpr std::string_view kWorkbookPart = "xl/workbook.xml";
constexpr std::string_view kWorkbookRelsPart = "xl/_rels/workbook.xml.rels";
constexpr std::string_view kDefaultSheetPart = "xl/worksheets/sheet1.xml";
constexpr std::string_view kDefaultSharedStringsPart = "xl/sharedStrings.xml";
// Compound-file header: what Excel writes for password-protected workbooks and for .xls.
constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

absl::Status NotAWorkbook(std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "le fichier n'est pas un classeur Excel .xlsx (", AsAbsl(why),
      ") : ré-enregistrez-le depuis Excel ou LibreOffice au format « Classeur Excel (.xlsx) »"));
}

// Characters of UTF-8 text: every byte that does not continue a sequence starts one.
int64_t Utf8Chars(std::string_view text) {
  int64_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Zip access.

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileClose>;

std::optional<zip_uint64_t> FindEntry(zip_t* zip, std::string_view name) {
  zip_int64_t index = zip_name_locate(zip, std::string(name).c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(index);
}

// Counts inflated bytes across every part read from one workbook: the only size that can be
// trusted, since the sizes declared in the zip directory are written by the sender.
class ReadBudget {
 public:
  explicit ReadBudget(int64_t limit) : limit_(limit) {}

  absl::Status Consume(int64_t bytes) {
    used_ += bytes;
    return used_ > limit_ ? Exceeded() : absl::OkStatus();
  }
  // Early refusal on a declared size already beyond the budget (cheap, not a guarantee).
  absl::Status CheckDeclared(int64_t bytes) const {
    return bytes > limit_ - used_ ? Exceeded() : absl::OkStatus();
  }

 private:
  absl::Status Exceeded() const {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "le classeur décompressé dépasse la limite de %d Mio : fichier trop volumineux ou piégé "
        "(bombe zip) ; découpez l'export en plusieurs fichiers",
        limit_ >> 20));
  }

  int64_t limit_;
  int64_t used_ = 0;
};

// ---------------------------------------------------------------------------------------------
// SAX parsing of one part with expat.

std::string_view LocalName(const XML_Char* name) {
  std::string_view full(name);
  size_t sep = full.rfind(kNamespaceSeparator);
  return sep == std::string_view::npos ? full : full.substr(sep + 1);
}

// Value of the attribute with local name `local` ("" if absent).
std::string_view Attribute(const XML_Char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return {};
}

class SaxHandler {
 public:
  virtual ~SaxHandler() = default;
  virtual absl::Status OnStart(std::string_view name, const XML_Char** attrs) = 0;
  virtual absl::Status OnEnd(std::string_view name) = 0;
  virtual absl::Status OnText(std::string_view /*text*/) { return absl::OkStatus(); }
};

class XmlPartParser {
 public:
  XmlPartParser(std::string_view part, SaxHandler& handler)
      : parser_(XML_ParserCreateNS(nullptr, kNamespaceSeparator)), part_(part), handler_(handler) {
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlPartParser::Start, &XmlPartParser::End);
    XML_SetCharacterDataHandler(parser_, &XmlPartParser::Text);
    // No DTD at all: refusing it up front rules out entity expansion ("billion laughs") and
    // external entities, whatever the expat version's own protections.
    XML_SetStartDoctypeDeclHandler(parser_, &XmlPartParser::Doctype);
    XML_SetEntityDeclHandler(parser_, &XmlPartParser::Entity);
  }
  ~XmlPartParser() { XML_ParserFree(parser_); }
  XmlPartParser(const XmlPartParser&) = delete;
  XmlPartParser& operator=(const XmlPartParser&) = delete;

  absl::Status Parse(zip_file_t* file, ReadBudget& budget) {
    for (;;) {
      void* buffer = XML_GetBuffer(parser_, kChunkSize);
      if (buffer == nullptr) return absl::ResourceExhaustedError(Where("mémoire insuffisante"));
      zip_int64_t read = zip_fread(file, buffer, kChunkSize);
      if (read < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(part_, " : archive corrompue (", zip_file_strerror(file), ")"));
      }
      if (absl::Status s = budget.Consume(read); !s.ok()) return s;
      if (XML_ParseBuffer(parser_, static_cast<int>(read), read == 0) != XML_STATUS_OK) {
        return status_.ok() ? XmlError() : status_;
      }
      if (read == 0) return status_;
    }
  }

 private:
  static XmlPartParser& Self(void* data) { return *static_cast<XmlPartParser*>(data); }

  static void XMLCALL Start(void* data, const XML_Char* name, const XML_Char** attrs) {
    XmlPartParser& self = Self(data);
    if (++self.depth_ > kMaxXmlDepth) {
      return self.Fail(absl::InvalidArgumentError(self.Where("imbrication XML trop profonde")));
    }
    self.Check(self.handler_.OnStart(LocalName(name), attrs));
  }
  static void XMLCALL End(void* data, const XML_Char* name) {
    XmlPartParser& self = Self(data);
    --self.depth_;
    self.Check(self.handler_.OnEnd(LocalName(name)));
  }
  static void XMLCALL Text(void* data, const XML_Char* text, int length) {
    XmlPartParser& self = Self(data);
    self.Check(self.handler_.OnText(std::string_view(text, static_cast<size_t>(length))));
  }
  static void XMLCALL Doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    XmlPartParser& self = Self(data);
    self.Fail(absl::InvalidArgumentError(self.Where(
        "déclaration DOCTYPE interdite dans un classeur (risque d'expansion d'entités XML) ; "
        "ré-enregistrez le fichier depuis Excel")));
  }
  static void XMLCALL Entity(void* data, const XML_Char*, int, const XML_Char*, int,
                             const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    XmlPartParser& self = Self(data);
    self.Fail(absl::InvalidArgumentError(self.Where("déclaration d'entité XML interdite")));
  }

  // Records the first failure and stops expat; later callbacks of the aborted parse are ignored.
  void Check(absl::Status status) {
    if (!status.ok()) Fail(std::move(status));
  }
  void Fail(absl::Status status) {
    if (!status_.ok()) return;
    status_ = std::move(status);
    XML_StopParser(parser_, XML_FALSE);
  }

  std::string Where(std::string_view what) const {
    return absl::StrFormat("%s, ligne %d, colonne %d : %s", part_,
                           XML_GetCurrentLineNumber(parser_),
                           XML_GetCurrentColumnNumber(parser_) + 1, what);
  }
  absl::Status XmlError() const {
    return absl::InvalidArgumentError(
        Where(absl::StrCat("XML invalide (", XML_ErrorString(XML_GetErrorCode(parser_)),
                           ") : le fichier est endommagé, ré-exportez-le")));
  }

  XML_Parser parser_;
  std::string part_;
  SaxHandler& handler_;
  absl::Status status_;
  int depth_ = 0;
};

// Streams the zip entry `part` through `handler`.
absl::Status ParsePart(zip_t* zip, zip_uint64_t index, std::string_view part, SaxHandler& handler,
                       ReadBudget& budget) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip, index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE)) {
    if (absl::Status s = budget.CheckDeclared(static_cast<int64_t>(stat.size)); !s.ok()) return s;
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
  XmlPartParser parser(part, handler);
  return parser.Parse(file.get(), budget);
}

// ---------------------------------------------------------------------------------------------
// The parts read before the sheet.

// xl/workbook.xml: the date system and the first sheet of the tab order.
class WorkbookHandler : public SaxHandler {
 public:
  absl::Status OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      std::string_view value = Attribute(attrs, "date1904");
      date1904 = value == "1" || value == "true";
    } else if (name == "sheet" && !has_sheet) {
      has_sheet = true;
      sheet_name = Attribute(attrs, "name");
      sheet_relationship = Attribute(attrs, "id");
    }
    return absl::OkStatus();
  }
  absl::Status OnEnd(std::string_view) override { return absl::OkStatus(); }

  bool date1904 = false;
  bool has_sheet = false;
  std::string sheet_name;
  std::string sheet_relationship;
};

// xl/_rels/workbook.xml.rels: where the first sheet and the shared strings live.
class RelationshipsHandler : public SaxHandler {
 public:
  explicit RelationshipsHandler(std::string_view sheet_id) : sheet_id_(sheet_id) {}

  absl::Status OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship" || Attribute(attrs, "TargetMode") == "External") {
      return absl::OkStatus();
    }
    std::string_view target = Attribute(attrs, "Target");
    if (!sheet_id_.empty() && Attribute(attrs, "Id") == sheet_id_) sheet_target = target;
    if (absl::EndsWith(AsAbsl(Attribute(attrs, "Type")), "/sharedStrings"))
      shared_strings_target = target;
    return absl::OkStatus();
  }
  absl::Status OnEnd(std::string_view) override { return absl::OkStatus(); }

  std::string sheet_target;
  std::string shared_strings_target;

 private:
  std::string sheet_id_;
};

// The shared-string table, packed in one buffer: a table of small strings would cost far more in
// per-string overhead than its text.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view Get(size_t index) const {
    size_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(pool_).substr(begin, ends_[index] - begin);
  }
  void Append(std::string_view text) { pool_.append(text); }
  void EndString() { ends_.push_back(pool_.size()); }

 private:
  std::string pool_;
  std::vector<size_t> ends_;
};

// Tracks whether text belongs to a string value: the <t> runs of <si>/<is> (plain or rich
// text <r><t>), but not phonetic guides (<rPh><t>), which are not part of the value.
class StringTextTracker {
 public:
  void Start(std::string_view name) {
    if (name == "t") in_t_ = true;
    if (name == "rPh") ++phonetic_depth_;
  }
  void End(std::string_view name) {
    if (name == "t") in_t_ = false;
    if (name == "rPh") --phonetic_depth_;
  }
  bool in_value_text() const { return in_t_ && phonetic_depth_ == 0; }

 private:
  bool in_t_ = false;
  int phonetic_depth_ = 0;
};

class SharedStringsHandler : public SaxHandler {
 public:
  SharedStringsHandler(std::string_view part, const XlsxLimits& limits, SharedStrings& strings)
      : part_(part), limits_(limits), strings_(strings) {}

  absl::Status OnStart(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      if (static_cast<int64_t>(strings_.size()) >= limits_.max_shared_strings) {
        return absl::ResourceExhaustedError(
            absl::StrFormat("%s : plus de %d textes partagés, au-delà de la limite", part_,
                            limits_.max_shared_strings));
      }
      in_si_ = true;
      chars_ = 0;
    }
    if (in_si_) text_.Start(name);
    return absl::OkStatus();
  }
  absl::Status OnEnd(std::string_view name) override {
    if (in_si_) text_.End(name);
    if (name == "si" && in_si_) {
      in_si_ = false;
      strings_.EndString();
    }
    return absl::OkStatus();
  }
  absl::Status OnText(std::string_view text) override {
    if (!in_si_ || !text_.in_value_text()) return absl::OkStatus();
    chars_ += Utf8Chars(text);
    if (chars_ > limits_.max_cell_chars) {
      return absl::ResourceExhaustedError(
          absl::StrFormat("%s : le texte partagé n° %d dépasse %d caractères", part_,
                          strings_.size(), limits_.max_cell_chars));
    }
    strings_.Append(text);
    return absl::OkStatus();
  }

 private:
  std::string part_;
  const XlsxLimits& limits_;
  SharedStrings& strings_;
  StringTextTracker text_;
  bool in_si_ = false;
  int64_t chars_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The sheet.

std::optional<XlsxCellType> CellTypeFromAttribute(std::string_view t) {
  if (t.empty() || t == "n") return XlsxCellType::kNumber;
  if (t == "s") return XlsxCellType::kSharedString;
  if (t == "inlineStr") return XlsxCellType::kInlineString;
  if (t == "str") return XlsxCellType::kFormulaString;
  if (t == "b") return XlsxCellType::kBoolean;
  if (t == "e") return XlsxCellType::kError;
  if (t == "d") return XlsxCellType::kDate;
  return std::nullopt;
}

class SheetHandler : public SaxHandler {
 public:
  SheetHandler(std::string_view part, const XlsxLimits& limits, const SharedStrings& strings,
               XlsxWorkbook::RowVisitor visitor)
      : part_(part), limits_(limits), strings_(strings), visitor_(visitor) {}

  absl::Status OnStart(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheetData") in_sheet_data_ = true;
    if (!in_sheet_data_) return absl::OkStatus();
    if (name == "row") return StartRow(attrs);
    if (!in_row_) return absl::OkStatus();
    if (name == "c") return StartCell(attrs);
    if (!in_cell_) return absl::OkStatus();
    if (name == "v") in_value_ = true;
    if (name == "is") in_inline_string_ = true;
    if (in_inline_string_) inline_text_.Start(name);
    return absl::OkStatus();
  }

  absl::Status OnEnd(std::string_view name) override {
    if (in_inline_string_) inline_text_.End(name);
    if (name == "v") in_value_ = false;
    if (name == "is") in_inline_string_ = false;
    if (name == "c" && in_cell_) return EndCell();
    if (name == "row" && in_row_) return EndRow();
    if (name == "sheetData") in_sheet_data_ = false;
    return absl::OkStatus();
  }

  absl::Status OnText(std::string_view text) override {
    bool is_value = in_value_ || (in_inline_string_ && inline_text_.in_value_text());
    if (!in_cell_ || !is_value) return absl::OkStatus();
    cell_chars_ += Utf8Chars(text);
    if (cell_chars_ > limits_.max_cell_chars) {
      return absl::ResourceExhaustedError(
          absl::StrFormat("%s : la cellule %s%d dépasse %d caractères", part_,
                          ColumnName(cell_.column), row_.number, limits_.max_cell_chars));
    }
    scratch_.append(text);
    return absl::OkStatus();
  }

 private:
  // A cell of the current row; its text is in scratch_ or in the shared strings, and becomes a
  // string_view only once the row is complete (scratch_ may reallocate while the row grows).
  struct PendingCell {
    int column = 0;
    XlsxCellType type = XlsxCellType::kNumber;
    bool shared = false;
    size_t offset = 0;  // into scratch_, or the shared-string index
    size_t length = 0;
  };

  absl::Status StartRow(const XML_Char** attrs) {
    int64_t number = row_.number + 1;
    std::string_view r = Attribute(attrs, "r");
    if (!r.empty() &&
        (!absl::SimpleAtoi(AsAbsl(r), &number) || number < 1 || number > kMaxSheetRow)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s : numéro de ligne « %s » invalide", part_, r));
    }
    if (++rows_seen_ > limits_.max_rows) {
      return absl::ResourceExhaustedError(absl::StrFormat(
          "la feuille dépasse la limite de %d lignes ; découpez l'export en plusieurs fichiers",
          limits_.max_rows));
    }
    row_.number = number;
    in_row_ = true;
    last_column_ = -1;
    pending_.clear();
    scratch_.clear();
    return absl::OkStatus();
  }

  absl::Status StartCell(const XML_Char** attrs) {
    std::string_view reference = Attribute(attrs, "r");
    std::optional<int> column = reference.empty() ? std::optional<int>(last_column_ + 1)
                                                  : ColumnFromCellReference(reference);
    if (!column.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s : référence de cellule « %s » invalide", part_, reference));
    }
    if (*column >= limits_.max_columns) {
      return absl::ResourceExhaustedError(
          absl::StrFormat("%s : la cellule %s%d est au-delà de la limite de %d colonnes", part_,
                          ColumnName(*column), row_.number, limits_.max_columns));
    }
    std::string_view t = Attribute(attrs, "t");
    std::optional<XlsxCellType> type = CellTypeFromAttribute(t);
    if (!type.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s : la cellule %s%d a un type inconnu « %s »", part_,
                          ColumnName(*column), row_.number, t));
    }
    last_column_ = *column;
    cell_ = PendingCell{*column, *type, false, scratch_.size(), 0};
    cell_chars_ = 0;
    in_cell_ = true;
    return absl::OkStatus();
  }

  absl::Status EndCell() {
    in_cell_ = in_value_ = in_inline_string_ = false;
    cell_.length = scratch_.size() - cell_.offset;
    if (cell_.type == XlsxCellType::kSharedString && cell_.length > 0) {
      if (absl::Status s = ResolveSharedString(); !s.ok()) return s;
    }
    if (cell_.length > 0) pending_.push_back(cell_);
    return absl::OkStatus();
  }

  absl::Status ResolveSharedString() {
    std::string_view index_text(scratch_.data() + cell_.offset, cell_.length);
    size_t index = 0;
    if (!absl::SimpleAtoi(AsAbsl(index_text), &index) || index >= strings_.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s : la cellule %s%d renvoie au texte partagé « %s » qui n'existe pas (%d textes)",
          part_, ColumnName(cell_.column), row_.number, index_text, strings_.size()));
    }
    scratch_.resize(cell_.offset);
    cell_.shared = true;
    cell_.offset = index;
    cell_.length = strings_.Get(index).size();
    return absl::OkStatus();
  }

  absl::Status EndRow() {
    in_row_ = false;
    row_.cells.clear();
    for (const PendingCell& cell : pending_) {
      std::string_view text = cell.shared
                                  ? strings_.Get(cell.offset)
                                  : std::string_view(scratch_).substr(cell.offset, cell.length);
      row_.cells.push_back(XlsxCell{cell.column, cell.type, text});
    }
    return visitor_(row_);
  }

  std::string part_;
  const XlsxLimits& limits_;
  const SharedStrings& strings_;
  XlsxWorkbook::RowVisitor visitor_;

  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_string_ = false;
  StringTextTracker inline_text_;
  int64_t rows_seen_ = 0;
  int last_column_ = -1;
  int64_t cell_chars_ = 0;
  PendingCell cell_;
  std::vector<PendingCell> pending_;
  std::string scratch_;
  XlsxRow row_;
};

absl::StatusOr<ZipPtr> OpenZip(std::string_view bytes) {
  if (absl::StartsWith(AsAbsl(bytes), AsAbsl(kOleMagic))) {
    return NotAWorkbook("classeur protégé par mot de passe ou ancien format .xls");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return absl::ResourceExhaustedError("mémoire insuffisante pour ouvrir le classeur");
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (zip == nullptr) {
    zip_source_free(source);
    bool not_zip = zip_error_code_zip(&error) == ZIP_ER_NOZIP;
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    return not_zip ? NotAWorkbook("ce n'est pas une archive zip")
                   : NotAWorkbook(absl::StrCat("archive zip corrompue : ", detail));
  }
  zip_error_fini(&error);
  return ZipPtr(zip);
}

// Resolves a relationship target against xl/ ("worksheets/sheet1.xml", "/xl/worksheets/...",
// "../xl/..."); "" when it climbs above the archive root.
std::string ResolveTarget(std::string_view target) {
  std::vector<absl::string_view> segments;
  if (!absl::StartsWith(AsAbsl(target), "/")) segments.push_back("xl");
  for (absl::string_view segment : absl::StrSplit(AsAbsl(target), '/', absl::SkipEmpty())) {
    if (segment == ".") continue;
    if (segment != "..") {
      segments.push_back(segment);
    } else if (segments.empty()) {
      return "";
    } else {
      segments.pop_back();
    }
  }
  return absl::StrJoin(segments, "/");
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool IsStringCell(XlsxCellType type) {
  return type == XlsxCellType::kSharedString || type == XlsxCellType::kInlineString ||
         type == XlsxCellType::kFormulaString;
}

std::string ColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::optional<int> ColumnFromCellReference(std::string_view reference) {
  int column = 0;
  size_t letters = 0;
  while (letters < reference.size() && absl::ascii_isalpha(reference[letters])) {
    if (++letters > kMaxColumnLetters) return std::nullopt;
    column = column * 26 + (absl::ascii_toupper(reference[letters - 1]) - 'A' + 1);
  }
  std::string_view digits = reference.substr(letters);
  bool digits_ok =
      !digits.empty() && std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit);
  if (letters == 0 || !digits_ok || column > kMaxSheetColumns) return std::nullopt;
  return column - 1;
}

struct XlsxWorkbook::State {
  explicit State(const XlsxLimits& l) : limits(l), budget(l.max_uncompressed_bytes) {}

  XlsxLimits limits;
  ReadBudget budget;
  ZipPtr zip;
  bool date1904 = false;
  std::string sheet_name;
  std::string sheet_part;
  SharedStrings shared_strings;

  absl::Status Parse(std::string_view part, SaxHandler& handler) {
    std::optional<zip_uint64_t> index = FindEntry(zip.get(), part);
    if (!index.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(AsAbsl(part), " absent de l'archive"));
    }
    return ParsePart(zip.get(), *index, part, handler, budget);
  }

  // The first of `candidates` present in the archive ("" if none).
  std::string FirstPresent(std::initializer_list<std::string_view> candidates) const {
    for (std::string_view part : candidates) {
      if (!part.empty() && FindEntry(zip.get(), part).has_value()) return std::string(part);
    }
    return "";
  }

  // Reads the date system and the first sheet from the workbook part and its relationships,
  // then the shared strings.
  absl::Status ReadWorkbook() {
    if (!FindEntry(zip.get(), kWorkbookPart).has_value()) {
      return NotAWorkbook("xl/workbook.xml absent");
    }
    WorkbookHandler workbook;
    if (absl::Status s = Parse(kWorkbookPart, workbook); !s.ok()) return s;
    date1904 = workbook.date1904;
    sheet_name = workbook.sheet_name;
    RelationshipsHandler relationships(workbook.sheet_relationship);
    if (FindEntry(zip.get(), kWorkbookRelsPart).has_value()) {
      if (absl::Status s = Parse(kWorkbookRelsPart, relationships); !s.ok()) return s;
    }
    sheet_part = FirstPresent({ResolveTarget(relationships.sheet_target), kDefaultSheetPart});
    if (sheet_part.empty()) return NotAWorkbook("aucune feuille de calcul dans le classeur");
    return ReadSharedStrings(FirstPresent(
        {ResolveTarget(relationships.shared_strings_target), kDefaultSharedStringsPart}));
  }

  absl::Status ReadSharedStrings(const std::string& part) {
    if (part.empty()) return absl::OkStatus();  // a workbook without any text cell
    SharedStringsHandler handler(part, limits, shared_strings);
    return Parse(part, handler);
  }
};

absl::StatusOr<XlsxWorkbook> XlsxWorkbook::Open(std::string_view bytes, const XlsxLimits& limits) {
  if (static_cast<int64_t>(bytes.size()) > limits.max_compressed_bytes) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "le fichier fait %d octets, au-delà de la limite de %d Mio ; découpez l'export",
        bytes.size(), limits.max_compressed_bytes >> 20));
  }
  auto state = std::make_unique<State>(limits);
  absl::StatusOr<ZipPtr> zip = OpenZip(bytes);
  if (!zip.ok()) return zip.status();
  state->zip = *std::move(zip);
  if (absl::Status s = state->ReadWorkbook(); !s.ok()) return s;
  return XlsxWorkbook(std::move(state));
}

XlsxWorkbook::XlsxWorkbook(std::unique_ptr<State> state) : state_(std::move(state)) {}
XlsxWorkbook::XlsxWorkbook(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook& XlsxWorkbook::operator=(XlsxWorkbook&&) noexcept = default;
XlsxWorkbook::~XlsxWorkbook() = default;

bool XlsxWorkbook::date1904() const { return state_->date1904; }
const std::string& XlsxWorkbook::first_sheet_name() const { return state_->sheet_name; }
const std::string& XlsxWorkbook::first_sheet_part() const { return state_->sheet_part; }

absl::Status XlsxWorkbook::ForEachRow(RowVisitor visitor) {
  SheetHandler handler(state_->sheet_part, state_->limits, state_->shared_strings, visitor);
  return state_->Parse(state_->sheet_part, handler);
}

}  // namespace factflow::importer::domain
