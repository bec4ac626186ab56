// End to end, on the stack started by ./factflow test: an event invoicing-state's relay can
// never publish (over the event size limit, written past the producer's check as the owner role)
// stops every later event of the service. The failure is loud (health NOT_SERVING, the
// factflow_outbox_stuck_row metric, the row and its error in OutboxAdmin and in
// `factflowctl outbox list`); an administrator parks it, the events behind it flow (the batch
// sent meanwhile gets archived), republishing the oversize event is refused, and republishing
// published events sends them again without applying anything twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "e2e/flow_fixture.h"
#include "factflow/admin/v1/outbox_admin.grpc.pb.h"
#include "grpc/call.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;
namespace av1 = admin::v1;

class OutboxAdminTest : public FlowFixture {
 protected:
  OutboxAdminTest()
      : admin_(av1::OutboxAdmin::NewStub(grpcutil::MakeChannel(
            testing::RequireEnv("FACTFLOW_INVOICING_STATE_ADDRESS")))) {}

  av1::ListOutboxEventsResponse List(const std::string& token, av1::OutboxEventFilter filter) {
    av1::ListOutboxEventsRequest request;
    request.set_filter(filter);
    av1::ListOutboxEventsResponse response;
    grpc::Status status = admin_->ListOutboxEvents(stack_.Context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // As the owner role of invoicing-state's database (what the producer's check forbids).
  static int64_t InsertOversizeEvent(const std::string& tenant) {
    pqxx::connection owner(
        testing::RequireEnv("FACTFLOW_INVOICING_STATE_MIGRATION_DATABASE_URL"));
    pqxx::work tx(owner);
    int64_t id = tx.exec_params1(
                       "INSERT INTO outbox (event_id, topic, partition_key, event_type, envelope) "
                       "VALUES (gen_random_uuid(), 'factflow.invoicing.v1', $1, "
                       "'factflow.test.Oversize', decode(repeat('00', 300000), 'hex')) "
                       "RETURNING id",
                       tenant)[0]
                     .as<int64_t>();
    tx.commit();
    return id;
  }

  static int64_t Unpublished(const std::string& tenant) {
    pqxx::connection owner(
        testing::RequireEnv("FACTFLOW_INVOICING_STATE_MIGRATION_DATABASE_URL"));
    pqxx::work tx(owner);
    return tx.exec_params1("SELECT count(*) FROM outbox WHERE partition_key = $1 "
                           "AND published_at IS NULL AND parked_at IS NULL",
                           tenant)[0]
        .as<int64_t>();
  }

  // The sample line, not the HELP line ("# HELP factflow_healthy 1 while the service...").
  bool Healthy() {
    return stack_.ScrapeMetrics("invoicing_state").find("\nfactflow_healthy 1") !=
           std::string::npos;
  }

  std::unique_ptr<av1::OutboxAdmin::Stub> admin_;
};

// factflowctl's output for `args` as tenant `tenant` (stdout and stderr), and its exit code.
std::pair<std::string, int> Factflowctl(const std::string& tenant, const std::string& args) {
  std::string command = absl::StrCat("'", testing::RequireEnv("FACTFLOW_BIN_DIR"),
                                     "/factflowctl' --tenant '", tenant, "' ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int rc = pclose(pipe);
  return {output, WEXITSTATUS(rc)};
}

TEST_F(OutboxAdminTest, UnpublishableEventIsLoudThenParkedAndTheFlowResumes) {
  const std::string tenant = UniqueTenant("e2e-outbox");
  CreateTenant(tenant);
  ASSERT_TRUE(WaitFor([&] { return Healthy(); }, std::chrono::seconds(60)));

  // A batch generated and prepared before the failure.
  GeneratedExport file = GenerateFnacExport(40, 0, 20261202);
  mv1::Batch batch = Upload(file);
  Generate(batch.batch_id());
  const int expected = WaitGenerated(batch.batch_id()).invoice_count();
  ASSERT_EQ(expected, file.valid_orders);
  Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());

  // The event that can never be published: the service goes NOT_SERVING and says which row.
  const int64_t bad = InsertOversizeEvent(tenant);
  ASSERT_TRUE(WaitFor([&] { return !Healthy(); }, std::chrono::seconds(30)))
      << "a stuck outbox must turn the service NOT_SERVING";
  EXPECT_THAT(stack_.ScrapeMetrics("invoicing_state"),
              HasSubstr(absl::StrCat("factflow_outbox_stuck_row ", bad)));
  av1::ListOutboxEventsResponse stuck = List(token_, av1::OUTBOX_EVENT_FILTER_STUCK);
  ASSERT_EQ(stuck.events_size(), 1);
  EXPECT_EQ(stuck.events(0).id(), bad);
  EXPECT_EQ(stuck.events(0).state(), av1::OUTBOX_EVENT_STATE_STUCK);
  EXPECT_EQ(stuck.events(0).size_bytes(), 300000);
  EXPECT_THAT(stuck.events(0).last_error(), HasSubstr("au-delà de la limite"));
  EXPECT_EQ(stuck.relay_stuck_id(), bad);
  EXPECT_THAT(stuck.relay_error(), HasSubstr(absl::StrCat("n° ", bad)));

  // Another tenant's administrator learns the service is blocked, not whose row it is.
  const std::string other = stack_.Token(UniqueTenant("e2e-outbox-other"));
  av1::ListOutboxEventsResponse foreign = List(other, av1::OUTBOX_EVENT_FILTER_UNPUBLISHED);
  EXPECT_EQ(foreign.events_size(), 0);
  EXPECT_EQ(foreign.relay_stuck_id(), 0);
  EXPECT_THAT(foreign.relay_error(), HasSubstr("autre dossier"));
  // An operator without the admin role may not look.
  av1::ListOutboxEventsResponse denied;
  EXPECT_EQ(admin_
                ->ListOutboxEvents(stack_.Context(stack_.Token(tenant, {"operator"})).get(),
                                   av1::ListOutboxEventsRequest(), &denied)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The operator's command shows it too, in French.
  auto [listed, listed_rc] = Factflowctl(tenant, "outbox list --service invoicing-state");
  EXPECT_EQ(listed_rc, 0) << listed;
  EXPECT_THAT(listed, HasSubstr("Publication bloquée"));
  EXPECT_THAT(listed, HasSubstr(std::to_string(bad)));
  EXPECT_THAT(listed, HasSubstr("bloqué"));

  // Sending meanwhile succeeds in invoicing-state, but its events wait behind the stuck row:
  // nothing reaches chorus-dispatch.
  EXPECT_EQ(Act(iv1::INVOICE_ACTION_SEND, batch.batch_id()).done(), expected);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_GT(Unpublished(tenant), 0);
  EXPECT_EQ(CountArchived(batch.batch_id()), 0);

  // Parked through the command: the service serves again and the batch is archived, once.
  auto [parked, parked_rc] = Factflowctl(
      tenant, absl::StrCat("outbox park ", bad,
                           " --service invoicing-state --reason 'événement de test trop gros'"));
  EXPECT_EQ(parked_rc, 0) << parked;
  EXPECT_THAT(parked, HasSubstr("mis de côté"));
  EXPECT_TRUE(WaitFor([&] { return Healthy(); }, std::chrono::seconds(30)));
  WaitAllArchived(batch.batch_id(), expected);
  EXPECT_EQ(Unpublished(tenant), 0);
  av1::ListOutboxEventsResponse after = List(token_, av1::OUTBOX_EVENT_FILTER_PARKED);
  ASSERT_EQ(after.events_size(), 1);
  EXPECT_EQ(after.events(0).state(), av1::OUTBOX_EVENT_STATE_PARKED);
  EXPECT_EQ(after.events(0).park_reason(), "événement de test trop gros");
  EXPECT_FALSE(after.events(0).parked_by().empty());
  EXPECT_EQ(after.parked_count(), 1);
  EXPECT_TRUE(after.relay_error().empty()) << after.relay_error();
  EXPECT_THAT(stack_.ScrapeMetrics("invoicing_state"), HasSubstr("factflow_outbox_stuck_row 0"));

  // Republishing the oversize event is refused: it could only block the relay again.
  av1::RepublishOutboxEventsRequest again;
  again.set_from_id(bad);
  av1::RepublishOutboxEventsResponse marked;
  grpc::Status refused = admin_->RepublishOutboxEvents(stack_.Context(token_).get(), again, &marked);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("taille maximale"));
  // Parking it twice, or an unknown id, says so.
  av1::ParkOutboxEventRequest unknown;
  unknown.set_id(bad + 1000000);
  unknown.set_reason("x");
  av1::OutboxEvent ignored;
  EXPECT_EQ(admin_->ParkOutboxEvent(stack_.Context(token_).get(), unknown, &ignored).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Republishing the tenant's published events (the broker-lost-its-log recovery): they are
  // sent again and the consumers' inboxes apply nothing twice.
  auto [republished, republished_rc] = Factflowctl(
      tenant, absl::StrCat("outbox republish 1 --to ", bad - 1, " --service invoicing-state"));
  EXPECT_EQ(republished_rc, 0) << republished;
  EXPECT_THAT(republished, HasSubstr("à publier de nouveau"));
  EXPECT_TRUE(WaitFor([&] { return Unpublished(tenant) == 0; }, std::chrono::seconds(30)));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(CountArchived(batch.batch_id()), expected);
  for (const auto& invoice : Invoices(batch.batch_id())) {
    int archives = 0;
    for (const auto& entry : Audit(invoice.invoice_id())) archives += entry.action() == "ARCHIVE";
    EXPECT_EQ(archives, 1) << invoice.number();
  }
  EXPECT_TRUE(Healthy());

  // The audit chain, whose ISSUE rows the generation chained in C++ (storage/chained_audit.h)
  // and the other rows the trigger chained, verifies end to end.
  iv1::VerifyAuditTrailResponse verified;
  ASSERT_TRUE(stack_.invoices()
                  .VerifyAuditTrail(stack_.Context(token_).get(), iv1::VerifyAuditTrailRequest(),
                                    &verified)
                  .ok());
  EXPECT_TRUE(verified.intact()) << verified.problem();
  EXPECT_GE(verified.entries_checked(), 4 * expected);  // issue, prepare, send, archive
}

}  // namespace
}  // namespace factflow::e2e
