#include "staging/grid_values.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "strings/absl_bridge.h"
#include "domain/excel_date.h"
#include "money/decimal_wire.h"
#include "staging/grid_builder.h"
#include "validation/fields.h"

namespace factflow::importer {
namespace {

using money::Decimal;

constexpr size_t kMaxLabelBytes = 250;
constexpr size_t kMaxPaymentModeBytes = 64;
constexpr size_t kMaxSeriesChars = 10;

Decimal Amount(const common::v1::Decimal& value) {
  return money::FromWire(value).value_or(Decimal());
}

absl::Status Refuse(std::string_view column, std::string_view value, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat("colonne « ", AsAbsl(column), " » : valeur ",
                                                 validation::Echo(value), " refusée (",
                                                 AsAbsl(expected), ")"));
}

bool IsSeriesCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxSeriesChars) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::optional<bool> ParseYesNo(std::string_view text) {
  std::string lower = absl::AsciiStrToLower(AsAbsl(TrimAscii(text)));
  if (lower == "oui" || lower == "o" || lower == "true" || lower == "1" || lower == "vrai") {
    return true;
  }
  if (lower == "non" || lower == "n" || lower == "false" || lower == "0" || lower == "faux") {
    return false;
  }
  return std::nullopt;
}

void AppendSearch(std::string& out, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty()) out.push_back('\n');
  out += absl::AsciiStrToLower(AsAbsl(text));
}

v1::Issue MakeIssue(const std::string& file_name, int row, std::string_view field,
                    std::string message) {
  v1::Issue issue;
  issue.set_severity(v1::Issue::SEVERITY_ERROR);
  issue.set_file_name(file_name);
  issue.set_row(row);
  issue.set_field(std::string(field));
  issue.set_message(std::move(message));
  return issue;
}

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  auto parsed = domain::ParseTextDateTime(text);
  if (!parsed || parsed->has_time) return std::nullopt;
  if (parsed->year < 1900 || parsed->year > 9999) return std::nullopt;
  return parsed->IsoDate();
}

bool IsFrenchVatRate(const Decimal& rate) {
  for (int64_t raw : {0, 21'000, 55'000, 100'000, 200'000}) {
    if (rate.raw() == raw) return true;
  }
  return false;
}

absl::StatusOr<ColumnValue> ParseColumnValue(std::string_view column, std::string_view value) {
  std::string_view trimmed = TrimAscii(value);
  if (column == "vat_rate") {
    auto rate = Decimal::ParseLenient(trimmed);
    if (!rate || !IsFrenchVatRate(*rate)) {
      return Refuse(column, value, "taux de TVA attendu : 0, 2,1, 5,5, 10 ou 20");
    }
    return ColumnValue{GridColumn::kVatRate, rate->ToString(2)};
  }
  if (column == "payment_mode" || column == "label" || column == "article_code") {
    size_t max = column == "label" ? kMaxLabelBytes : kMaxPaymentModeBytes;
    if (trimmed.empty() || !validation::CheckText(column, trimmed, max).ok()) {
      return Refuse(column, value,
                    absl::StrCat("texte non vide d'au plus ", max, " octets, sans caractère de "
                                                                   "contrôle"));
    }
    GridColumn which = column == "label"          ? GridColumn::kLabel
                       : column == "article_code" ? GridColumn::kArticleCode
                                                  : GridColumn::kPaymentMode;
    return ColumnValue{which, std::string(trimmed)};
  }
  if (column == "document_date") {
    auto date = NormalizeDate(trimmed);
    if (!date) return Refuse(column, value, "date attendue : JJ/MM/AAAA ou AAAA-MM-JJ");
    return ColumnValue{GridColumn::kDocumentDate, *date};
  }
  if (column == "series_code") {
    if (!IsSeriesCode(trimmed)) {
      return Refuse(column, value,
                    "code de série attendu : 1 à 10 caractères parmi A-Z, a-z, 0-9, - et _");
    }
    return ColumnValue{GridColumn::kSeriesCode, std::string(trimmed)};
  }
  if (column == "invoice_shipping") {
    auto yes = ParseYesNo(trimmed);
    if (!yes) return Refuse(column, value, "oui ou non");
    return ColumnValue{GridColumn::kInvoiceShipping, *yes ? "true" : "false"};
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "colonne ", validation::Echo(column),
      " inconnue de la calculatrice : vat_rate, payment_mode, article_code, document_date, "
      "label, series_code ou invoice_shipping"));
}

