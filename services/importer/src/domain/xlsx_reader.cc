#include "domain/xlsx_reader.h"

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
#include "domain/xlsx_internal.h"
#include "domain/xml_part_parser.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

using xlsx_internal::HeldMemory;
using xlsx_internal::SharedStrings;
using xlsx_internal::StringTextTracker;
using xml::Attribute;
using xml::Attributes;
using xml::FindEntry;
using xml::NotAWorkbook;
using xml::SaxHandler;
using xml::ZipPtr;

constexpr int64_t kMaxSheetRow = 1'048'576;  // Excel's own row limit
constexpr int kMaxColumnLetters = 3;         // XFD
constexpr int kMaxSheetColumns = 16'384;     // A..XFD
constexpr std::string_view kWorkbookPart = "xl/workbook.xml";
constexpr std::string_view kWorkbookRelsPart = "xl/_rels/workbook.xml.rels";
constexpr std::string_view kDefaultSheetPart = "xl/worksheets/sheet1.xml";
constexpr std::string_view kDefaultSharedStringsPart = "xl/sharedStrings.xml";
// Compound-file header: what Excel writes for password-protected workbooks and for .xls.
constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// Characters of UTF-8 text: every byte that does not continue a sequence starts one.
int64_t Utf8Chars(std::string_view text) {
  int64_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// ---------------------------------------------------------------------------------------------
// The parts read before the sheet.

// xl/workbook.xml: the date system and the first sheet of the tab order.
class WorkbookHandler : public SaxHandler {
 public:
  absl::Status OnStart(std::string_view name, Attributes attrs) override {
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

  absl::Status OnStart(std::string_view name, Attributes attrs) override {
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

class SharedStringsHandler : public SaxHandler {
 public:
  SharedStringsHandler(std::string_view part, ParseBudget& budget, SharedStrings& strings)
      : part_(part),
        limits_(budget.limits()),
        strings_(strings),
        held_(budget, "table des textes partagés") {}

  absl::Status OnStart(std::string_view name, Attributes) override {
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
      return held_.Update(strings_.held_bytes());
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
    int64_t bytes = strings_.text_bytes() + static_cast<int64_t>(text.size());
    if (bytes > limits_.max_shared_string_bytes) {
      return absl::ResourceExhaustedError(absl::StrFormat(
          "%s : le texte partagé n° %d porte la table des textes partagés au-delà de la limite de "
          "%d Mio ; découpez l'export en plusieurs fichiers",
          part_, strings_.size(), limits_.max_shared_string_bytes >> 20));
    }
    strings_.Append(text);
    return absl::OkStatus();
  }

 private:
  std::string part_;
  const XlsxLimits& limits_;
  SharedStrings& strings_;
  HeldMemory held_;
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
  SheetHandler(std::string_view part, ParseBudget& budget, const SharedStrings& strings,
               XlsxWorkbook::RowVisitor visitor)
      : part_(part),
        limits_(budget.limits()),
        strings_(strings),
        visitor_(visitor),
        held_(budget, "ligne en cours de lecture") {}

  absl::Status OnStart(std::string_view name, Attributes attrs) override {
    if (name == "sheetData") in_sheet_data_ = true;
    if (!in_sheet_data_) return name == "dimension" ? CheckDimension(attrs) : absl::OkStatus();
    if (name == "row") return StartRow(attrs);
    if (!in_row_) return absl::OkStatus();
    if (name == "c") return StartCell(attrs);
    if (!in_cell_) return absl::OkStatus();
    if (name == "v") in_value_ = true;
    if (name == "f") in_formula_ = true;
    if (name == "is") in_inline_string_ = true;
    if (in_inline_string_) inline_text_.Start(name);
    return absl::OkStatus();
  }

  absl::Status OnEnd(std::string_view name) override {
    if (in_inline_string_) inline_text_.End(name);
    if (name == "v") in_value_ = false;
    if (name == "f") in_formula_ = false;
    if (name == "is") in_inline_string_ = false;
    if (name == "c" && in_cell_) return EndCell();
    if (name == "row" && in_row_) return EndRow();
    if (name == "sheetData") in_sheet_data_ = false;
    return absl::OkStatus();
  }

  absl::Status OnText(std::string_view text) override {
    if (in_cell_ && in_formula_) {
      // Kept (bounded by the cell limit) in case the cell turns out to have no cached value.
      if (formula_.size() + text.size() <= static_cast<size_t>(limits_.max_cell_chars)) {
        formula_.append(text);
      }
      return absl::OkStatus();
    }
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

  absl::Status StartRow(Attributes attrs) {
    int64_t number = row_.number + 1;
    std::string_view r = Attribute(attrs, "r");
    if (!r.empty() &&
        (!absl::SimpleAtoi(AsAbsl(r), &number) || number < 1 || number > kMaxSheetRow)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s : numéro de ligne « %s » invalide", part_, r));
    }
    if (++rows_seen_ > limits_.max_rows) {
      return absl::ResourceExhaustedError(absl::StrFormat(
          "%s : la feuille dépasse la limite de %d lignes (ligne %d) ; découpez l'export en "
          "plusieurs fichiers",
          part_, limits_.max_rows, number));
    }
    row_.number = number;
    in_row_ = true;
    last_column_ = -1;
    pending_.clear();
    scratch_.clear();
    return absl::OkStatus();
  }

  // <dimension ref="A1:AD99566"/>, written before the rows: a sheet that announces more rows or
  // cells than allowed is refused before any is read. It is not trusted otherwise (rows and
  // cells are counted as they come).
  absl::Status CheckDimension(Attributes attrs) {
    std::string_view ref = Attribute(attrs, "ref");
    size_t colon = ref.find(':');
    if (colon == std::string_view::npos) return absl::OkStatus();
    std::optional<int> first_column = ColumnFromCellReference(ref.substr(0, colon));
    std::optional<int> last_column = ColumnFromCellReference(ref.substr(colon + 1));
    std::optional<int64_t> first_row = RowFromCellReference(ref.substr(0, colon));
    std::optional<int64_t> last_row = RowFromCellReference(ref.substr(colon + 1));
    if (!first_column || !last_column || !first_row || !last_row) return absl::OkStatus();
    int64_t rows = std::abs(*last_row - *first_row) + 1;
    int64_t cells = rows * (std::abs(*last_column - *first_column) + 1);
    if (rows > limits_.max_rows) {
      return absl::ResourceExhaustedError(absl::StrFormat(
          "%s : la feuille annonce %d lignes (dimension %s), au-delà de la limite de %d lignes ; "
          "découpez l'export en plusieurs fichiers",
          part_, rows, ref, limits_.max_rows));
    }
    row_.sheet_rows_hint = rows;
    if (cells > limits_.max_cells) {
      return absl::ResourceExhaustedError(absl::StrFormat(
          "%s : la feuille annonce %d cellules (dimension %s), au-delà de la limite de %d "
          "cellules ; découpez l'export en plusieurs fichiers",
          part_, cells, ref, limits_.max_cells));
    }
    return absl::OkStatus();
  }

  absl::Status StartCell(Attributes attrs) {
    if (++cells_seen_ > limits_.max_cells) {
      return absl::ResourceExhaustedError(absl::StrFormat(
          "%s : la feuille dépasse la limite de %d cellules (ligne %d) ; découpez l'export en "
          "plusieurs fichiers",
          part_, limits_.max_cells, row_.number));
    }
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
    formula_.clear();
    in_cell_ = true;
    return absl::OkStatus();
  }

  absl::Status EndCell() {
    in_cell_ = in_value_ = in_inline_string_ = in_formula_ = false;
    cell_.length = scratch_.size() - cell_.offset;
    if (cell_.length == 0 && !formula_.empty()) {
      // A formula saved without its result (some exports write =HYPERLINK(...) this way).
      cell_.type = XlsxCellType::kFormulaWithoutValue;
      scratch_.push_back('=');
      scratch_.append(formula_);
      cell_.length = scratch_.size() - cell_.offset;
    }
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
    int64_t held =
        static_cast<int64_t>(scratch_.capacity() + pending_.capacity() * sizeof(PendingCell) +
                             row_.cells.capacity() * sizeof(XlsxCell));
    if (absl::Status s = held_.Update(held); !s.ok()) return s;
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
  bool in_formula_ = false;
  std::string formula_;  // the current cell's <f> text
  StringTextTracker inline_text_;
  int64_t rows_seen_ = 0;
  int64_t cells_seen_ = 0;
  int last_column_ = -1;
  int64_t cell_chars_ = 0;
  PendingCell cell_;
  std::vector<PendingCell> pending_;
  std::string scratch_;
  XlsxRow row_;
  HeldMemory held_;
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

std::optional<int64_t> RowFromCellReference(std::string_view reference) {
  if (!ColumnFromCellReference(reference).has_value()) return std::nullopt;
  size_t digits = reference.find_first_of("0123456789");
  int64_t row = 0;
  if (!absl::SimpleAtoi(AsAbsl(reference.substr(digits)), &row) || row < 1 || row > kMaxSheetRow) {
    return std::nullopt;
  }
  return row;
}

struct XlsxWorkbook::State {
  explicit State(const XlsxLimits& limits) : budget(limits) {}

  ParseBudget budget;
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
    return xml::ParsePart(zip.get(), *index, part, handler, budget);
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
    SharedStringsHandler handler(part, budget, shared_strings);
    return Parse(part, handler);
  }
};

absl::StatusOr<XlsxWorkbook> XlsxWorkbook::Open(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.empty()) {
    return absl::InvalidArgumentError(
        "fichier vide (0 octet) : l'envoi a échoué ou l'export est vide ; exportez de nouveau "
        "les commandes terminées depuis FNAC");
  }
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

ParseBudget& XlsxWorkbook::budget() { return state_->budget; }
bool XlsxWorkbook::date1904() const { return state_->date1904; }
const std::string& XlsxWorkbook::first_sheet_name() const { return state_->sheet_name; }
const std::string& XlsxWorkbook::first_sheet_part() const { return state_->sheet_part; }

absl::Status XlsxWorkbook::ForEachRow(RowVisitor visitor) {
  SheetHandler handler(state_->sheet_part, state_->budget, state_->shared_strings, visitor);
  return state_->Parse(state_->sheet_part, handler);
}

}  // namespace factflow::importer::domain
