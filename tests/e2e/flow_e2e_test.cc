// End to end, through the four service processes, a real PostgreSQL and the devbroker:
// a FNAC export is uploaded, staged, generated into gaplessly numbered invoices, sent, rendered,
// archived and written as EN 16931 e-invoices; consumers survive being killed mid-batch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "e2e/flow_fixture.h"
#include "e2e/stack_client.h"
#include "hash/sha256.h"
#include "money/decimal.h"
#include "testing/einvoice_validator.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;


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

  // Sending needs preparing first (each invoice refused, and why), then is final.
  iv1::Operation refused =
      Act(iv1::INVOICE_ACTION_SEND, batch.batch_id(), {iv1::SEND_STATE_EN_ATTENTE});
  EXPECT_EQ(refused.done(), 0);
  EXPECT_EQ(refused.refused(), expected);
  ASSERT_EQ(refused.refusals_size(), 1);
  EXPECT_THAT(refused.refusals(0).reason(), HasSubstr("préparez-la d'abord"));
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id()).done(), expected);
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).done(), expected);
  WaitAllArchived(batch.batch_id(), expected);

  // A sent invoice never changes: putting it back on hold is refused, invoice by invoice.
  iv1::Operation immutable =
      Act(iv1::INVOICE_ACTION_PUT_ON_HOLD, batch.batch_id(), {iv1::SEND_STATE_ENVOYE});
  EXPECT_EQ(immutable.done(), 0);
  EXPECT_EQ(immutable.refused(), expected);
  ASSERT_EQ(immutable.refusals_size(), 1);
  EXPECT_THAT(immutable.refusals(0).reason(), HasSubstr("n'est plus modifiable"));

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
  // What happened is visible to Prometheus on each service's metrics port.
  EXPECT_THAT(stack_.ScrapeMetrics("importer"),
              HasSubstr("factflow_rpc_total{code=\"OK\",method=\"UploadFile\"}"));
  std::string invoicing = stack_.ScrapeMetrics("invoicing_state");
  EXPECT_THAT(invoicing, HasSubstr("factflow_events_total{consumer=\"invoicing-state.generations\","
                                   "outcome=\"applied\"}"));
  EXPECT_THAT(invoicing, HasSubstr("\nfactflow_healthy 1"));  // the sample, not the HELP line
  EXPECT_THAT(stack_.ScrapeMetrics("chorus_dispatch"),
              ::testing::ContainsRegex("factflow_outbox_published_total [1-9]"));

  // Last, as it may skip the rest of this test: every XML through the official validator.
  FACTFLOW_EINVOICE_VALIDATOR_OR_SKIP(validator, FACTFLOW_SOURCE_DIR);
  std::string report = xml_dir + "/validation.txt";
  int rc = std::system(("'" + validator + "' -q" + xml_files + " > '" + report + "' 2>&1").c_str());
  std::ifstream report_in(report);
  std::string output((std::istreambuf_iterator<char>(report_in)), {});
  EXPECT_EQ(rc, 0) << output;
  EXPECT_THAT(output, ::testing::Not(HasSubstr("INVALID")));
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
  iv1::Operation acted = Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  EXPECT_EQ(acted.total(), 0);
  EXPECT_EQ(acted.done(), 0);
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
  mv1::UploadFileResponse response;
  grpc::Status status = TryUpload(file, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("Format d'import"));

  iv1::Tenant activated = created;
  activated.add_activated_import_formats("fnac-orders-xlsx");
  ASSERT_TRUE(
      stack_.tenants().UpdateTenant(stack_.Context(token_).get(), activated, &created).ok());

  GeneratedExport garbage = file;
  garbage.file_name = "commandes-terminees-casse.xlsx";
  garbage.content = "this is not a spreadsheet";
  status = TryUpload(garbage, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("commandes-terminees-casse.xlsx"));

  GeneratedExport empty = file;
  empty.file_name = "commandes-terminees-vide.xlsx";
  empty.content = "";
  status = TryUpload(empty, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("commandes-terminees-vide.xlsx : fichier vide (0 octet)"));

  mv1::ListBatchesRequest list;
  mv1::ListBatchesResponse batches;
  ASSERT_TRUE(stack_.importer().ListBatches(stack_.Context(token_).get(), list, &batches).ok());
  EXPECT_EQ(batches.batches_size(), 0) << "a refused upload must stage nothing";

  ASSERT_TRUE(TryUpload(file, &response).ok());
  status = TryUpload(file, &response);
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
  ASSERT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).done(), 2);

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
  ASSERT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).done(), 2);
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

// The largest event envelope in `service`'s outbox (FACTFLOW_<SERVICE>_DATABASE_URL).
int64_t LargestEvent(const char* database_url_variable) {
  pqxx::connection db(testing::RequireEnv(database_url_variable));
  pqxx::work tx(db);
  return tx.exec1("SELECT coalesce(max(octet_length(envelope)), 0) FROM outbox")[0].as<int64_t>();
}

