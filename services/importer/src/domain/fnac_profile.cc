#include "domain/fnac_profile.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/cell_value.h"
#include "domain/export_reading.h"
#include "domain/fnac_fields.h"
#include "strings/absl_bridge.h"

namespace factflow::importer::domain {
namespace {

using money::Decimal;
using namespace fnac;  // NOLINT: the field indexes read like the profile table

// Address fields come in the same order for billing and delivery.
constexpr std::array<std::string Address::*, 6> kAddressMembers = {
    &Address::line1,       &Address::line2, &Address::line3,
    &Address::postal_code, &Address::city,  &Address::country};

// The order-level text field a column fills, or nullptr for line-level fields (and the date,
// which is parsed).
std::string* OrderTextSlot(StagedOrder& order, size_t field) {
  if (field >= kBillingLine1 && field <= kBillingCountry) {
    return &(order.billing_address.*kAddressMembers[field - kBillingLine1]);
  }
  if (field >= kDeliveryLine1 && field <= kDeliveryCountry) {
    return &(order.delivery_address.*kAddressMembers[field - kDeliveryLine1]);
  }
  switch (field) {
    case kCivility:
      return &order.buyer.civility;
    case kLastName:
      return &order.buyer.last_name;
    case kFirstName:
      return &order.buyer.first_name;
    case kCompany:
      return &order.buyer.company;
    case kEmail:
      return &order.buyer.email;
    case kStatus:
      return &order.status;
    default:
      return nullptr;
  }
}

std::string* LineTextSlot(StagedLine& line, size_t field) {
  switch (field) {
    case kLineId:
      return &line.line_id;
    case kSellerSku:
      return &line.seller_sku;
    case kEan:
      return &line.ean;
    case kFnacRef:
      return &line.fnac_ref;
    case kLabel:
      return &line.label;
    case kCondition:
      return &line.condition;
    default:
      return nullptr;
  }
}

std::string Quoted(std::string_view text) { return absl::StrCat("« ", AsAbsl(text), " »"); }

absl::Status WithFileName(std::string_view file_name, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(AsAbsl(file_name), " : ", status.message()));
}

// The cells of one data row, by profile field.
struct RowCells {
  int64_t row = 0;
  std::array<const XlsxCell*, kFieldCount> cells{};
};

// A value of an order-level field: as compared between the rows of an order, and as shown.
struct FieldValue {
  std::string display;
  std::string key;
};

FieldValue TextValue(const std::string& text) {
  std::string key = FoldText(text);
  return {text, key.empty() ? text : key};
}

FieldValue DateValue(const CivilDateTime& date) {
  CivilDateTime day_only{date.year, date.month, date.day};
  return {day_only.French(), date.IsoDate()};
}

// What parsing remembers about an order beyond StagedOrder. Kept small: one per order.
struct OrderState {
  int64_t first_row = 0;
  // Per order-level field, the row its value came from (0: no value yet); the value itself is
  // the one stored in the StagedOrder.
  std::array<int64_t, kFieldCount> value_rows{};
  bool unreadable_date = false;  // already reported on its row: no "missing date" on top
  Decimal total_incl_vat;        // Σ quantity × unit price + shipping of its valid lines
  bool total_reported = false;   // the total's bound was already reported on a row
};

class FnacExportBuilder {
 public:
  FnacExportBuilder(const ExportReading& reading, std::string_view file_name, bool date1904,
                    ParseBudget& memory)
      : reading_(reading), date1904_(date1904), memory_(memory) {
    result_.file_name = std::string(file_name);
    // A default value reads as a text cell of the row when the column is absent or empty.
    for (size_t f = 0; f < reading_.defaults.size() && f < kFieldCount; ++f) {
      if (reading_.defaults[f].has_value()) {
        default_cells_[f] = XlsxCell{-1, XlsxCellType::kInlineString, *reading_.defaults[f]};
      }
    }
  }

  absl::Status OnRow(const XlsxRow& row) {
    if (IsBlank(row)) return absl::OkStatus();
    if (!header_read_) return ReadHeader(row);
    return ReadDataRow(row);
  }

