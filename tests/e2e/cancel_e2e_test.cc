// End to end: cancelling import batches ("Suppr. Import", domain.md §2.5) across the importer
// and invoicing-state, and the numbering fixes it relies on (issues 7 and 9), against the real
// stack started by ./factflow test (PostgreSQL, devbroker, the four services).
//
// Documents the stack cannot create yet (a manual invoice, a credit note) are inserted with SQL
// as invoicing-state's application role, as those RPCs would store them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "e2e/flow_fixture.h"
#include "factflow/events/v1/envelope.pb.h"
#include "factflow/events/v1/events.pb.h"
#include "logging/logging.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kOrders = 6;  // valid orders per generated export (no error rows)

class CancelTest : public FlowFixture {
 protected:
  // The demo tenant with series FA starting at `first_fa` and a credit-note series AV.
  void CreateTenantAt(int64_t first_fa) {
    tenant_ = UniqueTenant("cancel");
    token_ = stack_.Token(tenant_);
    iv1::Tenant tenant = DemoTenant(tenant_);
    tenant.mutable_series(0)->set_next_value(first_fa);
    iv1::NumberingSeries* credit = tenant.add_series();
    credit->set_code("AV");
    credit->set_prefix("AV2026-");
    credit->set_padding(6);
    credit->set_document_kind("CREDIT_NOTE");
    iv1::Tenant created;
    grpc::Status status =
        stack_.tenants().CreateTenant(stack_.Context(token_).get(), tenant, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // A new export (seed-dependent content, so never a duplicate), uploaded and generated.
  mv1::Batch UploadAndGenerate(const GeneratedExport& file) {
    mv1::Batch batch = Upload(file);
    EXPECT_EQ(batch.valid_document_count(), kOrders);
    Generate(batch.batch_id());
    return WaitGenerated(batch.batch_id());
  }

  grpc::Status Cancel(const std::vector<std::string>& batch_ids,
                      mv1::CancelBatchesResponse* response) {
    mv1::CancelBatchesRequest request;
    for (const auto& id : batch_ids) request.add_batch_ids(id);
    return stack_.importer().CancelBatches(stack_.Context(token_).get(), request, response);
  }

  iv1::CheckNumberingResponse Check(const std::string& series) {
    iv1::CheckNumberingRequest request;
    request.set_series_code(series);
    iv1::CheckNumberingResponse check;
    grpc::Status status =
        stack_.invoices().CheckNumbering(stack_.Context(token_).get(), request, &check);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return check;
  }

  // Inserts a document numbered next in `series` (a manual invoice, or a credit note in AV), as
  // CreateInvoice / CreateCreditNote store them: the series moves forward in the same
  // transaction. Returns its number.
  std::string InsertNumberedDocument(const std::string& series, const std::string& type_code) {
    pqxx::connection connection(testing::RequireEnv("FACTFLOW_INVOICING_STATE_DATABASE_URL"));
    pqxx::work tx(connection);
    pqxx::row row = tx.exec_params1(
        "SELECT prefix, padding, next_value FROM numbering_series "
        "WHERE tenant_id = $1 AND code = $2 FOR UPDATE",
        tenant_, series);
    const int64_t value = row[2].as<int64_t>();
    std::string digits = std::to_string(value);
    digits.insert(0, static_cast<size_t>(std::max(0, row[1].as<int>() - int(digits.size()))), '0');
    const std::string number = row[0].as<std::string>() + digits;
    tx.exec_params(
        "INSERT INTO invoices (invoice_id, tenant_id, series_code, sequence_value, number, "
        "type_code, issue_date, send_state, buyer_name, total_with_vat, document, created_by) "
        "VALUES ($1::uuid, $2, $3, $4, $5, $6, current_date, 'EN_ATTENTE', 'Client manuel', "
        "10.00, ''::bytea, 'test')",
        logging::NewUuid(), tenant_, series, value, number, type_code);
    tx.exec_params(
        "UPDATE numbering_series SET next_value = $3 WHERE tenant_id = $1 AND code = $2",
        tenant_, series, value + 1);
    tx.commit();
    return number;
  }

  // The BatchesCancelled events the importer's outbox holds for this tenant's batches.
  std::vector<events::v1::BatchesCancelled> CancelledEvents() {
    pqxx::connection connection(testing::RequireEnv("FACTFLOW_IMPORTER_DATABASE_URL"));
    pqxx::work tx(connection);
    std::vector<events::v1::BatchesCancelled> found;
    for (const auto& row :
         tx.exec("SELECT envelope FROM outbox WHERE event_type LIKE '%BatchesCancelled'")) {
      pqxx::binarystring bytes(row[0]);
      events::v1::EventEnvelope envelope;
      events::v1::BatchesCancelled event;
      if (envelope.ParseFromString(bytes.str()) && envelope.tenant_id() == tenant_ &&
          envelope.payload().UnpackTo(&event)) {
        found.push_back(event);
      }
    }
    return found;
  }

  std::string tenant_;
};

// Issue 9: a series created at 500 is audited from 500, not reported broken.
TEST_F(CancelTest, NumberingCheckStartsAtTheSeriesFirstValue) {
  CreateTenantAt(500);
  iv1::CheckNumberingResponse empty = Check("FA");
  EXPECT_TRUE(empty.contiguous()) << empty.problem();
  EXPECT_EQ(empty.first_value(), 500);
  EXPECT_EQ(empty.count(), 0);

  mv1::Batch batch = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 901));
  EXPECT_EQ(batch.first_invoice_number(), "FA2026-000500");
  iv1::CheckNumberingResponse check = Check("FA");
  EXPECT_TRUE(check.contiguous()) << check.problem();
  EXPECT_EQ(check.count(), kOrders);
  EXPECT_EQ(check.first_number(), "FA2026-000500");
  EXPECT_EQ(check.last_number(), absl::StrFormat("FA2026-%06d", 500 + kOrders - 1));
  EXPECT_EQ(check.next_value(), 500 + kOrders);
}

