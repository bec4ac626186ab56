// End to end, through the four service processes, a real PostgreSQL and the devbroker:
// a FNAC export is uploaded, staged, generated into gaplessly numbered invoices, sent, rendered,
// archived and written as EN 16931 e-invoices; consumers survive being killed mid-batch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "e2e/stack_client.h"
#include "hash/sha256.h"
#include "money/decimal.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using money::Decimal;
using ::testing::HasSubstr;
namespace iv1 = invoicing::v1;
namespace mv1 = importer::v1;

Decimal D(const common::v1::Decimal& value) {
  auto parsed = Decimal::Parse(value.value());
  EXPECT_TRUE(parsed.has_value()) << "not a decimal: " << value.value();
  return parsed.value_or(Decimal());
}

template <typename Predicate>
bool WaitFor(Predicate predicate, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return predicate();
}

class FlowTest : public ::testing::Test {
 protected:
  void CreateTenant(const std::string& tenant) {
    token_ = stack_.Token(tenant);
    iv1::Tenant created;
    grpc::Status status =
        stack_.tenants().CreateTenant(stack_.Context(token_).get(), DemoTenant(tenant), &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  mv1::Batch Upload(const GeneratedExport& file) {
    mv1::UploadFileRequest request;
    request.set_format("fnac-orders-xlsx");
    request.set_file_name(file.file_name);
    request.set_content(file.content);
    mv1::UploadFileResponse response;
    grpc::Status status =
        stack_.importer().UploadFile(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.batch();
  }

  mv1::GenerateInvoicesResponse Generate(const std::string& batch_id) {
    mv1::GenerateInvoicesRequest request;
    request.set_batch_id(batch_id);
    mv1::GenerateInvoicesResponse response;
    grpc::Status status =
        stack_.importer().GenerateInvoices(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  mv1::Batch GetBatch(const std::string& batch_id) {
    mv1::GetBatchRequest request;
    request.set_batch_id(batch_id);
    mv1::Batch batch;
    grpc::Status status = stack_.importer().GetBatch(stack_.Context(token_).get(), request, &batch);
    return status.ok() ? batch : mv1::Batch();
  }

  mv1::Batch WaitGenerated(const std::string& batch_id) {
    EXPECT_TRUE(WaitFor([&] { return GetBatch(batch_id).status() == mv1::BATCH_STATUS_GENERATED; },
                        std::chrono::seconds(120)))
        << "batch not generated: " << GetBatch(batch_id).ShortDebugString();
    return GetBatch(batch_id);
  }

  std::vector<mv1::GridDocument> Grid(const std::string& batch_id) {
    std::vector<mv1::GridDocument> documents;
    mv1::ListGridDocumentsRequest request;
    request.set_batch_id(batch_id);
    request.mutable_page()->set_page_size(1000);
    do {
      mv1::ListGridDocumentsResponse response;
      grpc::Status status =
          stack_.importer().ListGridDocuments(stack_.Context(token_).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      documents.insert(documents.end(), response.documents().begin(), response.documents().end());
      request.mutable_page()->set_page_token(response.next_page_token());
    } while (!request.page().page_token().empty());
    return documents;
  }

  std::vector<iv1::Invoice> Invoices(const std::string& batch_id) {
    std::vector<iv1::Invoice> invoices;
    iv1::ListInvoicesRequest request;
    request.mutable_criteria()->set_batch_id(batch_id);
    request.mutable_page()->set_page_size(1000);
    do {
      iv1::ListInvoicesResponse response;
      grpc::Status status =
          stack_.invoices().ListInvoices(stack_.Context(token_).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      invoices.insert(invoices.end(), response.invoices().begin(), response.invoices().end());
      request.mutable_page()->set_page_token(response.next_page_token());
    } while (!request.page().page_token().empty());
    return invoices;
  }

  iv1::ApplyActionResponse Act(iv1::InvoiceAction action, const std::string& batch_id,
                               grpc::Status* status_out = nullptr,
                               std::vector<iv1::SendState> states = {}) {
    iv1::ApplyActionRequest request;
    request.set_action(action);
    request.mutable_criteria()->set_batch_id(batch_id);
    for (auto state : states) request.mutable_criteria()->add_states(state);
    request.set_confirm_final(true);
    iv1::ApplyActionResponse response;
    grpc::Status status =
        stack_.invoices().ApplyAction(stack_.Context(token_).get(), request, &response);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return response;
  }

  int CountArchived(const std::string& batch_id) {
    int archived = 0;
    for (const auto& invoice : Invoices(batch_id)) archived += invoice.archived() ? 1 : 0;
    return archived;
  }

  void WaitAllArchived(const std::string& batch_id, int expected) {
    EXPECT_TRUE(
        WaitFor([&] { return CountArchived(batch_id) == expected; }, std::chrono::seconds(180)))
        << CountArchived(batch_id) << " of " << expected << " archived";
  }

  std::vector<iv1::AuditEntry> Audit(const std::string& invoice_id) {
    iv1::GetAuditTrailRequest request;
    request.set_invoice_id(invoice_id);
    iv1::GetAuditTrailResponse response;
    EXPECT_TRUE(
        stack_.invoices().GetAuditTrail(stack_.Context(token_).get(), request, &response).ok());
    return {response.entries().begin(), response.entries().end()};
  }

  // Numbers FA2026-000001 .. FA2026-N, sequence 1..N, and the series audit agrees.
  void ExpectContiguousFromStart(std::vector<iv1::Invoice> invoices) {
    std::sort(invoices.begin(), invoices.end(),
              [](const auto& a, const auto& b) { return a.sequence_value() < b.sequence_value(); });
    for (size_t i = 0; i < invoices.size(); ++i) {
      EXPECT_EQ(invoices[i].sequence_value(), static_cast<int64_t>(i + 1));
      EXPECT_EQ(invoices[i].number(), absl::StrFormat("FA2026-%06d", i + 1));
    }
    iv1::CheckNumberingRequest request;
    request.set_series_code("FA");
    iv1::CheckNumberingResponse check;
    ASSERT_TRUE(
        stack_.invoices().CheckNumbering(stack_.Context(token_).get(), request, &check).ok());
    EXPECT_TRUE(check.contiguous()) << check.problem();
    EXPECT_EQ(check.count(), static_cast<int64_t>(invoices.size()));
    EXPECT_EQ(check.next_value(), static_cast<int64_t>(invoices.size() + 1));
  }

  Stack stack_;
  std::string token_;
};

// Σ round2(qty × unit price) + shipping over the document's rows: what the buyer paid.
Decimal RowsTotal(const mv1::GridDocument& document) {
  Decimal total;
  for (const auto& row : document.rows()) {
    total += (D(row.quantity()) * D(row.unit_price_incl_vat())).RoundedToCents() +
             D(row.shipping_incl_vat());
  }
  return total;
}

void ExpectArithmeticHolds(const iv1::Invoice& invoice) {
  Decimal lines_net, breakdown_basis, breakdown_vat;
  for (const auto& line : invoice.lines()) lines_net += D(line.net_amount());
  for (const auto& group : invoice.vat_breakdown()) {
    breakdown_basis += D(group.basis());
    breakdown_vat += D(group.vat_amount());
  }
  EXPECT_EQ(lines_net, D(invoice.total_net())) << invoice.number();
  EXPECT_EQ(breakdown_basis, D(invoice.total_net())) << invoice.number();
  EXPECT_EQ(breakdown_vat, D(invoice.total_vat())) << invoice.number();
  EXPECT_EQ(D(invoice.total_net()) + D(invoice.total_vat()), D(invoice.total_with_vat()))
      << invoice.number();
}

TEST_F(FlowTest, FnacExportBecomesNumberedSentArchivedEinvoices) {
  CreateTenant(UniqueTenant("e2e-flow"));
  GeneratedExport file = GenerateFnacExport(30, 2, 20261120);
  mv1::Batch batch = Upload(file);
  ASSERT_EQ(batch.status(), mv1::BATCH_STATUS_STAGED);
  EXPECT_EQ(batch.document_count(), file.orders);
  EXPECT_EQ(batch.valid_document_count(), file.valid_orders);
  EXPECT_EQ(D(batch.total_incl_vat()), *Decimal::Parse(file.total_incl_vat_valid));

  // The operator unchecks one valid order: only checked, valid orders are invoiced.
  std::vector<mv1::GridDocument> grid = Grid(batch.batch_id());
  ASSERT_EQ(static_cast<int>(grid.size()), file.orders);
  auto unchecked = std::find_if(grid.begin(), grid.end(), [](const auto& d) { return d.valid(); });
  ASSERT_NE(unchecked, grid.end());
  mv1::SetDocumentsCheckedRequest uncheck;
  uncheck.set_batch_id(batch.batch_id());
  uncheck.add_document_ids(unchecked->document_id());
  uncheck.set_checked(false);
  mv1::SetDocumentsCheckedResponse unchecked_response;
  ASSERT_TRUE(stack_.importer()
                  .SetDocumentsChecked(stack_.Context(token_).get(), uncheck, &unchecked_response)
                  .ok());
  EXPECT_EQ(unchecked_response.changed(), 1);

  mv1::GenerateInvoicesResponse generated = Generate(batch.batch_id());
  int expected = file.valid_orders - 1;
  EXPECT_EQ(generated.document_count(), expected);
  mv1::Batch done = WaitGenerated(batch.batch_id());
  EXPECT_EQ(done.invoice_count(), expected);
  EXPECT_EQ(done.first_invoice_number(), "FA2026-000001");
  EXPECT_EQ(done.last_invoice_number(), absl::StrFormat("FA2026-%06d", expected));

  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  ASSERT_EQ(static_cast<int>(invoices.size()), expected);
  ExpectContiguousFromStart(invoices);

  // Each invoice's totals equal the sum of its rows, to the cent; all together, the
  // generator's independent total minus the unchecked order.
  std::map<std::string, const mv1::GridDocument*> by_order;
  for (const auto& document : grid) by_order[document.external_id()] = &document;
  Decimal grand_total;
  std::set<std::string> invoiced_orders;
  for (const auto& invoice : invoices) {
    EXPECT_EQ(invoice.send_state(), iv1::SEND_STATE_EN_ATTENTE);
    ASSERT_TRUE(by_order.count(invoice.source_external_id())) << invoice.source_external_id();
    const mv1::GridDocument& document = *by_order[invoice.source_external_id()];
    EXPECT_TRUE(document.valid());
    EXPECT_EQ(D(invoice.total_with_vat()), RowsTotal(document)) << invoice.number();
    ExpectArithmeticHolds(invoice);
    grand_total += D(invoice.total_with_vat());
    invoiced_orders.insert(invoice.source_external_id());
  }
  EXPECT_EQ(invoiced_orders.size(), invoices.size());
  EXPECT_FALSE(invoiced_orders.count(unchecked->external_id()));
  EXPECT_EQ(grand_total + RowsTotal(*unchecked), *Decimal::Parse(file.total_incl_vat_valid));

  // Sending needs preparing first, then is final.
  grpc::Status refused;
  Act(iv1::INVOICE_ACTION_SEND, batch.batch_id(), &refused, {iv1::SEND_STATE_EN_ATTENTE});
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id()).changed(), expected);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).changed(), expected);
  WaitAllArchived(batch.batch_id(), expected);

  // A sent invoice never changes: putting it back on hold is refused.
  grpc::Status immutable;
  Act(iv1::INVOICE_ACTION_PUT_ON_HOLD, batch.batch_id(), &immutable, {iv1::SEND_STATE_ENVOYE});
  EXPECT_EQ(immutable.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // PDF archived with the recorded hash; XML archived, written to disk, and valid EN 16931.
  std::string xml_dir = testing::RequireEnv("FACTFLOW_STATE_DIR") + "/e2e-xml-" + done.batch_id();
  std::system(("mkdir -p '" + xml_dir + "'").c_str());
  std::string xml_files;
  for (const auto& invoice : Invoices(batch.batch_id())) {
    EXPECT_EQ(invoice.send_state(), iv1::SEND_STATE_ENVOYE);
    dispatch::v1::ListArchivedObjectsRequest list;
    list.set_invoice_id(invoice.invoice_id());
    dispatch::v1::ListArchivedObjectsResponse objects;
    ASSERT_TRUE(
        stack_.dispatch().ListArchivedObjects(stack_.Context(token_).get(), list, &objects).ok());
    ASSERT_EQ(objects.objects_size(), 2) << invoice.number();
    for (const auto& object : objects.objects()) {
      dispatch::v1::GetArchivedObjectRequest get;
      get.set_object_id(object.object_id());
      dispatch::v1::ArchivedObject full;
      ASSERT_TRUE(
          stack_.dispatch().GetArchivedObject(stack_.Context(token_).get(), get, &full).ok());
      EXPECT_EQ(hash::Sha256Hex(full.content()), full.sha256());
      // Ten years after the end of the fiscal (calendar) year of issue.
      int issue_year = std::stoi(invoice.issue_date().substr(0, 4));
      EXPECT_EQ(full.retain_until(), absl::StrCat(issue_year + 10, "-12-31"));
      if (full.kind() == "invoice-pdf") {
        EXPECT_EQ(full.content().rfind("%PDF-", 0), 0u);
        EXPECT_EQ(full.sha256(), invoice.pdf_sha256()) << invoice.number();
      } else {
        EXPECT_EQ(full.sha256(), invoice.xml_sha256()) << invoice.number();
        std::ifstream written(invoice.einvoice_path(), std::ios::binary);
        std::string on_disk((std::istreambuf_iterator<char>(written)), {});
        EXPECT_EQ(on_disk, full.content()) << invoice.einvoice_path();
        std::string path = xml_dir + "/" + invoice.number() + ".xml";
        std::ofstream(path, std::ios::binary) << full.content();
        xml_files += " '" + path + "'";
      }
    }
  }
  std::string validator =
      std::string(FACTFLOW_SOURCE_DIR) + "/../shared/einvoice/einvoice-validate.sh";
  if (const char* override_path = std::getenv("FACTFLOW_EINVOICE_VALIDATOR"))
    validator = override_path;
  std::string report = xml_dir + "/validation.txt";
  int rc = std::system(("'" + validator + "' -q" + xml_files + " > '" + report + "' 2>&1").c_str());
  std::ifstream report_in(report);
  std::string output((std::istreambuf_iterator<char>(report_in)), {});
  EXPECT_EQ(rc, 0) << output;
  EXPECT_THAT(output, ::testing::Not(HasSubstr("INVALID")));

  // What happened is visible to Prometheus on each service's metrics port.
  EXPECT_THAT(stack_.ScrapeMetrics("importer"),
              HasSubstr("factflow_rpc_total{code=\"OK\",method=\"UploadFile\"}"));
  std::string invoicing = stack_.ScrapeMetrics("invoicing_state");
  EXPECT_THAT(invoicing, HasSubstr("factflow_events_total{consumer=\"invoicing-state.generations\","
                                   "outcome=\"applied\"}"));
  EXPECT_THAT(invoicing, HasSubstr("factflow_healthy 1"));
  EXPECT_THAT(stack_.ScrapeMetrics("chorus_dispatch"),
              ::testing::ContainsRegex("factflow_outbox_published_total [1-9]"));
}

TEST_F(FlowTest, RequestsWithoutTokenOrFromAnotherTenantAreRefused) {
  CreateTenant(UniqueTenant("e2e-auth-a"));
  std::string token_a = token_;
  mv1::Batch batch = Upload(GenerateFnacExport(3, 0, 7));
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  ASSERT_FALSE(invoices.empty());

  // No token, and a token signed with another key.
  mv1::GetBatchRequest get_batch;
  get_batch.set_batch_id(batch.batch_id());
  mv1::Batch ignored;
  EXPECT_EQ(stack_.importer().GetBatch(stack_.Context("").get(), get_batch, &ignored).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  iv1::ListInvoicesRequest list;
  iv1::ListInvoicesResponse listed;
  EXPECT_EQ(stack_.invoices().ListInvoices(stack_.Context("").get(), list, &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  dispatch::v1::ListArchivedObjectsRequest archive_list;
  dispatch::v1::ListArchivedObjectsResponse archive_listed;
  EXPECT_EQ(stack_.dispatch()
                .ListArchivedObjects(stack_.Context("").get(), archive_list, &archive_listed)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  catalog::v1::ListArticlesRequest articles;
  catalog::v1::ListArticlesResponse articles_listed;
  EXPECT_EQ(stack_.catalog()
                .ListArticles(stack_.Context("").get(), articles, &articles_listed)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::string forged = auth::TokenSigner(std::string(48, 'x'))
                           .Sign({"e2e-auth-a", "mallory", {"admin", "operator"}}, absl::Hours(1))
                           .value();
  EXPECT_EQ(
      stack_.importer().GetBatch(stack_.Context(forged).get(), get_batch, &ignored).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);

  // Tenant B sees none of tenant A's records.
  CreateTenant(UniqueTenant("e2e-auth-b"));
  EXPECT_EQ(
      stack_.importer().GetBatch(stack_.Context(token_).get(), get_batch, &ignored).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Invoices(batch.batch_id()).empty());
  iv1::GetInvoiceRequest get_invoice;
  get_invoice.set_invoice_id(invoices.front().invoice_id());
  iv1::Invoice invoice;
  EXPECT_EQ(stack_.invoices()
                .GetInvoice(stack_.Context(token_).get(), get_invoice, &invoice)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  iv1::ApplyActionResponse acted = Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  EXPECT_EQ(acted.selected(), 0);
  token_ = token_a;
  EXPECT_EQ(Invoices(batch.batch_id()).front().send_state(), iv1::SEND_STATE_EN_ATTENTE);
}

TEST_F(FlowTest, BadUploadsAreRefusedAndStageNothing) {
  std::string tenant = UniqueTenant("e2e-upload");
  token_ = stack_.Token(tenant);
  iv1::Tenant without_fnac = DemoTenant(tenant);
  without_fnac.clear_activated_import_formats();
  iv1::Tenant created;
  ASSERT_TRUE(
      stack_.tenants().CreateTenant(stack_.Context(token_).get(), without_fnac, &created).ok());

  GeneratedExport file = GenerateFnacExport(4, 0, 11);
  mv1::UploadFileRequest request;
  request.set_format("fnac-orders-xlsx");
  request.set_file_name(file.file_name);
  request.set_content(file.content);
  mv1::UploadFileResponse response;
  grpc::Status status =
      stack_.importer().UploadFile(stack_.Context(token_).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("Format d'import"));

  iv1::Tenant activated = created;
  activated.add_activated_import_formats("fnac-orders-xlsx");
  ASSERT_TRUE(
      stack_.tenants().UpdateTenant(stack_.Context(token_).get(), activated, &created).ok());

  mv1::UploadFileRequest garbage = request;
  garbage.set_file_name("commandes-terminees-casse.xlsx");
  garbage.set_content("this is not a spreadsheet");
  status = stack_.importer().UploadFile(stack_.Context(token_).get(), garbage, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("commandes-terminees-casse.xlsx"));

  mv1::ListBatchesRequest list;
  mv1::ListBatchesResponse batches;
  ASSERT_TRUE(stack_.importer().ListBatches(stack_.Context(token_).get(), list, &batches).ok());
  EXPECT_EQ(batches.batches_size(), 0) << "a refused upload must stage nothing";

  ASSERT_TRUE(stack_.importer().UploadFile(stack_.Context(token_).get(), request, &response).ok());
  status = stack_.importer().UploadFile(stack_.Context(token_).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("déjà été intégré"));
}

TEST_F(FlowTest, TenantsWithoutArchivingSendButArchiveNothing) {
  std::string tenant = UniqueTenant("e2e-noarchive");
  token_ = stack_.Token(tenant);
  iv1::Tenant settings = DemoTenant(tenant);
  settings.set_archiving_enabled(false);
  iv1::Tenant created;
  ASSERT_TRUE(stack_.tenants().CreateTenant(stack_.Context(token_).get(), settings, &created).ok());
  mv1::Batch batch = Upload(GenerateFnacExport(2, 0, 5));
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  ASSERT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).changed(), 2);

  for (const auto& invoice : Invoices(batch.batch_id())) {
    EXPECT_EQ(invoice.send_state(), iv1::SEND_STATE_ENVOYE);
    dispatch::v1::ListExchangesRequest request;
    request.set_invoice_id(invoice.invoice_id());
    dispatch::v1::ListExchangesResponse exchanges;
    ASSERT_TRUE(WaitFor(
        [&] {
          exchanges.Clear();
          return stack_.dispatch()
                     .ListExchanges(stack_.Context(token_).get(), request, &exchanges)
                     .ok() &&
                 exchanges.exchanges_size() > 0;
        },
        std::chrono::seconds(60)));
    EXPECT_EQ(exchanges.exchanges(0).status(), "SKIPPED");
    dispatch::v1::ListArchivedObjectsRequest list;
    list.set_invoice_id(invoice.invoice_id());
    dispatch::v1::ListArchivedObjectsResponse objects;
    ASSERT_TRUE(
        stack_.dispatch().ListArchivedObjects(stack_.Context(token_).get(), list, &objects).ok());
    EXPECT_EQ(objects.objects_size(), 0);
    EXPECT_FALSE(Invoices(batch.batch_id()).front().archived());
  }
}

// A series prefix with slashes (leading, inner, trailing) never becomes a path: the e-invoice
// lands in <dir>/<tenant>/ under an escaped name, and archiving goes on.
TEST_F(FlowTest, SeriesPrefixWithSlashesStaysInsideTheEinvoiceFolder) {
  std::string tenant = UniqueTenant("e2e-slash");
  token_ = stack_.Token(tenant);
  iv1::Tenant settings = DemoTenant(tenant);
  settings.mutable_series(0)->set_prefix("/FA/26/");
  iv1::Tenant created;
  grpc::Status status =
      stack_.tenants().CreateTenant(stack_.Context(token_).get(), settings, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  mv1::Batch batch = Upload(GenerateFnacExport(2, 0, 11));
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  ASSERT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).changed(), 2);
  WaitAllArchived(batch.batch_id(), 2);

  namespace fs = std::filesystem;
  const fs::path folder = fs::weakly_canonical(fs::path(stack_.einvoice_dir()) / tenant);
  std::set<std::string> expected = {"%2FFA%2F26%2F000001.xml", "%2FFA%2F26%2F000002.xml"};
  for (const auto& invoice : Invoices(batch.batch_id())) {
    EXPECT_THAT(invoice.number(), ::testing::StartsWith("/FA/26/"));
    EXPECT_EQ(fs::weakly_canonical(invoice.einvoice_path()).parent_path(), folder)
        << invoice.einvoice_path();
  }
  std::set<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    found.insert(fs::relative(entry.path(), folder).string());
  }
  EXPECT_EQ(found, expected);
}

TEST_F(FlowTest, KilledConsumersLoseNothingApplyNothingTwiceLeaveNoGap) {
  CreateTenant(UniqueTenant("e2e-kill"));
  GeneratedExport file = GenerateFnacExport(400, 0, 99);
  mv1::Batch batch = Upload(file);
  ASSERT_EQ(batch.valid_document_count(), file.valid_orders);

  // invoicing-state dies while the generation is (or is about to be) numbered.
  Generate(batch.batch_id());
  stack_.Control("kill", "invoicing_state");
  stack_.Control("start", "invoicing_state");
  mv1::Batch done = WaitGenerated(batch.batch_id());
  EXPECT_EQ(done.invoice_count(), file.valid_orders);
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  ASSERT_EQ(static_cast<int>(invoices.size()), file.valid_orders);
  ExpectContiguousFromStart(invoices);

  // chorus-dispatch dies in the middle of archiving the sent invoices.
  Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  Act(iv1::INVOICE_ACTION_SEND, batch.batch_id());
  ASSERT_TRUE(
      WaitFor([&] { return CountArchived(batch.batch_id()) > 0; }, std::chrono::seconds(120)));
  stack_.Control("kill", "chorus_dispatch");
  int archived_at_kill = CountArchived(batch.batch_id());
  EXPECT_LT(archived_at_kill, file.valid_orders) << "the kill came after the whole batch";
  stack_.Control("start", "chorus_dispatch");
  WaitAllArchived(batch.batch_id(), file.valid_orders);

  for (const auto& invoice : Invoices(batch.batch_id())) {
    int issued = 0, archived = 0, sent = 0;
    for (const auto& entry : Audit(invoice.invoice_id())) {
      issued += entry.action() == "ISSUE";
      archived += entry.action() == "ARCHIVE";
      sent += entry.action() == "SEND";
    }
    EXPECT_EQ(issued, 1) << invoice.number();
    EXPECT_EQ(sent, 1) << invoice.number();
    EXPECT_EQ(archived, 1) << invoice.number() << ": archived event applied twice or lost";
    dispatch::v1::ListArchivedObjectsRequest list;
    list.set_invoice_id(invoice.invoice_id());
    dispatch::v1::ListArchivedObjectsResponse objects;
    ASSERT_TRUE(
        stack_.dispatch().ListArchivedObjects(stack_.Context(token_).get(), list, &objects).ok());
    EXPECT_EQ(objects.objects_size(), 2) << invoice.number();
  }
}

}  // namespace
}  // namespace factflow::e2e
