#include "staging/grid_builder.h"

#include <set>

#include "logging/logging.h"
#include "money/decimal_wire.h"

namespace factflow::importer {
namespace {

using money::Decimal;

// Amounts this service wrote itself: always canonical.
Decimal Amount(const common::v1::Decimal& value) {
  return money::FromWire(value).value_or(Decimal());
}

common::v1::PostalAddress AddressToProto(const domain::Address& a) {
  common::v1::PostalAddress out;
  out.set_line1(a.line1);
  out.set_line2(a.line2);
  out.set_line3(a.line3);
  out.set_postal_code(a.postal_code);
  out.set_city(a.city);
  // FNAC sells in France: an address without a recognisable country is taken as French.
  out.set_country_code(a.country_code.empty() ? "FR" : a.country_code);
  return out;
}

v1::Buyer BuyerToProto(const domain::Buyer& b) {
  v1::Buyer out;
  out.set_civility(b.civility);
  out.set_last_name(b.last_name);
  out.set_first_name(b.first_name);
  out.set_company(b.company);
  out.set_email(b.email);
  return out;
}

const MappedArticle* Lookup(const ArticleMapping& mapping, const domain::StagedLine& line) {
  for (const std::string* code : {&line.seller_sku, &line.ean}) {
    if (code->empty()) continue;
    auto it = mapping.find(*code);
    if (it != mapping.end()) return &it->second;
  }
  return nullptr;
}

v1::GridRow ToRow(const domain::StagedLine& line, const ArticleMapping& mapping,
                  const Decimal& default_rate) {
  v1::GridRow row;
  row.set_source_row(static_cast<int32_t>(line.source_row));
  row.set_line_id(line.line_id);
  row.set_seller_sku(line.seller_sku);
  row.set_ean(line.ean);
  row.set_label(line.label);
  *row.mutable_quantity() = money::ToWire(line.quantity, 4);
  *row.mutable_unit_price_incl_vat() = money::ToWire(line.unit_price_incl_vat, 4);
  *row.mutable_shipping_incl_vat() = money::ToWire(line.shipping_incl_vat.value_or(Decimal()), 4);
  const MappedArticle* article = Lookup(mapping, line);
  row.set_mapping_status(article ? v1::MAPPING_STATUS_MAPPED : v1::MAPPING_STATUS_UNMAPPED);
  row.set_article_code(article ? article->article_code
                               : (line.seller_sku.empty() ? line.ean : line.seller_sku));
  *row.mutable_vat_rate() = money::ToWire(article ? article->vat_rate : default_rate, 2);
  for (const auto& issue : line.issues) *row.add_issues() = ToProto(issue);
  for (const auto& [header, value] : line.extra) (*row.mutable_extra())[header] = value;
  return row;
}

}  // namespace

v1::Issue ToProto(const domain::Issue& issue) {
  v1::Issue out;
  out.set_severity(issue.severity == domain::Severity::kError ? v1::Issue::SEVERITY_ERROR
                                                              : v1::Issue::SEVERITY_WARNING);
  out.set_file_name(issue.file_name);
  out.set_row(static_cast<int32_t>(issue.row));
  out.set_column(issue.column);
  out.set_field(issue.field);
  out.set_header(issue.header);
  out.set_message(issue.message);
  return out;
}

std::vector<std::string> ExternalCodes(const domain::ParsedExport& parsed) {
  std::set<std::string> codes;
  for (const auto& order : parsed.orders) {
    for (const auto& line : order.lines) {
      if (!line.seller_sku.empty()) codes.insert(line.seller_sku);
      if (!line.ean.empty()) codes.insert(line.ean);
    }
  }
  return {codes.begin(), codes.end()};
}

Decimal DocumentTotal(const v1::GridDocument& document) {
  Decimal total;
  for (const auto& row : document.rows()) {
    total += (Amount(row.quantity()) * Amount(row.unit_price_incl_vat())).RoundedToCents() +
             Amount(row.shipping_incl_vat());
  }
  return total;
}

std::vector<v1::GridDocument> BuildGrid(const domain::ParsedExport& parsed,
                                        const ArticleMapping& mapping,
                                        const v1::ImportPreferences& preferences,
                                        int64_t first_position) {
  Decimal default_rate =
      money::FromWire(preferences.default_vat_rate()).value_or(Decimal::FromUnits(20));
  std::vector<v1::GridDocument> documents;
  documents.reserve(parsed.orders.size());
  int64_t position = first_position - 1;
  for (const auto& order : parsed.orders) {
    v1::GridDocument document;
    document.set_document_id(logging::NewUuid());
    document.set_position(++position);
    document.set_external_id(order.order_id);
    document.set_document_date(order.order_date);
    *document.mutable_buyer() = BuyerToProto(order.buyer);
    *document.mutable_billing_address() = AddressToProto(order.billing_address);
    *document.mutable_delivery_address() = AddressToProto(order.delivery_address);
    document.set_valid(order.valid());
    document.set_checked(order.valid());  // invalid orders start unchecked
    document.set_payment_mode(preferences.payment_mode());
    for (const auto& line : order.lines) *document.add_rows() = ToRow(line, mapping, default_rate);
    for (const auto& issue : order.issues) *document.add_issues() = ToProto(issue);
    *document.mutable_total_incl_vat() = money::ToWire(DocumentTotal(document), 2);
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace factflow::importer