// Issue 9: an import is never numbered in a credit-note series.
TEST_F(CancelTest, GenerationRefusesACreditNoteSeries) {
  CreateTenantAt(1);
  GeneratedExport file = GenerateFnacExport(kOrders, 0, 902);
  mv1::UploadFileRequest request;
  request.set_format("fnac-orders-xlsx");
  request.set_file_name(file.file_name);
  request.set_content(file.content);
  request.mutable_preferences()->set_series_code("AV");
  mv1::UploadFileResponse uploaded;
  grpc::Status status =
      stack_.importer().UploadFile(stack_.Context(token_).get(), request, &uploaded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string batch_id = uploaded.batch().batch_id();
  Generate(batch_id);
  ASSERT_TRUE(WaitFor([&] { return GetBatch(batch_id).status() == mv1::BATCH_STATUS_REJECTED; },
                      std::chrono::seconds(120)))
      << GetBatch(batch_id).ShortDebugString();
  EXPECT_THAT(GetBatch(batch_id).status_message(), HasSubstr("« AV » est une série d'avoirs"));
  EXPECT_TRUE(Invoices(batch_id).empty());
  EXPECT_EQ(Check("AV").count(), 0);
  EXPECT_EQ(Check("AV").next_value(), 1);
}

// Two successive batches cancelled in one call (newest first): invoices gone, series rewound,
// batches CANCELLED, BatchesCancelled published; the file uploads again and reuses the numbers.
TEST_F(CancelTest, CancelRewindsTheSeriesAndTheFileCanBeUploadedAgain) {
  CreateTenantAt(1);
  GeneratedExport first_file = GenerateFnacExport(kOrders, 0, 903);
  mv1::Batch first = UploadAndGenerate(first_file);
  mv1::Batch second = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 904));
  ASSERT_EQ(second.first_invoice_number(), absl::StrFormat("FA2026-%06d", kOrders + 1));
  const std::vector<iv1::Invoice> first_invoices = Invoices(first.batch_id());

  mv1::CancelBatchesResponse response;
  // Named oldest first on purpose: the service cancels newest first.
  grpc::Status status = Cancel({first.batch_id(), second.batch_id()}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.cancelled_batch_ids_size(), 2);
  ASSERT_EQ(response.ranges_size(), 2);
  EXPECT_EQ(response.ranges(0).batch_number(), second.batch_number());
  EXPECT_EQ(response.ranges(1).first_number(), "FA2026-000001");
  EXPECT_EQ(response.ranges(1).invoice_count(), kOrders);

  EXPECT_EQ(GetBatch(first.batch_id()).status(), mv1::BATCH_STATUS_CANCELLED);
  EXPECT_EQ(GetBatch(second.batch_id()).status(), mv1::BATCH_STATUS_CANCELLED);
  EXPECT_TRUE(Invoices(first.batch_id()).empty());
  EXPECT_TRUE(Invoices(second.batch_id()).empty());
  iv1::CheckNumberingResponse rewound = Check("FA");
  EXPECT_TRUE(rewound.contiguous()) << rewound.problem();
  EXPECT_EQ(rewound.count(), 0);
  EXPECT_EQ(rewound.next_value(), 1);
  // The cancel is in the audit trail of each deleted invoice.
  std::vector<iv1::AuditEntry> audit = Audit(first_invoices.front().invoice_id());
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action(), "BATCH_CANCEL");
  // BatchesCancelled, once, with both batches.
  std::vector<events::v1::BatchesCancelled> events = CancelledEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(std::vector<std::string>(events[0].batch_ids().begin(), events[0].batch_ids().end()),
              ::testing::UnorderedElementsAre(first.batch_id(), second.batch_id()));

  // Cancelling again is harmless (idempotent), and publishes nothing more.
  ASSERT_TRUE(Cancel({first.batch_id()}, &response).ok());
  EXPECT_EQ(CancelledEvents().size(), 1u);

  // The same file again: accepted (not a duplicate any more), numbered from 1 again.
  mv1::Batch again = UploadAndGenerate(first_file);
  EXPECT_EQ(again.first_invoice_number(), "FA2026-000001");
  EXPECT_EQ(again.last_invoice_number(), absl::StrFormat("FA2026-%06d", kOrders));
  ExpectContiguousFromStart(Invoices(again.batch_id()));
}