void ApplyCalculatorValues(const CalculatorValues& values, v1::GridDocument& document) {
  for (auto& row : *document.mutable_rows()) {
    if (values.article_code) {
      row.set_article_code(*values.article_code);
      row.set_mapping_status(v1::MAPPING_STATUS_MAPPED);
    }
    if (values.vat_rate) row.mutable_vat_rate()->set_value(*values.vat_rate);
    if (values.label) row.set_label(*values.label);
  }
  if (values.document_date) document.set_document_date(*values.document_date);
  if (values.payment_mode) document.set_payment_mode(*values.payment_mode);
  if (values.series_code) document.set_series_code(*values.series_code);
  if (values.invoice_shipping) document.set_invoice_shipping(*values.invoice_shipping);
}

DerivedColumns Derive(const v1::GridDocument& document) {
  DerivedColumns out;
  out.order_date = NormalizeDate(document.document_date()).value_or("");
  AppendSearch(out.search_text, document.external_id());
  const v1::Buyer& buyer = document.buyer();
  for (const std::string* text :
       {&buyer.last_name(), &buyer.first_name(), &buyer.company(), &buyer.email()}) {
    AppendSearch(out.search_text, *text);
  }
  Decimal shipping;
  for (const auto& row : document.rows()) {
    AppendSearch(out.search_text, row.label());
    AppendSearch(out.search_text, row.article_code());
    if (row.seller_sku() != row.article_code()) AppendSearch(out.search_text, row.seller_sku());
    if (row.ean() != row.article_code()) AppendSearch(out.search_text, row.ean());
    if (row.mapping_status() == v1::MAPPING_STATUS_UNMAPPED) {
      ++out.unmapped_rows;
      for (const std::string* code : {&row.seller_sku(), &row.ean()}) {
        if (!code->empty()) out.unmapped_codes.push_back(*code);
      }
    }
    out.line_gross.push_back(
        (Amount(row.quantity()) * Amount(row.unit_price_incl_vat())).RoundedToCents().ToString(2));
    out.line_rates.push_back(Amount(row.vat_rate()).ToString(2));
    shipping += Amount(row.shipping_incl_vat());
  }
  out.shipping_gross = shipping.RoundedToCents().ToString(2);
  return out;
}

std::string ArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

absl::StatusOr<v1::GridDocument> ApplyEdit(const v1::GridDocument& current,
                                           const v1::GridDocument& edit,
                                           const std::string& file_name) {
  std::map<int, const v1::GridRow*> edited;
  for (const auto& row : edit.rows()) {
    if (!edited.emplace(row.source_row(), &row).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("ligne ", row.source_row(), " présente deux fois dans la modification"));
    }
  }
  v1::GridDocument out = current;
  out.set_document_date(edit.document_date());
  *out.mutable_buyer() = edit.buyer();
  *out.mutable_billing_address() = edit.billing_address();
  *out.mutable_delivery_address() = edit.delivery_address();
  out.set_payment_mode(edit.payment_mode());
  out.set_series_code(edit.series_code());
  if (edit.has_invoice_shipping()) {
    out.set_invoice_shipping(edit.invoice_shipping());
  } else {
    out.clear_invoice_shipping();
  }
  for (auto& row : *out.mutable_rows()) {
    auto it = edited.find(row.source_row());
    if (it == edited.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "commande ", current.external_id(), " : la ligne ", row.source_row(),
          " manque dans la modification (envoyez toutes les lignes de la commande)"));
    }
    const v1::GridRow& changed = *it->second;
    if (changed.article_code() != row.article_code()) {
      // An article typed by the operator is the one to invoice.
      row.set_mapping_status(v1::MAPPING_STATUS_MAPPED);
    }
    row.set_label(changed.label());
    row.set_seller_sku(changed.seller_sku());
    row.set_ean(changed.ean());
    row.set_article_code(changed.article_code());
    *row.mutable_quantity() = changed.quantity();
    *row.mutable_unit_price_incl_vat() = changed.unit_price_incl_vat();
    *row.mutable_shipping_incl_vat() = changed.shipping_incl_vat();
    *row.mutable_vat_rate() = changed.vat_rate();
    edited.erase(it);
  }
  if (!edited.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("commande ", current.external_id(),
                                                   " : pas de ligne ", edited.begin()->first,
                                                   " dans cette commande"));
  }
  ValidateDocument(out, file_name);
  return out;
}