  absl::StatusOr<ParsedExport> Finish() && {
    if (!header_read_) {
      return absl::InvalidArgumentError(
          absl::StrCat("la feuille est vide : ", reading_.reexport_advice, "."));
    }
    if (result_.rows_read == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "le fichier ne contient que la ligne d'en-tête, aucune ligne de commande : rien n'est "
          "intégré ; ",
          reading_.reexport_advice, "."));
    }
    if (result_.orders.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "aucune des ", result_.rows_read, " lignes ne porte de ", Quoted(HeaderOf(kOrderId)),
          " (colonne ", field_columns_[kOrderId] ? ColumnName(*field_columns_[kOrderId]) : "?",
          ") : rien n'est intégré ; renseignez les numéros de commande."));
    }
    for (size_t i = 0; i < result_.orders.size(); ++i) {
      FinishOrder(result_.orders[i], states_[i]);
    }
    return std::move(result_);
  }

 private:
  static bool IsBlank(const XlsxRow& row) {
    return std::all_of(row.cells.begin(), row.cells.end(),
                       [](const XlsxCell& cell) { return TrimAscii(cell.text).empty(); });
  }

  // --- Header ---------------------------------------------------------------------------------

  absl::Status ReadHeader(const XlsxRow& row) {
    header_read_ = true;
    std::vector<HeaderCell> headers;
    for (const XlsxCell& cell : row.cells) {
      std::string text = CellText(cell);
      if (!text.empty()) headers.push_back({cell.column, std::move(text)});
    }
    HeaderMatch match = MatchHeaders(reading_.fields, headers);
    if (!match.ok()) return absl::InvalidArgumentError(HeaderProblems(match, headers));
    for (size_t h = 0; h < headers.size(); ++h) RecordHeader(headers[h], match.header_fields[h]);
    for (size_t f = 0; f < kFieldCount; ++f) field_columns_[f] = match.field_columns[f];
    billing_columns_present_ = false;
    for (size_t f = kBillingLine1; f <= kBillingCountry; ++f) {
      billing_columns_present_ = billing_columns_present_ || field_columns_[f].has_value();
    }
    if (!billing_columns_present_) {
      // A column the file lacks is said once for the file, not once per order.
      result_.file_issues.push_back(MakeIssue(
          Severity::kWarning, row.number, std::nullopt,
          absl::StrCat("Colonnes d'adresse de facturation absentes du fichier (",
                       Quoted(reading_.fields[kBillingLine1].header), ", ",
                       Quoted(reading_.fields[kBillingPostalCode].header), ", ",
                       Quoted(reading_.fields[kBillingCity].header),
                       "…) : l'adresse de livraison est utilisée pour toutes les factures.")));
    }
    return absl::OkStatus();
  }

  void RecordHeader(const HeaderCell& header, std::optional<size_t> field) {
    size_t column = static_cast<size_t>(header.column);
    if (column >= column_headers_.size()) column_headers_.resize(column + 1);
    column_headers_[column] = header.text;
    std::optional<std::string> field_name;
    if (field.has_value()) {
      field_name = std::string(reading_.fields[*field].name);
    } else {
      extra_columns_.push_back(header.column);
    }
    result_.headers.push_back({header.text, ColumnName(header.column), std::move(field_name)});
  }

  std::string FieldList(const std::vector<size_t>& fields) const {
    std::vector<std::string> names;
    for (size_t f : fields) names.push_back(Quoted(reading_.fields[f].header));
    return absl::StrJoin(names, " ou ");
  }

  std::string MissingColumns(const std::vector<std::vector<size_t>>& missing) const {
    std::vector<std::string> names;
    for (const std::vector<size_t>& group : missing) names.push_back(FieldList(group));
    return absl::StrCat(
        names.size() > 1 ? "colonnes obligatoires absentes : " : "colonne obligatoire absente : ",
        absl::StrJoin(names, ", "));
  }

  std::string DuplicateColumns(const DuplicateMatch& duplicate,
                               const std::vector<HeaderCell>& headers) const {
    std::vector<std::string> columns;
    for (int column : duplicate.columns) {
      auto header = std::find_if(headers.begin(), headers.end(),
                                 [&](const HeaderCell& h) { return h.column == column; });
      columns.push_back(absl::StrCat(ColumnName(column), " ", Quoted(header->text)));
    }
    return absl::StrCat("plusieurs colonnes pour ", Quoted(reading_.fields[duplicate.field].header),
                        " : ", absl::StrJoin(columns, ", "));
  }

  std::string HeaderProblems(const HeaderMatch& match,
                             const std::vector<HeaderCell>& headers) const {
    std::vector<std::string> problems;
    if (!match.missing_required.empty()) problems.push_back(MissingColumns(match.missing_required));
    for (const DuplicateMatch& duplicate : match.duplicates) {
      problems.push_back(DuplicateColumns(duplicate, headers));
    }
    return absl::StrCat(absl::StrJoin(problems, " ; "),
                        ". Vérifiez que la première ligne non vide du fichier est ",
                        reading_.header_row_name,
                        ", puis ajoutez ou renommez les colonnes en cause.");
  }

  // --- Issues ---------------------------------------------------------------------------------

  std::string HeaderOf(size_t field) const {
    std::optional<int> column = field_columns_[field];
    return column.has_value() ? column_headers_[*column] : std::string(reading_.fields[field].header);
  }

  Issue MakeIssue(Severity severity, int64_t row, std::optional<size_t> field,
                  std::string message) const {
    Issue issue{severity, result_.file_name, row, "", "", "", std::move(message)};
    if (field.has_value()) {
      std::optional<int> column = field_columns_[*field];
      if (column.has_value()) issue.column = ColumnName(*column);
      issue.field = std::string(reading_.fields[*field].name);
      issue.header = HeaderOf(*field);
    }
    return issue;
  }

  Issue Error(int64_t row, size_t field, std::string message) const {
    return MakeIssue(Severity::kError, row, field, std::move(message));
  }

  // "« Quantité » vaut « deux » : <what is wrong and how to fix it>".
  Issue BadValue(int64_t row, size_t field, const std::string& text,
                 std::string_view advice) const {
    return Error(
        row, field,
        absl::StrCat(Quoted(HeaderOf(field)), " vaut ", Quoted(text), " : ", AsAbsl(advice)));
  }

  Issue EmptyRequired(int64_t row, size_t field) const {
    return Error(row, field,
                 absl::StrCat(Quoted(HeaderOf(field)),
                              " est vide : cette information est obligatoire, complétez la "
                              "cellule."));
  }

  // --- Data rows ------------------------------------------------------------------------------

  static std::string Text(const RowCells& cells, size_t field) {
    const XlsxCell* cell = cells.cells[field];
    return cell == nullptr ? "" : CellText(*cell);
  }

  RowCells CellsByField(const XlsxRow& row) {
    by_column_.assign(column_headers_.size(), nullptr);
    for (const XlsxCell& cell : row.cells) {
      if (static_cast<size_t>(cell.column) < by_column_.size()) by_column_[cell.column] = &cell;
    }
    RowCells cells{row.number, {}};
    for (size_t f = 0; f < kFieldCount; ++f) {
      if (field_columns_[f].has_value()) cells.cells[f] = by_column_[*field_columns_[f]];
      if (default_cells_[f].column == -1 &&
          (cells.cells[f] == nullptr || TrimAscii(cells.cells[f]->text).empty())) {
        cells.cells[f] = &default_cells_[f];
      }
    }
    return cells;
  }

  absl::Status ReadDataRow(const XlsxRow& row) {
    if (result_.rows_read++ == 0 && row.sheet_rows_hint > 0) {
      // At most one order per row: reserving address space once avoids copying every order at
      // each growth (pages are only touched, and charged, as orders are added).
      result_.orders.reserve(static_cast<size_t>(row.sheet_rows_hint));
      states_.reserve(static_cast<size_t>(row.sheet_rows_hint));
    }
    RowCells cells = CellsByField(row);
    std::vector<Issue> formula_issues = TakeUncomputedFormulas(cells);
    std::string order_id = Text(cells, kOrderId);
    if (order_id.empty()) {
      for (Issue& issue : formula_issues) result_.file_issues.push_back(std::move(issue));
      result_.file_issues.push_back(
          Error(row.number, kOrderId,
                absl::StrCat("Ligne sans ", Quoted(HeaderOf(kOrderId)), " : renseignez ",
                             reading_.order_id_name,
                             " pour rattacher la ligne à sa commande.")));
      return memory_.ChargeMemory(HeldBytes(result_.file_issues.back()) + sizeof(Issue),
                                  kMemoryWhat);
    }
    auto [it, inserted] = order_index_.try_emplace(order_id, result_.orders.size());
    int64_t held = 0;
    if (inserted) {
      result_.orders.emplace_back().order_id = order_id;
      states_.emplace_back().first_row = row.number;
      // The order, its state and its index entry (a hash node holding the id).
      held += sizeof(StagedOrder) + sizeof(OrderState) + 64 + 2 * HeldBytes(order_id);
    }
    StagedOrder& order = result_.orders[it->second];
    OrderState& state = states_[it->second];
    held -= HeldBytesOfOrderFields(order);
    StagedLine line = ReadLine(cells);
    line.issues.insert(line.issues.begin(), std::make_move_iterator(formula_issues.begin()),
                       std::make_move_iterator(formula_issues.end()));
    KeepExtraColumns(row, line);
    MergeOrderFields(cells, order, state, line.issues);
    CheckOrderTotal(cells.row, line, order, state);
    held += sizeof(StagedLine) + HeldBytes(line) + HeldBytesOfOrderFields(order);
    order.lines.push_back(std::move(line));
    return memory_.ChargeMemory(held, kMemoryWhat);
  }

  // Cells of profile fields holding a formula without cached value: an error each (its value is
  // unknown, it must not pass for an empty cell), and the cell dropped from `cells`.
  std::vector<Issue> TakeUncomputedFormulas(RowCells& cells) const {
    std::vector<Issue> issues;
    for (size_t f = 0; f < kFieldCount; ++f) {
      const XlsxCell* cell = cells.cells[f];
      if (cell == nullptr || cell->type != XlsxCellType::kFormulaWithoutValue) continue;
      size_t cut = std::min<size_t>(cell->text.size(), 60);
      while (cut < cell->text.size() && cut > 0 && (cell->text[cut] & 0xC0) == 0x80) --cut;
      std::string formula(cell->text.substr(0, cut));
      if (cut < cell->text.size()) formula += "…";
      issues.push_back(Error(
          cells.row, f,
          absl::StrCat(Quoted(HeaderOf(f)), " contient la formule ", Quoted(formula),
                       " sans valeur calculée : le fichier a été enregistré sans le résultat de "
                       "ses formules ; ouvrez-le dans un tableur et enregistrez-le, ou "
                       "remplacez la formule par sa valeur.")));
      cells.cells[f] = nullptr;
    }
    return issues;
  }

  StagedLine ReadLine(const RowCells& cells) {
    StagedLine line;
    line.source_row = cells.row;
    for (size_t f = 0; f < kFieldCount; ++f) {
      if (std::string* slot = LineTextSlot(line, f)) *slot = Text(cells, f);
    }
    if (line.label.empty()) line.issues.push_back(EmptyRequired(cells.row, kLabel));
    if (line.seller_sku.empty() && line.ean.empty()) {
      line.issues.push_back(
          Error(cells.row, field_columns_[kSellerSku] ? kSellerSku : kEan,
                absl::StrCat("Ni ", Quoted(HeaderOf(kSellerSku)), " ni ", Quoted(HeaderOf(kEan)),
                             " : renseignez au moins l'un des deux pour "
                             "identifier l'article.")));
    }
    line.quantity = ReadQuantity(cells, line.issues).value_or(Decimal());
    line.unit_price_incl_vat =
        ReadAmount(cells, kUnitPrice, /*required=*/true, line.issues).value_or(Decimal());
    line.shipping_incl_vat = ReadAmount(cells, kShipping, /*required=*/false, line.issues);
    line.commission_incl_vat = ReadAmount(cells, kCommission, /*required=*/false, line.issues);
    CheckLineTotal(cells.row, line);
    return line;
  }

  // Quantity × unit price + shipping of a line within bounds. Each factor is already bounded
  // (kMaxQuantity, kMaxAmountInclVat), so the product cannot overflow.
  void CheckLineTotal(int64_t row, StagedLine& line) const {
    if (line.has_error()) return;
    Decimal total = LineTotal(line);
    if (total <= kMaxInvoiceTotalInclVat) return;
    line.issues.push_back(Error(
        row, kUnitPrice,
        absl::StrCat("le total TTC de la ligne (quantité × ", Quoted(HeaderOf(kUnitPrice)),
                     " + frais de port) vaut ", total.ToFrench(), " €, au-delà de ",
                     kMaxInvoiceTotalInclVat.ToFrench(0),
                     " € par facture : vérifiez la quantité et le prix, ou facturez à part.")));
  }

  static Decimal LineTotal(const StagedLine& line) {
    return line.quantity * line.unit_price_incl_vat + line.shipping_incl_vat.value_or(Decimal());
  }

  // The order's running total must stay within the bound of one invoice; the row that crosses
  // it carries the error (the order then cannot be generated).
  void CheckOrderTotal(int64_t row, StagedLine& line, const StagedOrder& order,
                       OrderState& state) const {
    if (line.has_error()) return;
    state.total_incl_vat += LineTotal(line);
    if (state.total_incl_vat <= kMaxInvoiceTotalInclVat || state.total_reported) return;
    state.total_reported = true;
    line.issues.push_back(
        Error(row, kUnitPrice,
              absl::StrCat("avec cette ligne, la commande ", order.order_id, " totalise ",
                           state.total_incl_vat.ToFrench(), " € TTC, au-delà de ",
                           kMaxInvoiceTotalInclVat.ToFrench(0),
                           " € par facture : vérifiez les quantités et les prix de la commande.")));
  }

  std::optional<Decimal> ReadQuantity(const RowCells& cells, std::vector<Issue>& issues) const {
    std::string text = Text(cells, kQuantity);
    if (text.empty()) {
      issues.push_back(EmptyRequired(cells.row, kQuantity));
      return std::nullopt;
    }
    std::optional<Decimal> quantity = CellAmount(*cells.cells[kQuantity]);
    if (!quantity.has_value() || quantity->is_negative() || quantity->is_zero()) {
      issues.push_back(BadValue(cells.row, kQuantity, text,
                                "la quantité doit être un nombre supérieur à zéro (par exemple 1 "
                                "ou 2,5) ; corrigez la cellule."));
      return std::nullopt;
    }
    if (*quantity > kMaxQuantity) {
      issues.push_back(BadValue(cells.row, kQuantity, text,
                                absl::StrCat("la quantité d'une ligne est limitée à ",
                                             kMaxQuantity.ToFrench(0), " ; corrigez la cellule.")));
      return std::nullopt;
    }
    return quantity;
  }

  // Amounts may be negative only for the commission (a refund of commission is a credit).
  std::optional<Decimal> ReadAmount(const RowCells& cells, size_t field, bool required,
                                    std::vector<Issue>& issues) const {
    std::string text = Text(cells, field);
    if (text.empty()) {
      if (required) issues.push_back(EmptyRequired(cells.row, field));
      return std::nullopt;
    }
    std::optional<Decimal> amount = CellAmount(*cells.cells[field]);
    if (!amount.has_value()) {
      issues.push_back(BadValue(cells.row, field, text,
                                "ce n'est pas un montant ; écrivez un nombre décimal, par exemple "
                                "19,99."));
    } else if (amount->is_negative() && field != kCommission) {
      issues.push_back(BadValue(cells.row, field, text,
                                "un montant TTC ne peut pas être négatif ; corrigez la cellule."));
      return std::nullopt;
    } else if (*amount > kMaxAmountInclVat || -*amount > kMaxAmountInclVat) {
      issues.push_back(
          BadValue(cells.row, field, text,
                   absl::StrCat("un montant est limité à ", kMaxAmountInclVat.ToFrench(0),
                                " € ; corrigez la cellule.")));
      return std::nullopt;
    }
    return amount;
  }

  void KeepExtraColumns(const XlsxRow& row, StagedLine& line) const {
    for (int column : extra_columns_) {
      const XlsxCell* cell = by_column_[column];
      line.extra.emplace_back(column_headers_[column], cell == nullptr ? "" : CellText(*cell));
    }
    for (const XlsxCell& cell : row.cells) {
      bool headed = static_cast<size_t>(cell.column) < column_headers_.size() &&
                    !column_headers_[cell.column].empty();
      std::string text = headed ? "" : CellText(cell);
      if (!text.empty()) {
        line.extra.emplace_back(absl::StrCat("Colonne ", ColumnName(cell.column)), text);
      }
    }
  }

  // --- Order-level fields ---------------------------------------------------------------------

  void MergeOrderFields(const RowCells& cells, StagedOrder& order, OrderState& state,
                        std::vector<Issue>& issues) const {
    MergeOrderDate(cells, order, state, issues);
    for (size_t f = 0; f < kFieldCount; ++f) {
      std::string* slot = OrderTextSlot(order, f);
      if (slot == nullptr) continue;
      const XlsxCell* cell = cells.cells[f];
      if (cell == nullptr) continue;
      // The usual case: a later row of the order repeats the same text; compared in place,
      // without building or folding strings.
      if (state.value_rows[f] != 0 && IsStringCell(cell->type) && TrimAscii(cell->text) == *slot) {
        continue;
      }
      std::string text = CellText(*cell);
      if (text.empty()) continue;
      if (IsFirstValue(cells.row, f, state)) {
        *slot = std::move(text);
      } else if (text != *slot) {
        CheckSameValue(cells.row, f, TextValue(text), TextValue(*slot), order, state, issues);
      }
    }
  }

  void MergeOrderDate(const RowCells& cells, StagedOrder& order, OrderState& state,
                      std::vector<Issue>& issues) const {
    std::string text = Text(cells, kOrderDate);
    if (text.empty()) return;
    std::optional<CivilDateTime> date = CellDate(*cells.cells[kOrderDate]);
    if (!date.has_value()) {
      issues.push_back(BadValue(cells.row, kOrderDate, text,
                                "ce n'est pas une date ; écrivez-la jj/mm/aaaa, par exemple "
                                "23/11/2026."));
      state.unreadable_date = true;
    } else if (IsFirstValue(cells.row, kOrderDate, state)) {
      order.order_date = date->IsoDate();
      if (date->has_time) order.order_datetime = date->IsoDateTime();
    } else {
      CheckSameValue(cells.row, kOrderDate, DateValue(*date),
                     DateValue(*ParseTextDateTime(order.order_date)), order, state, issues);
    }
  }

  // True (and remembered) when `row` brings the order's first value for `field`.
  static bool IsFirstValue(int64_t row, size_t field, OrderState& state) {
    if (state.value_rows[field] != 0) return false;
    state.value_rows[field] = row;
    return true;
  }

  // A later row of an order must repeat the order-level values of the first one.
  void CheckSameValue(int64_t row, size_t field, const FieldValue& value, const FieldValue& first,
                      const StagedOrder& order, const OrderState& state,
                      std::vector<Issue>& issues) const {
    if (value.key == first.key) return;
    issues.push_back(
        Error(row, field,
              absl::StrCat(Quoted(HeaderOf(field)), " vaut ", Quoted(value.display), " ici mais ",
                           Quoted(first.display), " à la ligne ", state.value_rows[field],
                           " pour la commande ", order.order_id,
                           " : toutes les lignes d'une commande doivent porter la même valeur ; "
                           "corrigez l'une des deux lignes.")));
  }

  void FinishOrder(StagedOrder& order, const OrderState& state) const {
    if (order.order_date.empty() && !state.unreadable_date) {
      order.issues.push_back(
          Error(state.first_row, kOrderDate,
                absl::StrCat(Quoted(HeaderOf(kOrderDate)), " est vide pour la commande ",
                             order.order_id, " : renseignez la date de commande (jj/mm/aaaa).")));
    }
    if (order.buyer.last_name.empty() && order.buyer.company.empty()) {
      order.issues.push_back(
          Error(state.first_row, field_columns_[kLastName] ? kLastName : kCompany,
                absl::StrCat("Ni ", Quoted(HeaderOf(kLastName)), " ni ", Quoted(HeaderOf(kCompany)),
                             " pour la commande ", order.order_id,
                             " : renseignez le nom de l'acheteur ou sa société.")));
    }
    FinishAddress(order.delivery_address, state.first_row, kDeliveryCountry, order.issues);
    FinishAddress(order.billing_address, state.first_row, kBillingCountry, order.issues);
    if (order.billing_address.empty() && !order.delivery_address.empty()) {
      order.billing_address = order.delivery_address;
      // Without billing columns the file-level notice already says so.
      if (billing_columns_present_) {
        order.issues.push_back(MakeIssue(Severity::kWarning, state.first_row, kBillingLine1,
                                         "Adresse de facturation absente : l'adresse de "
                                         "livraison est utilisée pour la facture."));
      }
    } else if (order.billing_address.empty()) {
      order.issues.push_back(MakeIssue(Severity::kWarning, state.first_row, kBillingLine1,
                                       "Ni adresse de facturation ni adresse de livraison : la "
                                       "facture sera émise sans adresse de l'acheteur."));
    }
  }

  void FinishAddress(Address& address, int64_t row, size_t country_field,
                     std::vector<Issue>& issues) const {
    if (address.country.empty()) return;
    address.country_code = CountryCodeFromName(address.country);
    if (address.country_code.empty()) {
      issues.push_back(MakeIssue(Severity::kWarning, row, country_field,
                                 absl::StrCat("Pays ", Quoted(address.country),
                                              " non reconnu : indiquez le nom du pays en "
                                              "français ou son code ISO (par exemple FR).")));
    }
    // A French postal code stored as a number loses its leading zero (01000 → 1000).
    bool digits =
        std::all_of(address.postal_code.begin(), address.postal_code.end(), absl::ascii_isdigit);
    if (address.country_code == "FR" && digits && address.postal_code.size() == 4) {
      address.postal_code.insert(address.postal_code.begin(), '0');
    }
  }

  // A quantity or amount, under the reading's decimal mark for text cells.
  std::optional<Decimal> CellAmount(const XlsxCell& cell) const {
    if (reading_.decimal_mark == DecimalMark::kAuto || !IsStringCell(cell.type)) {
      return CellDecimal(cell);
    }
    return DecimalWithMark(cell.text, reading_.decimal_mark);
  }

  // A date, under the reading's day/month order for text cells.
  std::optional<CivilDateTime> CellDate(const XlsxCell& cell) const {
    if (reading_.date_order == DateOrder::kDayMonthYear || !IsStringCell(cell.type)) {
      return CellDateTime(cell, date1904_);
    }
    return TextDateWithOrder(cell.text, reading_.date_order);
  }

  static constexpr std::string_view kMemoryWhat = "commandes lues";

  const ExportReading& reading_;
  // Per field, the default value as a cell (column -1), or column 0 when the field has none.
  std::array<XlsxCell, kFieldCount> default_cells_{};
  bool date1904_;
  ParseBudget& memory_;  // charged with what result_ holds
  bool header_read_ = false;
  bool billing_columns_present_ = true;  // some billing-address column is in the file
  ParsedExport result_;
  std::array<std::optional<int>, kFieldCount> field_columns_;
  std::vector<std::string> column_headers_;  // by column; "" for a column without header
  std::vector<int> extra_columns_;           // headed columns no field claimed
  std::vector<const XlsxCell*> by_column_;   // current row, by column (scratch)
  std::unordered_map<std::string, size_t> order_index_;
  std::vector<OrderState> states_;  // parallel to result_.orders
};

}  // namespace