// A later batch is in the chain: cancelling the older one alone is refused, naming it and the
// credit notes to make instead; nothing changes.
TEST_F(CancelTest, RefusedByALaterBatch) {
  CreateTenantAt(1);
  mv1::Batch first = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 905));
  mv1::Batch second = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 906));
  mv1::CancelBatchesResponse response;
  grpc::Status status = Cancel({first.batch_id()}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("Impossible d'annuler le lot n° ", first.batch_number())));
  EXPECT_THAT(status.error_message(), HasSubstr(second.first_invoice_number()));
  EXPECT_THAT(status.error_message(), HasSubstr(absl::StrCat("lot n° ", second.batch_number())));
  EXPECT_THAT(status.error_message(), HasSubstr("sur la facture FA2026-000001"));
  EXPECT_EQ(GetBatch(first.batch_id()).status(), mv1::BATCH_STATUS_GENERATED);
  EXPECT_EQ(static_cast<int>(Invoices(first.batch_id()).size()), kOrders);
  EXPECT_EQ(Check("FA").next_value(), 2 * kOrders + 1);
  EXPECT_TRUE(CancelledEvents().empty());
}

// A manual invoice numbered after the batch blocks it.
TEST_F(CancelTest, RefusedByALaterManualInvoice) {
  CreateTenantAt(1);
  mv1::Batch batch = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 907));
  const std::string manual = InsertNumberedDocument("FA", "380");
  mv1::CancelBatchesResponse response;
  grpc::Status status = Cancel({batch.batch_id()}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(manual + " : numéro attribué après ce lot"));
  EXPECT_THAT(status.error_message(), HasSubstr("facture créée manuellement"));
  EXPECT_EQ(static_cast<int>(Invoices(batch.batch_id()).size()), kOrders);
  EXPECT_EQ(Check("FA").next_value(), kOrders + 2);
}