// Issue 6, "done when": 30,000 invoices, past the old single-event limit (about 26,000), through
// the operator's job (`factflowctl job fnac`: upload, generate, prepare, send, archive). The
// numbering is one contiguous block, every event of every service stays under the outbox limit
// (the generation's in chunks of at most 1,000 invoices), no operation is capped (each processed
// its whole selection), every invoice is sent and archived once, and the job finished.
TEST_F(FlowTest, AGenerationPastTheOldEventLimitGoesThroughTheWholeJob) {
  const std::string tenant = UniqueTenant("e2e-scale");
  GeneratedExport file = GenerateFnacExport(30000, 0, 7);
  ASSERT_GT(file.valid_orders, 26000);

  auto started = std::chrono::steady_clock::now();
  const std::string command =
      absl::StrCat("'", testing::RequireEnv("FACTFLOW_BIN_DIR"), "/factflowctl' --tenant '",
                   tenant, "' job fnac --file '", file.path, "' 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int rc = pclose(pipe);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("job fnac of %d invoices (generate, prepare, send, archive): %.1f s\n",
              file.valid_orders, seconds);
  ASSERT_EQ(WEXITSTATUS(rc), 0) << output;
  EXPECT_THAT(output, ::testing::ContainsRegex(
                          absl::StrCat("Factures envoyées +: ", file.valid_orders, "\n")))
      << output;
  EXPECT_THAT(output,
              ::testing::ContainsRegex(absl::StrCat("PDF archivés +: ", file.valid_orders, "\n")))
      << output;

  token_ = stack_.Token(tenant);
  iv1::ListOperationsRequest list;
  iv1::ListOperationsResponse operations;
  ASSERT_TRUE(stack_.invoices().ListOperations(stack_.Context(token_).get(), list, &operations).ok());
  // Generation, prepare, send: each succeeded over its whole selection, nothing capped.
  ASSERT_EQ(operations.operations_size(), 3) << operations.ShortDebugString();
  for (const iv1::Operation& op : operations.operations()) {
    EXPECT_EQ(op.state(), iv1::OPERATION_STATE_SUCCEEDED) << op.ShortDebugString();
    EXPECT_EQ(op.total(), file.valid_orders) << op.ShortDebugString();
    EXPECT_EQ(op.done(), file.valid_orders) << op.ShortDebugString();
    EXPECT_EQ(op.refused(), 0) << op.ShortDebugString();
  }
  const iv1::Operation& generation = operations.operations(operations.operations_size() - 1);
  EXPECT_EQ(generation.kind(), "GENERATION");

  iv1::ListInvoicesRequest request;
  request.mutable_page()->set_page_size(1000);
  std::vector<iv1::Invoice> invoices;
  do {
    iv1::ListInvoicesResponse page;
    ASSERT_TRUE(stack_.invoices().ListInvoices(stack_.Context(token_).get(), request, &page).ok());
    invoices.insert(invoices.end(), page.invoices().begin(), page.invoices().end());
    request.mutable_page()->set_page_token(page.next_page_token());
  } while (!request.page().page_token().empty());
  ASSERT_EQ(static_cast<int>(invoices.size()), file.valid_orders);
  ExpectContiguousFromStart(invoices);
  int sent = 0, archived = 0;
  for (const auto& invoice : invoices) {
    sent += invoice.send_state() == iv1::SEND_STATE_ENVOYE;
    archived += invoice.archived();
  }
  EXPECT_EQ(sent, file.valid_orders);
  EXPECT_EQ(archived, file.valid_orders);
  // The audit chain (the generation's 30,000 ISSUE rows chained in C++ and COPYed, the others
  // by the trigger) verifies from its first entry to its head.
  iv1::VerifyAuditTrailResponse verified;
  ASSERT_TRUE(stack_.invoices()
                  .VerifyAuditTrail(stack_.Context(token_).get(), iv1::VerifyAuditTrailRequest(),
                                    &verified)
                  .ok());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_GE(verified.entries_checked(), 4 * file.valid_orders);

  // Archived once: one PDF and one CII per invoice in chorus-dispatch's write-once archive.
  {
    pqxx::connection db(testing::RequireEnv("FACTFLOW_CHORUS_DISPATCH_DATABASE_URL"));
    pqxx::work tx(db);
    pqxx::row objects = tx.exec_params1(
        "SELECT count(*), count(DISTINCT (invoice_id, kind)) FROM archive_objects "
        "WHERE tenant_id = $1",
        tenant);
    EXPECT_EQ(objects[0].as<int>(), 2 * file.valid_orders);
    EXPECT_EQ(objects[1].as<int>(), 2 * file.valid_orders);
  }

  // The generation's events, as invoicing-state's outbox holds them: chunked and published.
  {
    pqxx::connection db(testing::RequireEnv("FACTFLOW_INVOICING_STATE_DATABASE_URL"));
    pqxx::work tx(db);
    pqxx::row issued = tx.exec_params1(
        "SELECT count(*), coalesce(max(octet_length(envelope)), 0), "
        "count(*) FILTER (WHERE published_at IS NOT NULL) FROM outbox "
        "WHERE event_type = 'factflow.events.v1.InvoicesIssued' "
        "AND position(convert_to($1, 'UTF8') IN envelope) > 0",
        generation.operation_id());
    EXPECT_EQ(issued[0].as<int>(), (file.valid_orders + 999) / 1000) << "one event per chunk";
    EXPECT_EQ(issued[2].as<int>(), issued[0].as<int>()) << "every chunk was published";
    EXPECT_LE(issued[1].as<int64_t>(), 64 * 1024) << "a chunk of 1,000 ids is about 40 KB";
  }
  // No event of any service is over the outbox limit, and no relay is stuck.
  for (const char* url : {"FACTFLOW_IMPORTER_DATABASE_URL", "FACTFLOW_INVOICING_STATE_DATABASE_URL",
                          "FACTFLOW_CHORUS_DISPATCH_DATABASE_URL",
                          "FACTFLOW_CATALOG_MAPPING_DATABASE_URL"}) {
    EXPECT_LE(LargestEvent(url), 256 * 1024) << url;
  }
  for (const char* service : {"importer", "invoicing_state", "chorus_dispatch"}) {
    EXPECT_THAT(stack_.ScrapeMetrics(service), HasSubstr("factflow_outbox_stuck_row 0"))
        << service;
  }
}

}  // namespace
}  // namespace factflow::e2e