class ExportBuilder::Impl : public FnacExportBuilder {
 public:
  using FnacExportBuilder::FnacExportBuilder;
};

ExportBuilder::ExportBuilder(const ExportReading& reading, std::string_view file_name,
                             bool date1904, ParseBudget& memory)
    : impl_(std::make_unique<Impl>(reading, file_name, date1904, memory)) {}
ExportBuilder::~ExportBuilder() = default;

absl::Status ExportBuilder::OnRow(const XlsxRow& row) { return impl_->OnRow(row); }

absl::StatusOr<ParsedExport> ExportBuilder::Finish() && { return std::move(*impl_).Finish(); }

absl::StatusOr<ParsedExport> ParseXlsxExport(const ExportReading& reading,
                                             std::string_view file_name, std::string_view bytes,
                                             const XlsxLimits& limits) {
  absl::StatusOr<XlsxWorkbook> workbook = XlsxWorkbook::Open(bytes, limits);
  if (!workbook.ok()) return WithFileName(file_name, workbook.status());
  FnacExportBuilder builder(reading, file_name, workbook->date1904(), workbook->budget());
  absl::Status read =
      workbook->ForEachRow([&builder](const XlsxRow& row) { return builder.OnRow(row); });
  if (!read.ok()) return WithFileName(file_name, read);
  absl::StatusOr<ParsedExport> result = std::move(builder).Finish();
  if (!result.ok()) return WithFileName(file_name, result.status());
  return result;
}

class FnacExportParser::Impl : public FnacExportBuilder {
 public:
  using FnacExportBuilder::FnacExportBuilder;
};

FnacExportParser::FnacExportParser(std::string_view file_name, bool date1904, ParseBudget& budget)
    : impl_(std::make_unique<Impl>(FnacReading(), file_name, date1904, budget)) {}

FnacExportParser::~FnacExportParser() = default;

absl::Status FnacExportParser::OnRow(const XlsxRow& row) { return impl_->OnRow(row); }

absl::StatusOr<ParsedExport> FnacExportParser::Finish() && { return std::move(*impl_).Finish(); }

absl::StatusOr<ParsedExport> ParseFnacExport(std::string_view file_name, std::string_view bytes,
                                             const XlsxLimits& limits) {
  return ParseXlsxExport(FnacReading(), file_name, bytes, limits);
}

}  // namespace factflow::importer::domain
