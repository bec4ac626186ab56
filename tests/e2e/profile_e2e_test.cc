// End to end, through the running importer and invoicing-state: tenant import profiles (issue 7,
// domain.md §7). A tenant saves a CSV profile for an Amazon-like export, activates it like a
// format, uploads a 20,000-line file that lands in the same control grid as FNAC, and gets French
// errors naming line and column for a broken file. The expected counts and totals are computed
// here while the file is written, never copied from the program's output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "e2e/flow_fixture.h"
#include "e2e/stack_client.h"
#include "money/decimal.h"

namespace factflow::e2e {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kFormat[] = "profil:amazon";

class ProfileTest : public FlowFixture {
 protected:
  grpc::Status SaveProfile(const mv1::ImportProfile& profile, mv1::ImportProfile* saved) {
    return stack_.importer().SaveImportProfile(stack_.Context(token_).get(), profile, saved);
  }

  static mv1::ImportProfile AmazonProfile() {
    mv1::ImportProfile profile;
    profile.set_name("amazon");
    profile.set_kind("csv");
    profile.set_group_by("amazon-order-id");
    profile.set_date_order("mm/jj/aaaa");
    profile.set_decimal_mark("point");
    auto add = [&](const std::string& field, const std::string& header) {
      mv1::ProfileColumn* column = profile.add_columns();
      column->set_field(field);
      column->set_header(header);
    };
    add("order_date", "purchase-date");
    add("seller_sku", "sku");
    add("label", "product-name");
    add("quantity", "quantity-purchased");
    add("unit_price_incl_vat", "item-price");
    add("shipping_incl_vat", "shipping-price");
    add("last_name", "recipient-name");
    add("delivery_line1", "ship-address-1");
    add("delivery_postal_code", "ship-postal-code");
    add("delivery_city", "ship-city");
    (*profile.mutable_defaults())["delivery_country"] = "France";
    return profile;
  }

  grpc::Status SetFormats(const std::vector<std::string>& formats) {
    iv1::Tenant tenant;
    grpc::Status status = stack_.tenants().GetTenant(stack_.Context(token_).get(),
                                                     iv1::GetTenantRequest(), &tenant);
    if (!status.ok()) return status;
    tenant.clear_activated_import_formats();
    for (const std::string& format : formats) tenant.add_activated_import_formats(format);
    iv1::Tenant updated;
    return stack_.tenants().UpdateTenant(stack_.Context(token_).get(), tenant, &updated);
  }