// A credit note made after the batch blocks it.
TEST_F(CancelTest, RefusedByALaterCreditNote) {
  CreateTenantAt(1);
  mv1::Batch batch = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 908));
  const std::string credit_note = InsertNumberedDocument("AV", "381");
  mv1::CancelBatchesResponse response;
  grpc::Status status = Cancel({batch.batch_id()}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(credit_note + " : avoir créé après ce lot"));
  EXPECT_THAT(status.error_message(), HasSubstr("établissez plutôt un avoir"));
  EXPECT_EQ(GetBatch(batch.batch_id()).status(), mv1::BATCH_STATUS_GENERATED);
  EXPECT_EQ(static_cast<int>(Invoices(batch.batch_id()).size()), kOrders);
}

// An invoice of the batch was sent: refused, naming it; nothing is deleted.
TEST_F(CancelTest, RefusedBecauseAnInvoiceWasSent) {
  CreateTenantAt(1);
  mv1::Batch batch = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 909));
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  ASSERT_FALSE(invoices.empty());
  iv1::SelectionCriteria one;
  one.add_invoice_ids(invoices.front().invoice_id());
  EXPECT_EQ(WaitOperation(Start(iv1::INVOICE_ACTION_PREPARE, one)).done(), 1);
  EXPECT_EQ(WaitOperation(Start(iv1::INVOICE_ACTION_SEND, one)).done(), 1);

  mv1::CancelBatchesResponse response;
  grpc::Status status = Cancel({batch.batch_id()}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(),
              HasSubstr(invoices.front().number() + " : facture du lot qui n'est plus en attente"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(invoices.back().number() + " : facture")));
  EXPECT_EQ(static_cast<int>(Invoices(batch.batch_id()).size()), kOrders);
  EXPECT_EQ(Check("FA").next_value(), kOrders + 1);
}

// The rewind is the database's controlled exception: the application role cannot move a series
// back, even with the rewind variable set, nor make the function rewind a block that is not the
// tail of the chain.
TEST_F(CancelTest, TheApplicationRoleCannotRewindASeriesByItself) {
  CreateTenantAt(1);
  mv1::Batch first = UploadAndGenerate(GenerateFnacExport(kOrders, 0, 910));
  UploadAndGenerate(GenerateFnacExport(kOrders, 0, 911));
  pqxx::connection connection(testing::RequireEnv("FACTFLOW_INVOICING_STATE_DATABASE_URL"));
  {
    pqxx::work tx(connection);
    tx.exec_params("SELECT set_config('factflow.numbering_rewind', $1, true)", tenant_ + "/FA/1");
    EXPECT_THROW(tx.exec_params("UPDATE numbering_series SET next_value = 1 "
                                "WHERE tenant_id = $1 AND code = 'FA'",
                                tenant_),
                 pqxx::sql_error);
  }
  {
    pqxx::work tx(connection);
    EXPECT_THROW(tx.exec_params("SELECT * FROM cancel_batch_invoices($1, $2::uuid, 'x', '')",
                                tenant_, first.batch_id()),
                 pqxx::sql_error);
  }
  {
    pqxx::work tx(connection);
    EXPECT_THROW(tx.exec_params("DELETE FROM invoices WHERE tenant_id = $1", tenant_),
                 pqxx::sql_error);
  }
  EXPECT_EQ(Check("FA").next_value(), 2 * kOrders + 1);
  EXPECT_EQ(static_cast<int>(Invoices(first.batch_id()).size()), kOrders);
}

}  // namespace
}  // namespace factflow::e2e
