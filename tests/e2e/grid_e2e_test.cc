// End to end, through the running importer, catalog-mapping and invoicing-state: the control
// grid on the server (filters, sorts, keyset pages, totals of the checked orders, check by
// filter), the calculator, the edit of one order, preferences round-trips and the duplicate-file
// refusal (issue 7). Expected figures are recomputed here from the rows the grid returns or from
// the generator's own summary, never copied from the program's output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "e2e/flow_fixture.h"
#include "e2e/stack_client.h"
#include "money/decimal.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;

class GridTest : public FlowFixture {
 protected:
  // Every page of the grid with `filter` and `sort`, pages of `page_size`.
  std::vector<mv1::GridDocument> Query(const std::string& batch_id, const mv1::GridFilter& filter,
                                       mv1::GridSort sort = mv1::GRID_SORT_POSITION,
                                       int page_size = 1000,
                                       mv1::ListGridDocumentsResponse* first = nullptr) {
    std::vector<mv1::GridDocument> documents;
    mv1::ListGridDocumentsRequest request;
    request.set_batch_id(batch_id);
    *request.mutable_filter() = filter;
    request.set_sort(sort);
    request.mutable_page()->set_page_size(page_size);
    bool is_first = true;
    do {
      mv1::ListGridDocumentsResponse response;
      grpc::Status status =
          stack_.importer().ListGridDocuments(stack_.Context(token_).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      if (is_first && first != nullptr) *first = response;
      is_first = false;
      documents.insert(documents.end(), response.documents().begin(), response.documents().end());
      request.mutable_page()->set_page_token(response.next_page_token());
    } while (!request.page().page_token().empty());
    return documents;
  }

  mv1::CheckedTotals Totals(const std::string& batch_id) {
    mv1::ListGridDocumentsResponse first;
    mv1::ListGridDocumentsRequest request;
    request.set_batch_id(batch_id);
    request.mutable_page()->set_page_size(1);
    grpc::Status status =
        stack_.importer().ListGridDocuments(stack_.Context(token_).get(), request, &first);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return first.checked_totals();
  }

  grpc::Status Check(mv1::SetDocumentsCheckedRequest request,
                     mv1::SetDocumentsCheckedResponse* response) {
    return stack_.importer().SetDocumentsChecked(stack_.Context(token_).get(), request, response);
  }

  grpc::Status Apply(const std::string& batch_id, const std::string& column,
                     const std::string& value, mv1::ApplyColumnValueResponse* response,
                     bool correspondence = false) {
    mv1::ApplyColumnValueRequest request;
    request.set_batch_id(batch_id);
    request.set_column(column);
    request.set_value(value);
    request.set_create_correspondence(correspondence);
    return stack_.importer().ApplyColumnValue(stack_.Context(token_).get(), request, response);
  }
};

// The totals the invoices of `documents` (the checked ones) will carry, per VAT rate: per line
// gross = round(qty x price), net = round(gross / (1 + rate)); shipping as one line at 20 %.
std::map<std::string, std::pair<Decimal, Decimal>> ExpectedTotals(
    const std::vector<mv1::GridDocument>& documents, bool invoice_shipping) {
  std::map<std::string, std::pair<Decimal, Decimal>> out;  // rate -> (net, gross)
  auto add = [&](const Decimal& rate, const Decimal& gross) {
    Decimal divisor = Decimal::FromUnits(1) + rate.DividedBy(Decimal::FromUnits(100));
    auto& [net, total] = out[rate.ToString(2)];
    net += gross.DividedBy(divisor, 2);
    total += gross;
  };
  for (const auto& document : documents) {
    if (!document.checked()) continue;
    Decimal shipping;
    for (const auto& row : document.rows()) {
      add(D(row.vat_rate()), (D(row.quantity()) * D(row.unit_price_incl_vat())).RoundedToCents());
      shipping += D(row.shipping_incl_vat());
    }
    bool shipped = document.has_invoice_shipping() ? document.invoice_shipping() : invoice_shipping;
    if (shipped && !shipping.is_zero()) add(Decimal::FromUnits(20), shipping.RoundedToCents());
  }
  return out;
}

void ExpectTotalsMatch(const mv1::CheckedTotals& totals,
                       const std::vector<mv1::GridDocument>& documents, bool invoice_shipping) {
  auto expected = ExpectedTotals(documents, invoice_shipping);
  int checked = 0;
  for (const auto& document : documents) checked += document.checked() ? 1 : 0;
  EXPECT_EQ(totals.document_count(), checked);
  ASSERT_EQ(totals.per_rate_size(), static_cast<int>(expected.size())) << totals.ShortDebugString();
  Decimal all_gross;
  for (const auto& rate : totals.per_rate()) {
    std::string key = D(rate.vat_rate()).ToString(2);
    ASSERT_TRUE(expected.count(key)) << key;
    EXPECT_EQ(D(rate.total_excl_vat()), expected[key].first) << key;
    EXPECT_EQ(D(rate.total_incl_vat()), expected[key].second) << key;
    EXPECT_EQ(D(rate.total_vat()), expected[key].second - expected[key].first) << key;
    all_gross += expected[key].second;
  }
  EXPECT_EQ(D(totals.total_incl_vat()), all_gross);
}

std::string Lower(std::string text) { return absl::AsciiStrToLower(text); }

TEST_F(GridTest, FiltersSortsPagesAndTotalsOnTheServer) {
  CreateTenant(UniqueTenant("e2e-grid"));
  GeneratedExport file = GenerateFnacExport(80, 4, 20261201);
  mv1::Batch batch = Upload(file);
  ASSERT_EQ(batch.document_count(), file.orders);
  std::vector<mv1::GridDocument> all = Grid(batch.batch_id());
  ASSERT_EQ(static_cast<int>(all.size()), file.orders);

  // Validity: the generator's own count of valid orders.
  mv1::GridFilter valid;
  valid.set_validity(mv1::GridFilter::VALIDITY_VALID);
  mv1::ListGridDocumentsResponse first;
  EXPECT_EQ(static_cast<int>(Query(batch.batch_id(), valid, mv1::GRID_SORT_POSITION, 1000, &first)
                                 .size()),
            file.valid_orders);
  EXPECT_EQ(first.matching_count(), file.valid_orders);
  mv1::GridFilter invalid;
  invalid.set_validity(mv1::GridFilter::VALIDITY_INVALID);
  for (const auto& document : Query(batch.batch_id(), invalid)) EXPECT_FALSE(document.valid());
  EXPECT_EQ(static_cast<int>(Query(batch.batch_id(), invalid).size()),
            file.orders - file.valid_orders);

  // Text: an order id, in lower case, finds that order.
  const mv1::GridDocument& target = all[all.size() / 2];
  mv1::GridFilter text;
  text.set_text(Lower(target.external_id()));
  auto found = Query(batch.batch_id(), text);
  EXPECT_TRUE(std::any_of(found.begin(), found.end(), [&](const mv1::GridDocument& document) {
    return document.document_id() == target.document_id();
  }));
  for (const auto& document : found) {
    EXPECT_THAT(Lower(document.external_id()), HasSubstr(text.text()));
  }
  text.set_text(target.buyer().last_name().empty() ? target.buyer().company()
                                                   : target.buyer().last_name());
  found = Query(batch.batch_id(), text);
  EXPECT_GE(found.size(), 1u);
  for (const auto& document : found) {
    std::string haystack = Lower(absl::StrCat(document.external_id(), " ",
                                              document.buyer().ShortDebugString()));
    for (const auto& row : document.rows()) absl::StrAppend(&haystack, " ", Lower(row.label()));
    EXPECT_THAT(haystack, HasSubstr(Lower(text.text())));
  }
  text.set_text("%");  // taken literally
  EXPECT_TRUE(Query(batch.batch_id(), text).empty());

  // Date range: the orders on or after the median date, counted here.
  std::vector<std::string> dates;
  for (const auto& document : all) dates.push_back(document.document_date());
  std::sort(dates.begin(), dates.end());
  const std::string median = dates[dates.size() / 2];
  mv1::GridFilter range;
  range.set_date_from(median);
  range.set_date_to(dates.back());
  int expected_in_range = 0;
  for (const auto& date : dates) expected_in_range += date >= median ? 1 : 0;
  auto in_range = Query(batch.batch_id(), range);
  EXPECT_EQ(static_cast<int>(in_range.size()), expected_in_range);
  for (const auto& document : in_range) EXPECT_GE(document.document_date(), median);
  range.set_date_from("31/02/2026");
  mv1::ListGridDocumentsRequest bad;
  bad.set_batch_id(batch.batch_id());
  *bad.mutable_filter() = range;
  mv1::ListGridDocumentsResponse ignored;
  grpc::Status refused =
      stack_.importer().ListGridDocuments(stack_.Context(token_).get(), bad, &ignored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("date_from"));

  // Sorted by total, descending, in pages of 7: every order once, totals never increasing.
  auto by_total = Query(batch.batch_id(), mv1::GridFilter(), mv1::GRID_SORT_TOTAL_DESC, 7);
  ASSERT_EQ(by_total.size(), all.size());
  std::set<std::string> seen;
  for (size_t i = 0; i < by_total.size(); ++i) {
    seen.insert(by_total[i].document_id());
    if (i > 0) {
      EXPECT_GE(D(by_total[i - 1].total_incl_vat()), D(by_total[i].total_incl_vat()));
    }
  }
  EXPECT_EQ(seen.size(), all.size());
  auto by_date = Query(batch.batch_id(), mv1::GridFilter(), mv1::GRID_SORT_DATE, 9);
  ASSERT_EQ(by_date.size(), all.size());
  for (size_t i = 1; i < by_date.size(); ++i) {
    EXPECT_LE(by_date[i - 1].document_date(), by_date[i].document_date());
  }

  // Totals of the checked orders come with every page and agree with the rows.
  ExpectTotalsMatch(Totals(batch.batch_id()), all, true);

  // Check and uncheck: all, by filter, by ids.
  mv1::SetDocumentsCheckedRequest none;
  none.set_batch_id(batch.batch_id());
  none.set_all(true);
  none.set_checked(false);
  mv1::SetDocumentsCheckedResponse changed;
  ASSERT_TRUE(Check(none, &changed).ok());
  EXPECT_EQ(changed.checked_document_count(), 0);
  EXPECT_EQ(Totals(batch.batch_id()).document_count(), 0);
  mv1::SetDocumentsCheckedRequest by_filter;
  by_filter.set_batch_id(batch.batch_id());
  by_filter.set_by_filter(true);
  by_filter.set_checked(true);
  *by_filter.mutable_filter() = range;
  by_filter.mutable_filter()->set_date_from(median);
  ASSERT_TRUE(Check(by_filter, &changed).ok());
  EXPECT_EQ(changed.changed(), expected_in_range);
  mv1::GridFilter checked_only;
  checked_only.set_checked(mv1::GridFilter::CHECKED_ONLY);
  auto checked = Query(batch.batch_id(), checked_only);
  EXPECT_EQ(static_cast<int>(checked.size()), expected_in_range);
  for (const auto& document : checked) EXPECT_GE(document.document_date(), median);
  mv1::SetDocumentsCheckedRequest by_ids;
  by_ids.set_batch_id(batch.batch_id());
  by_ids.set_checked(false);
  by_ids.add_document_ids(checked[0].document_id());
  by_ids.add_document_ids(checked[1].document_id());
  ASSERT_TRUE(Check(by_ids, &changed).ok());
  EXPECT_EQ(changed.changed(), 2);
  EXPECT_EQ(changed.checked_document_count(), expected_in_range - 2);
  ExpectTotalsMatch(Totals(batch.batch_id()), Grid(batch.batch_id()), true);
}

TEST_F(GridTest, CalculatorAppliesToCheckedOrdersAndSaysWhatItRefused) {
  CreateTenant(UniqueTenant("e2e-calc"));
  GeneratedExport file = GenerateFnacExport(40, 0, 20261202);
  mv1::Batch batch = Upload(file);
  std::vector<mv1::GridDocument> all = Grid(batch.batch_id());
  // Uncheck the first five orders: the calculator must leave them alone.
  mv1::SetDocumentsCheckedRequest uncheck;
  uncheck.set_batch_id(batch.batch_id());
  uncheck.set_checked(false);
  std::set<std::string> unchecked;
  for (int i = 0; i < 5; ++i) {
    uncheck.add_document_ids(all[i].document_id());
    unchecked.insert(all[i].document_id());
  }
  mv1::SetDocumentsCheckedResponse checked_response;
  ASSERT_TRUE(Check(uncheck, &checked_response).ok());
  int checked_rows = 0;
  for (const auto& document : all) {
    if (!unchecked.count(document.document_id())) checked_rows += document.rows_size();
  }

  mv1::ApplyColumnValueResponse response;
  ASSERT_TRUE(Apply(batch.batch_id(), "vat_rate", "5,5", &response).ok());
  EXPECT_EQ(response.changed_documents(), static_cast<int>(all.size()) - 5);
  EXPECT_EQ(response.changed_rows(), checked_rows);
  EXPECT_EQ(response.refused_count(), 0);
  for (const auto& document : Grid(batch.batch_id())) {
    for (const auto& row : document.rows()) {
      if (unchecked.count(document.document_id())) {
        EXPECT_NE(D(row.vat_rate()), Decimal::FromRaw(55'000)) << document.external_id();
      } else {
        EXPECT_EQ(D(row.vat_rate()), Decimal::FromRaw(55'000)) << document.external_id();
      }
    }
  }
  ExpectTotalsMatch(Totals(batch.batch_id()), Grid(batch.batch_id()), true);

  // Values are checked before anything changes.
  for (const auto& [column, value] : std::vector<std::pair<std::string, std::string>>{
           {"vat_rate", "7"}, {"document_date", "32/01/2026"}, {"invoice_shipping", "peut-être"},
           {"series_code", "FA 2026!"}, {"couleur", "rouge"}, {"label", ""}}) {
    grpc::Status status = Apply(batch.batch_id(), column, value, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << column;
    EXPECT_THAT(status.error_message(), HasSubstr(column == "couleur" ? "colonne" : column));
  }

  // Shipping not invoiced: the totals lose their shipping lines.
  ASSERT_TRUE(Apply(batch.batch_id(), "invoice_shipping", "non", &response).ok());
  EXPECT_EQ(response.changed_documents(), static_cast<int>(all.size()) - 5);
  auto grid = Grid(batch.batch_id());
  for (const auto& document : grid) {
    if (!unchecked.count(document.document_id())) {
      EXPECT_FALSE(document.invoice_shipping());
    }
  }
  ExpectTotalsMatch(Totals(batch.batch_id()), grid, true);

  // Payment mode and label reach every checked order.
  ASSERT_TRUE(Apply(batch.batch_id(), "payment_mode", "Virement", &response).ok());
  ASSERT_TRUE(Apply(batch.batch_id(), "label", "Livre d'occasion", &response).ok());
  EXPECT_EQ(response.changed_rows(), checked_rows);

  // A date before some orders: those are refused, by name, the others dated.
  std::vector<std::string> dates;
  for (const auto& document : grid) {
    if (!unchecked.count(document.document_id())) dates.push_back(document.document_date());
  }
  std::sort(dates.begin(), dates.end());
  const std::string cut = dates[dates.size() / 2];
  int later = 0;
  for (const auto& date : dates) later += date > cut ? 1 : 0;
  ASSERT_TRUE(Apply(batch.batch_id(), "document_date", cut, &response).ok());
  EXPECT_EQ(response.refused_count(), later);
  EXPECT_EQ(response.refused_size(), later);
  EXPECT_EQ(response.changed_documents(), static_cast<int>(dates.size()) - later);
  for (const auto& refused : response.refused()) {
    EXPECT_THAT(refused.reason(), HasSubstr(refused.external_id()));
    EXPECT_THAT(refused.reason(), HasSubstr("précéder la date de commande"));
  }

  // An article: unknown is refused; a catalog article maps every checked row, and with
  // --correspondence catalog-mapping learns the external codes.
  grpc::Status unknown = Apply(batch.batch_id(), "article_code", "INCONNU-1", &response);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unknown.error_message(), HasSubstr("inconnu du catalogue"));
  catalog::v1::Article article;
  article.set_code("LIVRE-OCC");
  article.set_label("Livre d'occasion");
  article.set_unit_code("C62");
  article.mutable_vat_rate()->set_value("5.50");
  catalog::v1::Article stored;
  ASSERT_TRUE(
      stack_.catalog().UpsertArticle(stack_.Context(token_).get(), article, &stored).ok());
  std::set<std::string> codes;
  for (const auto& document : grid) {
    if (unchecked.count(document.document_id())) continue;
    for (const auto& row : document.rows()) {
      if (row.mapping_status() != mv1::MAPPING_STATUS_UNMAPPED) continue;
      if (!row.seller_sku().empty()) codes.insert(row.seller_sku());
      if (!row.ean().empty()) codes.insert(row.ean());
    }
  }
  ASSERT_TRUE(Apply(batch.batch_id(), "article_code", "LIVRE-OCC", &response, true).ok());
  EXPECT_EQ(response.correspondences_created(), static_cast<int>(codes.size()));
  for (const auto& document : Grid(batch.batch_id())) {
    if (unchecked.count(document.document_id())) continue;
    for (const auto& row : document.rows()) {
      EXPECT_EQ(row.article_code(), "LIVRE-OCC");
      EXPECT_EQ(row.mapping_status(), mv1::MAPPING_STATUS_MAPPED);
    }
  }
  catalog::v1::ResolveArticlesRequest resolve;
  resolve.set_connector_code("fnac");
  for (const auto& code : codes) resolve.add_external_codes(code);
  catalog::v1::ResolveArticlesResponse resolved;
  ASSERT_TRUE(
      stack_.catalog().ResolveArticles(stack_.Context(token_).get(), resolve, &resolved).ok());
  for (const auto& result : resolved.results()) {
    EXPECT_TRUE(result.mapped()) << result.external_code();
    EXPECT_EQ(result.article().code(), "LIVRE-OCC");
  }

  // The generated invoices carry what the calculator set.
  mv1::GenerateInvoicesResponse generated = Generate(batch.batch_id());
  EXPECT_EQ(generated.document_count(), static_cast<int>(dates.size()));
  WaitGenerated(batch.batch_id());
  auto invoices = Invoices(batch.batch_id());
  ASSERT_EQ(invoices.size(), dates.size());
  for (const auto& invoice : invoices) {
    EXPECT_EQ(invoice.payment_mode(), "Virement") << invoice.number();
    for (const auto& line : invoice.lines()) {
      if (line.vat_category() == "S") {
        EXPECT_EQ(D(line.vat_rate()), Decimal::FromRaw(55'000)) << invoice.number();
      } else {
        // A buyer abroad is exempt (issue 11: export G, intra-EU K): the rate set does not apply.
        EXPECT_EQ(D(line.vat_rate()), Decimal()) << invoice.number();
        EXPECT_NE(invoice.buyer().address().country_code(), "FR") << invoice.number();
      }
      EXPECT_EQ(line.article_code(), "LIVRE-OCC") << invoice.number();
      EXPECT_EQ(line.label(), "Livre d'occasion") << invoice.number();
    }
  }
  // The grid no longer changes once generated.
  grpc::Status frozen = Apply(batch.batch_id(), "label", "x", &response);
  EXPECT_EQ(frozen.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(GridTest, AnEditThatFixesAnInvalidOrderMakesItCheckable) {
  CreateTenant(UniqueTenant("e2e-edit"));
  GeneratedExport file = GenerateFnacExport(20, 3, 20261203);
  mv1::Batch batch = Upload(file);
  mv1::GridFilter invalid;
  invalid.set_validity(mv1::GridFilter::VALIDITY_INVALID);
  auto broken = Query(batch.batch_id(), invalid);
  ASSERT_FALSE(broken.empty());
  mv1::GridDocument edit = broken[0];
  EXPECT_FALSE(edit.checked());
  edit.set_document_date("20/11/2026");
  if (edit.buyer().last_name().empty()) edit.mutable_buyer()->set_last_name("Dupont");
  for (auto& row : *edit.mutable_rows()) {
    row.set_label(row.label().empty() ? "Livre" : row.label());
    if (row.seller_sku().empty() && row.ean().empty()) row.set_seller_sku("SKU-FIX");
    row.mutable_quantity()->set_value("2");
    row.mutable_unit_price_incl_vat()->set_value("12.50");
    row.mutable_shipping_incl_vat()->set_value("0");
    row.mutable_vat_rate()->set_value("20.00");
  }
  mv1::UpdateDocumentRequest request;
  *request.mutable_document() = edit;
  mv1::GridDocument fixed;
  grpc::Status status =
      stack_.importer().UpdateDocument(stack_.Context(token_).get(), request, &fixed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(fixed.valid()) << fixed.ShortDebugString();
  EXPECT_TRUE(fixed.checked());
  EXPECT_EQ(fixed.document_date(), "2026-11-20");
  EXPECT_EQ(D(fixed.total_incl_vat()), Decimal::FromUnits(25) * Decimal::FromUnits(
                                                                     fixed.rows_size()));
  mv1::Batch after = GetBatch(batch.batch_id());
  EXPECT_EQ(after.valid_document_count(), batch.valid_document_count() + 1);

  // An edit that breaks an order says where, and the order leaves the selection.
  mv1::GridDocument breaking = fixed;
  breaking.mutable_rows(0)->mutable_quantity()->set_value("0");
  *request.mutable_document() = breaking;
  mv1::GridDocument broken_again;
  ASSERT_TRUE(
      stack_.importer().UpdateDocument(stack_.Context(token_).get(), request, &broken_again).ok());
  EXPECT_FALSE(broken_again.valid());
  EXPECT_FALSE(broken_again.checked());
  ASSERT_FALSE(broken_again.rows(0).issues().empty());
  const mv1::Issue& issue = broken_again.rows(0).issues(0);
  EXPECT_EQ(issue.field(), "quantity");
  EXPECT_EQ(issue.row(), broken_again.rows(0).source_row());
  EXPECT_EQ(issue.file_name(), file.file_name);
  EXPECT_THAT(issue.message(), HasSubstr("quantité"));

  // A row the order does not have is refused.
  breaking.mutable_rows(0)->set_source_row(99999);
  *request.mutable_document() = breaking;
  status = stack_.importer().UpdateDocument(stack_.Context(token_).get(), request, &broken_again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(GridTest, PreferencesRoundTripAndOverrideOneUpload) {
  CreateTenant(UniqueTenant("e2e-prefs"));
  mv1::GetPreferencesRequest get;
  get.set_format("fnac-orders-xlsx");
  mv1::ImportPreferences defaults;
  ASSERT_TRUE(stack_.importer().GetPreferences(stack_.Context(token_).get(), get, &defaults).ok());
  EXPECT_TRUE(defaults.invoice_shipping());

  mv1::ImportPreferences save;
  save.set_format("fnac-orders-xlsx");
  save.set_invoice_template("epure");
  save.mutable_default_vat_rate()->set_value("5.50");
  save.set_payment_mode("Carte bancaire");
  save.set_initial_send_state("PRET");
  save.set_invoice_shipping(false);
  mv1::ImportPreferences saved;
  ASSERT_TRUE(stack_.importer().SavePreferences(stack_.Context(token_).get(), save, &saved).ok());
  mv1::ImportPreferences read;
  ASSERT_TRUE(stack_.importer().GetPreferences(stack_.Context(token_).get(), get, &read).ok());
  EXPECT_EQ(read.invoice_template(), "epure");
  EXPECT_EQ(D(read.default_vat_rate()), Decimal::FromRaw(55'000));
  EXPECT_EQ(read.payment_mode(), "Carte bancaire");
  EXPECT_EQ(read.initial_send_state(), "PRET");
  EXPECT_EQ(read.series_code(), defaults.series_code());
  ASSERT_TRUE(read.has_invoice_shipping());
  EXPECT_FALSE(read.invoice_shipping());

  // Saving one preference keeps the others (shipping stays "no").
  mv1::ImportPreferences only_mode;
  only_mode.set_format("fnac-orders-xlsx");
  only_mode.set_payment_mode("Virement");
  ASSERT_TRUE(
      stack_.importer().SavePreferences(stack_.Context(token_).get(), only_mode, &saved).ok());
  ASSERT_TRUE(stack_.importer().GetPreferences(stack_.Context(token_).get(), get, &read).ok());
  EXPECT_EQ(read.payment_mode(), "Virement");
  EXPECT_EQ(read.invoice_template(), "epure");
  EXPECT_FALSE(read.invoice_shipping());

  mv1::ImportPreferences bad = only_mode;
  bad.set_initial_send_state("ENVOYE");
  grpc::Status refused =
      stack_.importer().SavePreferences(stack_.Context(token_).get(), bad, &saved);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("initial_send_state"));

  // An upload without options uses them: unmapped rows at 5.5 %, the saved payment mode, no
  // shipping in the totals.
  GeneratedExport file = GenerateFnacExport(15, 0, 20261204);
  mv1::Batch batch = Upload(file);
  auto grid = Grid(batch.batch_id());
  for (const auto& document : grid) {
    EXPECT_EQ(document.payment_mode(), "Virement");
    for (const auto& row : document.rows()) {
      if (row.mapping_status() == mv1::MAPPING_STATUS_UNMAPPED) {
        EXPECT_EQ(D(row.vat_rate()), Decimal::FromRaw(55'000));
      }
    }
  }
  ExpectTotalsMatch(Totals(batch.batch_id()), grid, false);

  // A flag given for one upload overrides the preferences for that upload only.
  GeneratedExport other = GenerateFnacExport(10, 0, 20261205);
  mv1::UploadFileRequest upload;
  upload.set_format("fnac-orders-xlsx");
  upload.set_file_name(other.file_name);
  upload.set_content(other.content);
  upload.mutable_preferences()->set_invoice_shipping(true);
  upload.mutable_preferences()->set_payment_mode("Chèque");
  mv1::UploadFileResponse uploaded;
  ASSERT_TRUE(stack_.importer().UploadFile(stack_.Context(token_).get(), upload, &uploaded).ok());
  auto other_grid = Grid(uploaded.batch().batch_id());
  for (const auto& document : other_grid) EXPECT_EQ(document.payment_mode(), "Chèque");
  ExpectTotalsMatch(Totals(uploaded.batch().batch_id()), other_grid, true);
  ASSERT_TRUE(stack_.importer().GetPreferences(stack_.Context(token_).get(), get, &read).ok());
  EXPECT_EQ(read.payment_mode(), "Virement");
  EXPECT_FALSE(read.invoice_shipping());

  // The same file again is refused, naming the flag that forces it.
  mv1::UploadFileResponse again;
  grpc::Status duplicate = TryUpload(file, &again);
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(duplicate.error_message(), HasSubstr("--allow-duplicate"));
}

}  // namespace
}  // namespace factflow::e2e