void ValidateDocument(v1::GridDocument& document, const std::string& file_name) {
  auto keep_warnings = [](auto* issues) {
    for (int i = issues->size() - 1; i >= 0; --i) {
      if (issues->Get(i).severity() != v1::Issue::SEVERITY_WARNING) issues->DeleteSubrange(i, 1);
    }
  };
  keep_warnings(document.mutable_issues());
  const int first_row = document.rows_size() > 0 ? document.rows(0).source_row() : 0;
  bool valid = true;
  auto order_issue = [&](std::string_view field, std::string message) {
    *document.add_issues() = MakeIssue(file_name, first_row, field, std::move(message));
    valid = false;
  };
  if (auto date = NormalizeDate(document.document_date())) {
    document.set_document_date(*date);
  } else {
    order_issue("order_date",
                absl::StrCat("date de commande ", validation::Echo(document.document_date()),
                             " invalide : attendu JJ/MM/AAAA"));
  }
  if (document.buyer().last_name().empty() && document.buyer().company().empty()) {
    order_issue("buyer", "acheteur sans nom ni société : renseignez l'un des deux");
  }
  if (TrimAscii(document.payment_mode()).empty()) {
    order_issue("payment_mode", "mode de paiement vide");
  }
  if (!document.series_code().empty() && !IsSeriesCode(document.series_code())) {
    order_issue("series_code", absl::StrCat("série ", validation::Echo(document.series_code()),
                                            " invalide : 1 à 10 caractères A-Z, a-z, 0-9, - ou _"));
  }
  if (document.rows_size() == 0) order_issue("rows", "commande sans ligne");
  for (auto& row : *document.mutable_rows()) {
    keep_warnings(row.mutable_issues());
    auto row_issue = [&](std::string_view field, std::string message) {
      *row.add_issues() = MakeIssue(file_name, row.source_row(), field, std::move(message));
      valid = false;
    };
    if (TrimAscii(row.label()).empty()) row_issue("label", "libellé vide");
    if (row.article_code().empty() && row.seller_sku().empty() && row.ean().empty()) {
      row_issue("article_code", "ni article, ni SKU vendeur, ni EAN : renseignez l'article");
    }
    auto quantity = money::FromWire(row.quantity());
    if (!quantity || quantity->is_negative() || quantity->is_zero()) {
      row_issue("quantity", absl::StrCat("quantité ", validation::Echo(row.quantity().value()),
                                         " invalide : un nombre supérieur à 0 est attendu"));
    }
    auto price = money::FromWire(row.unit_price_incl_vat());
    if (!price || price->is_negative()) {
      row_issue("unit_price_incl_vat",
                absl::StrCat("prix unitaire TTC ",
                             validation::Echo(row.unit_price_incl_vat().value()),
                             " invalide : un montant positif est attendu"));
    }
    if (!row.shipping_incl_vat().value().empty()) {
      auto shipping = money::FromWire(row.shipping_incl_vat());
      if (!shipping || shipping->is_negative()) {
        row_issue("shipping_incl_vat",
                  absl::StrCat("frais de port ", validation::Echo(row.shipping_incl_vat().value()),
                               " invalides : un montant positif est attendu"));
      }
    }
    auto rate = money::FromWire(row.vat_rate());
    if (!rate || !IsFrenchVatRate(*rate)) {
      row_issue("vat_rate", absl::StrCat("taux de TVA ", validation::Echo(row.vat_rate().value()),
                                         " invalide : 0, 2,1, 5,5, 10 ou 20 attendu"));
    }
  }
  document.set_valid(valid);
  *document.mutable_total_incl_vat() = money::ToWire(DocumentTotal(document), 2);
}

}  // namespace factflow::importer