  grpc::Status UploadCsv(const std::string& name, const std::string& content,
                         mv1::UploadFileResponse* response, const std::string& invoice_template = "") {
    mv1::UploadFileRequest request;
    request.set_format(kFormat);
    request.set_file_name(name);
    request.set_content(content);
    request.mutable_preferences()->set_invoice_template(invoice_template);
    return stack_.importer().UploadFile(stack_.Context(token_).get(), request, response);
  }
};

// The export and what it must give, computed while writing it.
struct AmazonExport {
  std::string content;
  int lines = 0;
  int orders = 0;
  int invalid_orders = 0;
  Decimal valid_total;  // Σ round(qty × price) + shipping of the valid orders
  int bad_line = 0;     // the CSV line of the first bad quantity
};

// `orders` orders of 1 to 4 lines (20,000 lines for 8,000 orders); every 500th order has a
// quantity "deux" on its first line, which makes the order invalid.
AmazonExport MakeExport(int orders) {
  AmazonExport out;
  out.content =
      "amazon-order-id,purchase-date,sku,product-name,quantity-purchased,item-price,"
      "shipping-price,recipient-name,ship-address-1,ship-postal-code,ship-city\r\n";
  int line = 1;
  for (int o = 0; o < orders; ++o) {
    const int lines = 1 + (o * 7) % 4;  // 1, 4, 3, 2, ...
    const bool bad = o % 500 == 499;
    Decimal order_total;
    for (int l = 0; l < lines; ++l) {
      ++line;
      const int quantity = 1 + (o + l) % 3;
      const std::string price = absl::StrCat((o * 13 + l * 7) % 200 + 1, ".", (o + l) % 10, "9");
      const std::string shipping = l == 0 ? "4.99" : "";
      std::string quantity_text = absl::StrCat(quantity);
      if (bad && l == 0) {
        quantity_text = "deux";
        if (out.bad_line == 0) out.bad_line = line;
      }
      absl::StrAppend(&out.content, "404-", 1000000 + o, ",\"11/", 1 + o % 28,
                      "/2026 10:15\",SKU-", (o * 31 + l) % 997, ",\"Article ", o, ", vol. ", l,
                      "\",", quantity_text, ",", price, ",", shipping, ",Client ", o,
                      ",", o % 90 + 1, " rue de la Paix,", 75001 + o % 20, ",Paris\r\n");
      order_total += (Decimal::FromUnits(quantity) * *Decimal::Parse(price)).RoundedToCents();
      if (!shipping.empty()) order_total += *Decimal::Parse(shipping);
    }
    out.lines += lines;
    ++out.orders;
    if (bad) {
      ++out.invalid_orders;
    } else {
      out.valid_total += order_total;
    }
  }
  return out;
}

TEST_F(ProfileTest, ATenantCsvProfileStagesTwentyThousandLinesIntoTheGrid) {
  CreateTenant(UniqueTenant("profile"));
  mv1::ImportProfile saved;
  grpc::Status status = SaveProfile(AmazonProfile(), &saved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(saved.format(), kFormat);
  EXPECT_EQ(saved.decimal_mark(), "point");

  AmazonExport file = MakeExport(8000);
  ASSERT_EQ(file.lines, 20000);
  // Not activated yet: refused, saying how to activate it.
  mv1::UploadFileResponse response;
  status = UploadCsv("amazon-orders.csv", file.content, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("tenant activate-format profil:amazon"));

  status = SetFormats({"fnac-orders-xlsx", kFormat});
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = UploadCsv("amazon-orders.csv", file.content, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const mv1::Batch& batch = response.batch();
  EXPECT_EQ(batch.format(), kFormat);
  EXPECT_EQ(batch.rows_read(), file.lines);
  EXPECT_EQ(batch.document_count(), file.orders);
  EXPECT_EQ(batch.valid_document_count(), file.orders - file.invalid_orders);
  EXPECT_EQ(D(batch.total_incl_vat()), file.valid_total);

  // The invalid orders, in the same grid as FNAC's, with the line, column and header.
  mv1::ListGridDocumentsRequest request;
  request.set_batch_id(batch.batch_id());
  request.set_only_invalid(true);
  request.mutable_page()->set_page_size(1000);
  mv1::ListGridDocumentsResponse invalid;
  status = stack_.importer().ListGridDocuments(stack_.Context(token_).get(), request, &invalid);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(invalid.documents_size(), file.invalid_orders);
  const mv1::GridDocument& first = invalid.documents(0);
  EXPECT_FALSE(first.checked());
  ASSERT_GT(first.rows_size(), 0);
  ASSERT_GT(first.rows(0).issues_size(), 0);
  const mv1::Issue& issue = first.rows(0).issues(0);
  EXPECT_EQ(issue.row(), file.bad_line);
  EXPECT_EQ(issue.column(), "E");
  EXPECT_EQ(issue.header(), "quantity-purchased");
  EXPECT_THAT(issue.message(), HasSubstr("« quantity-purchased » vaut « deux »"));

  // A valid order reads the month-first date, the decimal point and the default country.
  std::vector<mv1::GridDocument> grid = Grid(batch.batch_id());
  ASSERT_EQ(static_cast<int>(grid.size()), file.orders);
  EXPECT_EQ(grid[1].external_id(), "404-1000001");
  EXPECT_EQ(grid[1].document_date(), "2026-11-02");
  EXPECT_EQ(grid[1].delivery_address().country_code(), "FR");
  EXPECT_EQ(grid[1].rows_size(), 4);

  // The dry run counts the checked valid orders, as for FNAC.
  mv1::GenerateInvoicesRequest dry_run;
  dry_run.set_batch_id(batch.batch_id());
  dry_run.set_dry_run(true);
  mv1::GenerateInvoicesResponse counted;
  status = stack_.importer().GenerateInvoices(stack_.Context(token_).get(), dry_run, &counted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(counted.document_count(), file.orders - file.invalid_orders);
  EXPECT_EQ(D(counted.total_incl_vat()), file.valid_total);
}

TEST_F(ProfileTest, ABrokenCsvIsRefusedNamingItsLineAndColumn) {
  CreateTenant(UniqueTenant("profile-bad"));
  mv1::ImportProfile saved;
  ASSERT_TRUE(SaveProfile(AmazonProfile(), &saved).ok());
  ASSERT_TRUE(SetFormats({kFormat}).ok());
  AmazonExport file = MakeExport(10);
  // A last record whose 4th field opens a quote that never closes.
  const int last_line = file.lines + 2;
  std::string broken = file.content + "404-9,11/02/2026,SKU-1,\"Article, 1,9.90,,N,r,75001,P\r\n";
  mv1::UploadFileResponse response;
  grpc::Status status = UploadCsv("broken.csv", broken, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("broken.csv"), HasSubstr(absl::StrCat("ligne ", last_line)),
                    HasSubstr("colonne 4"), HasSubstr("guillemet non fermé")));
  // A record with fewer fields than the header.
  status = UploadCsv("fields.csv", file.content + "404-9,11/02/2026,SKU-1\r\n", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("fields.csv"), HasSubstr(absl::StrCat("ligne ", last_line))));
  // A file missing the tenant's required columns: every one named by its header.
  status = UploadCsv("short.csv", "amazon-order-id;sku\n404-1;SKU-1\n", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("short.csv"), HasSubstr("« purchase-date »"),
                    HasSubstr("« item-price »"), HasSubstr("« product-name »")));
}

TEST_F(ProfileTest, ProfilesAreListedValidatedAndDeletedOnlyOnceDeactivated) {
  CreateTenant(UniqueTenant("profile-admin"));
  mv1::ImportProfile saved;
  ASSERT_TRUE(SaveProfile(AmazonProfile(), &saved).ok());
  mv1::ImportProfile bad = AmazonProfile();
  bad.set_name("cdiscount");
  bad.add_columns()->set_field("price");
  bad.mutable_columns()->rbegin()->set_header("prix");
  grpc::Status status = SaveProfile(bad, &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("champ « price » inconnu"));
  // An unknown profile format cannot be activated; a badly written one neither.
  EXPECT_EQ(SetFormats({"profil:Amazon FR"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  mv1::ListImportProfilesResponse all;
  status = stack_.importer().ListImportProfiles(stack_.Context(token_).get(),
                                                mv1::ListImportProfilesRequest(), &all);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(all.profiles_size(), 1);
  EXPECT_EQ(all.profiles(0).name(), "amazon");
  EXPECT_EQ(all.profiles(0).columns_size(), AmazonProfile().columns_size());
  EXPECT_EQ(all.profiles(0).group_by(), "amazon-order-id");

  ASSERT_TRUE(SetFormats({kFormat}).ok());
  mv1::DeleteImportProfileRequest remove;
  remove.set_name("amazon");
  mv1::DeleteImportProfileResponse removed;
  status = stack_.importer().DeleteImportProfile(stack_.Context(token_).get(), remove, &removed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("tenant deactivate-format profil:amazon"));
  ASSERT_TRUE(SetFormats({}).ok());
  status = stack_.importer().DeleteImportProfile(stack_.Context(token_).get(), remove, &removed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  mv1::GetImportProfileRequest get;
  get.set_name("amazon");
  status = stack_.importer().GetImportProfile(stack_.Context(token_).get(), get, &saved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

// The dry run names the series and the block of numbers; the generation then takes exactly it,
// and the invoices keep the upload's template.
TEST_F(ProfileTest, TheDryRunShowsTheNumbersTheGenerationTakes) {
  CreateTenant(UniqueTenant("profile-numbers"));
  mv1::ImportProfile saved;
  ASSERT_TRUE(SaveProfile(AmazonProfile(), &saved).ok());
  ASSERT_TRUE(SetFormats({kFormat}).ok());
  AmazonExport file = MakeExport(600);  // one invalid order (the 500th)
  mv1::UploadFileResponse uploaded;
  grpc::Status status = UploadCsv("numbers.csv", file.content, &uploaded, "modele-b");
  ASSERT_TRUE(status.ok()) << status.error_message();
  iv1::Tenant tenant;
  ASSERT_TRUE(stack_.tenants()
                  .GetTenant(stack_.Context(token_).get(), iv1::GetTenantRequest(), &tenant)
                  .ok());
  auto fa = std::find_if(tenant.series().begin(), tenant.series().end(),
                         [](const iv1::NumberingSeries& s) { return s.code() == "FA"; });
  ASSERT_NE(fa, tenant.series().end());
  auto number = [&](int64_t value) {
    std::string digits = absl::StrCat(value);
    return fa->prefix() + std::string(fa->padding() - digits.size(), '0') + digits;
  };
  const int expected = file.orders - file.invalid_orders;

  mv1::GenerateInvoicesRequest request;
  request.set_batch_id(uploaded.batch().batch_id());
  request.set_dry_run(true);
  mv1::GenerateInvoicesResponse dry;
  status = stack_.importer().GenerateInvoices(stack_.Context(token_).get(), request, &dry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dry.document_count(), expected);
  EXPECT_EQ(dry.series_code(), "FA");
  EXPECT_EQ(dry.first_number(), number(fa->next_value()));
  EXPECT_EQ(dry.last_number(), number(fa->next_value() + expected - 1));

  mv1::GenerateInvoicesResponse real = Generate(uploaded.batch().batch_id());
  EXPECT_EQ(real.document_count(), expected);
  mv1::Batch generated = WaitGenerated(uploaded.batch().batch_id());
  EXPECT_EQ(generated.invoice_count(), expected);
  EXPECT_EQ(generated.first_invoice_number(), dry.first_number());
  EXPECT_EQ(generated.last_invoice_number(), dry.last_number());
  // The upload's invoice template is kept on every invoice (invoicing-state).
  std::vector<iv1::Invoice> invoices = Invoices(uploaded.batch().batch_id());
  ASSERT_EQ(static_cast<int>(invoices.size()), expected);
  for (const iv1::Invoice& invoice : invoices) {
    ASSERT_EQ(invoice.invoice_template(), "modele-b") << invoice.number();
  }
}

// "Taux par défaut appliqué": the unmapped rows are flagged in the grid, and one call maps a SKU
// of the file to a catalog article for every row of the batch (and for later uploads).
TEST_F(ProfileTest, AnUnmappedCodeIsMappedFromTheGridInOneStep) {
  CreateTenant(UniqueTenant("profile-map"));
  mv1::ImportProfile saved;
  ASSERT_TRUE(SaveProfile(AmazonProfile(), &saved).ok());
  ASSERT_TRUE(SetFormats({kFormat}).ok());
  AmazonExport file = MakeExport(3000);  // SKU-0 … SKU-996, several rows each
  mv1::UploadFileResponse uploaded;
  grpc::Status status = UploadCsv("map.csv", file.content, &uploaded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string batch_id = uploaded.batch().batch_id();
  int sku7_rows = 0;
  std::set<std::string> sku7_documents;
  for (const mv1::GridDocument& document : Grid(batch_id)) {
    for (const mv1::GridRow& row : document.rows()) {
      EXPECT_EQ(row.mapping_status(), mv1::MAPPING_STATUS_UNMAPPED);
      EXPECT_TRUE(row.default_vat_rate_applied());
      EXPECT_EQ(D(row.vat_rate()), Decimal::FromUnits(20));  // the default rate
      if (row.seller_sku() == "SKU-7") {
        ++sku7_rows;
        sku7_documents.insert(document.document_id());
      }
    }
  }
  ASSERT_GT(sku7_rows, 1);

  mv1::MapUnmappedArticleRequest request;
  request.set_batch_id(batch_id);
  request.set_external_code("SKU-7");
  request.set_article_code("LIVRE-55");
  mv1::MapUnmappedArticleResponse response;
  status = stack_.importer().MapUnmappedArticle(stack_.Context(token_).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);  // not in the catalog
  EXPECT_THAT(status.error_message(), HasSubstr("inconnu du catalogue"));
  catalog::v1::Article article;
  article.set_code("LIVRE-55");
  article.set_label("Livre");
  article.set_unit_code("C62");
  article.mutable_vat_rate()->set_value("5.50");
  catalog::v1::Article stored;
  ASSERT_TRUE(
      stack_.catalog().UpsertArticle(stack_.Context(token_).get(), article, &stored).ok());
  status = stack_.importer().MapUnmappedArticle(stack_.Context(token_).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.correspondence_changed());
  EXPECT_EQ(response.changed_rows(), sku7_rows);
  EXPECT_EQ(response.changed_documents(), static_cast<int>(sku7_documents.size()));

  for (const mv1::GridDocument& document : Grid(batch_id)) {
    for (const mv1::GridRow& row : document.rows()) {
      const bool mapped = row.seller_sku() == "SKU-7";
      ASSERT_EQ(row.default_vat_rate_applied(), !mapped) << row.seller_sku();
      if (mapped) {
        EXPECT_EQ(row.article_code(), "LIVRE-55");
        EXPECT_EQ(D(row.vat_rate()), *Decimal::Parse("5.5"));
      }
    }
  }
  // catalog-mapping resolves the SKU for later uploads.
  catalog::v1::ResolveArticlesRequest resolve;
  resolve.set_connector_code("fnac");
  resolve.add_external_codes("SKU-7");
  catalog::v1::ResolveArticlesResponse resolved;
  ASSERT_TRUE(
      stack_.catalog().ResolveArticles(stack_.Context(token_).get(), resolve, &resolved).ok());
  ASSERT_EQ(resolved.results_size(), 1);
  EXPECT_TRUE(resolved.results(0).mapped());
  EXPECT_EQ(resolved.results(0).article().code(), "LIVRE-55");
}

}  // namespace
}  // namespace factflow::e2e
