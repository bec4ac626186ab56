// End to end, against the stack started by ./factflow test (issue 9): every selection
// criterion of the processing screen through ListInvoices, the month-end nightly send (its
// dates, N days, the hold list, idempotence, a future night refused) and the zero-amount
// policy. Creation dates, batch numbers and the dematerialised flag the stack cannot produce
// for manual invoices are set with SQL as the owner role (test setup).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>

#include "e2e/flow_fixture.h"
#include "e2e/manual_request.h"
#include "testing/test_database.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;


void AsOwner(const std::string& sql) {
  pqxx::connection connection(
      testing::RequireEnv("FACTFLOW_INVOICING_STATE_MIGRATION_DATABASE_URL"));
  pqxx::work tx(connection);
  tx.exec(sql);
  tx.commit();
}

class ProcessingTest : public FlowTest {
 protected:
  void SetUp() override {
    tenant_ = UniqueTenant("e2e-processing");
    CreateTenant(tenant_);
  }

  iv1::Invoice Create(int i, const std::string& as = "e2e-operator", const char* price = "38.40") {
    iv1::Invoice invoice;
    grpc::Status status = stack_.invoices().CreateInvoice(
        stack_.Context(stack_.Token(tenant_, {"admin", "operator"}, as)).get(), ManualInvoiceRequest(i, price),
        &invoice);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return invoice;
  }

  iv1::Operation Run(iv1::InvoiceAction action, const std::vector<iv1::Invoice>& invoices,
                     const std::string& as = "e2e-operator") {
    std::string own = token_;
    token_ = stack_.Token(tenant_, {"admin", "operator"}, as);
    iv1::SelectionCriteria criteria;
    for (const auto& invoice : invoices) criteria.add_invoice_ids(invoice.invoice_id());
    iv1::Operation op = WaitOperation(Start(action, criteria));
    token_ = own;
    EXPECT_EQ(op.state(), iv1::OPERATION_STATE_SUCCEEDED) << op.ShortDebugString();
    return op;
  }

  std::set<std::string> Numbers(const iv1::SelectionCriteria& criteria) {
    iv1::ListInvoicesRequest request;
    *request.mutable_criteria() = criteria;
    if (criteria.states().empty()) {
      for (auto s : {iv1::SEND_STATE_EN_ATTENTE, iv1::SEND_STATE_PRET, iv1::SEND_STATE_ENVOYE,
                     iv1::SEND_STATE_CONSERVE_INTERNE}) {
        request.mutable_criteria()->add_states(s);
      }
    }
    request.mutable_page()->set_page_size(1000);
    iv1::ListInvoicesResponse response;
    grpc::Status status =
        stack_.invoices().ListInvoices(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::set<std::string> numbers;
    for (const auto& invoice : response.invoices()) numbers.insert(invoice.number());
    EXPECT_EQ(response.total_count(), static_cast<int32_t>(numbers.size()));
    return numbers;
  }

  void UpdateTenant(const std::function<void(iv1::Tenant&)>& change) {
    iv1::Tenant tenant;
    ASSERT_TRUE(stack_.tenants()
                    .GetTenant(stack_.Context(token_).get(), iv1::GetTenantRequest(), &tenant)
                    .ok());
    change(tenant);
    iv1::Tenant updated;
    grpc::Status status =
        stack_.tenants().UpdateTenant(stack_.Context(token_).get(), tenant, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::string tenant_;
  iv1::SelectionCriteria c_states_;
};

TEST_F(ProcessingTest, EveryCriterionSelectsWhatItSays) {
  // a0..a2 by alice, b0..b2 by bob.
  std::vector<iv1::Invoice> a, b;
  for (int i = 0; i < 3; ++i) a.push_back(Create(i, "alice"));
  for (int i = 0; i < 3; ++i) b.push_back(Create(10 + i, "bob"));
  auto n = [](std::initializer_list<const iv1::Invoice*> invoices) {
    std::set<std::string> out;
    for (const auto* invoice : invoices) out.insert(invoice->number());
    return out;
  };
  const std::set<std::string> all = n({&a[0], &a[1], &a[2], &b[0], &b[1], &b[2]});

  // Creating operator.
  iv1::SelectionCriteria c;
  c.set_created_by("alice");
  EXPECT_EQ(Numbers(c), n({&a[0], &a[1], &a[2]}));

  // Printing operator, print date range, only without print date.
  Run(iv1::INVOICE_ACTION_PRINT, {a[0], b[0]}, "carol");
  c = {};
  c.set_printed_by("carol");
  EXPECT_EQ(Numbers(c), n({&a[0], &b[0]}));
  c = {};
  c.set_only_without_print_date(true);
  EXPECT_EQ(Numbers(c), n({&a[1], &a[2], &b[1], &b[2]}));
  AsOwner(absl::StrCat("UPDATE invoices SET printed_at = '2026-03-15 10:00+01' WHERE invoice_id = '",
                       b[0].invoice_id(), "'"));
  c = {};
  c.set_print_date_from("2026-03-01");
  c.set_print_date_to("2026-03-31");
  EXPECT_EQ(Numbers(c), n({&b[0]}));
  c.set_print_date_to("2026-03-14");
  EXPECT_TRUE(Numbers(c).empty());

  // Several states.
  Run(iv1::INVOICE_ACTION_PREPARE, {a[1], b[1]});
  Run(iv1::INVOICE_ACTION_KEEP_INTERNAL, {b[2]});
  c = {};
  c.add_states(iv1::SEND_STATE_PRET);
  c.add_states(iv1::SEND_STATE_CONSERVE_INTERNE);
  EXPECT_EQ(Numbers(c), n({&a[1], &b[1], &b[2]}));

  // Issue date range.
  AsOwner(absl::StrCat("UPDATE invoices SET issue_date = '2026-01-10' WHERE invoice_id = '",
                       a[2].invoice_id(), "'"));
  c = {};
  c.set_date_from("2026-01-01");
  c.set_date_to("2026-01-31");
  EXPECT_EQ(Numbers(c), n({&a[2]}));

  // Batch-number range.
  AsOwner(absl::StrCat("UPDATE invoices SET batch_number = 7 WHERE invoice_id = '",
                       a[0].invoice_id(), "'; UPDATE invoices SET batch_number = 9 WHERE "
                       "invoice_id = '", b[0].invoice_id(), "'"));
  c = {};
  c.set_batch_number_from(8);
  EXPECT_EQ(Numbers(c), n({&b[0]}));
  c.set_batch_number_from(7);
  c.set_batch_number_to(8);
  EXPECT_EQ(Numbers(c), n({&a[0]}));

  // Only without dematerialisation.
  AsOwner(absl::StrCat("UPDATE invoices SET dematerialised = true WHERE invoice_id = '",
                       a[1].invoice_id(), "'"));
  c = {};
  c.set_only_without_dematerialisation(true);
  std::set<std::string> expected = all;
  expected.erase(a[1].number());
  EXPECT_EQ(Numbers(c), expected);

  // Combined: alice's, not dematerialised, never printed.
  c.set_created_by("alice");
  c.set_only_without_print_date(true);
  EXPECT_EQ(Numbers(c), n({&a[2]}));

  // A malformed criterion is refused in French, naming it.
  iv1::ListInvoicesRequest bad;
  bad.mutable_criteria()->set_print_date_from("31/02/2026");
  iv1::ListInvoicesResponse response;
  grpc::Status status = stack_.invoices().ListInvoices(stack_.Context(token_).get(), bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("criteria.print_date_from"));
}

TEST_F(ProcessingTest, NightlySendOnTheLastDayAfterNDaysOnce) {
  std::vector<iv1::Invoice> invoices;
  for (int i = 0; i < 4; ++i) invoices.push_back(Create(i));
  Run(iv1::INVOICE_ACTION_PREPARE, {invoices[0], invoices[1], invoices[2]});
  // Two ready invoices created on 20/10, one on 28/10; the fourth stays EN_ATTENTE.
  AsOwner(absl::StrCat("UPDATE invoices SET created_at = '2026-10-20 23:30+02' WHERE invoice_id IN ('",
                       invoices[0].invoice_id(), "', '", invoices[1].invoice_id(), "')"));
  AsOwner(absl::StrCat("UPDATE invoices SET created_at = '2026-10-28 09:00+01' WHERE invoice_id = '",
                       invoices[2].invoice_id(), "'"));

  auto dry = [&](const std::string& date) {
    iv1::NightlySendDryRunRequest request;
    request.set_date(date);
    iv1::ListInvoicesResponse response;
    grpc::Status status =
        stack_.invoices().NightlySendDryRun(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  auto send = [&](const std::string& date, iv1::NightlySendResponse* response) {
    iv1::NightlySendRequest request;
    request.set_date(date);
    request.set_confirm_final(true);
    return stack_.invoices().NightlySend(stack_.Context(token_).get(), request, response);
  };

  // Disabled by default.
  EXPECT_THAT(dry("2026-10-31").nightly_note(), HasSubstr("pas activé"));
  iv1::NightlySendResponse response;
  ASSERT_TRUE(send("2026-10-31", &response).ok());
  EXPECT_FALSE(response.runs());

  UpdateTenant([](iv1::Tenant& t) {
    t.set_nightly_send_enabled(true);
    t.set_days_before_nightly_send(5);
  });
  // Not the last day of the month.
  EXPECT_THAT(dry("2026-10-30").nightly_note(), HasSubstr("31/10/2026"));
  // The last day: the two created on or before 26/10; the one of 28/10 held, with why.
  iv1::ListInvoicesResponse due = dry("2026-10-31");
  EXPECT_EQ(due.total_count(), 2);
  std::set<std::string> numbers;
  for (const auto& invoice : due.invoices()) numbers.insert(invoice.number());
  EXPECT_EQ(numbers, (std::set<std::string>{invoices[0].number(), invoices[1].number()}));
  ASSERT_EQ(due.held_count(), 1);
  EXPECT_EQ(due.held(0).number(), invoices[2].number());
  EXPECT_THAT(due.held(0).reason(), HasSubstr("créée le 28/10/2026, moins de 5 jours"));

  // A future night is refused; the send needs its confirmation.
  grpc::Status future = send("2099-12-31", &response);
  EXPECT_EQ(future.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  iv1::NightlySendRequest unconfirmed;
  unconfirmed.set_date("2026-10-31");
  EXPECT_EQ(stack_.invoices()
                .NightlySend(stack_.Context(token_).get(), unconfirmed, &response)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // The night is run (caught up): exactly the two due invoices are sent.
  ASSERT_TRUE(send("2026-10-31", &response).ok());
  ASSERT_TRUE(response.runs());
  EXPECT_FALSE(response.already_run());
  iv1::Operation op = WaitOperation(response.operation());
  EXPECT_EQ(op.total(), 2);
  EXPECT_EQ(op.done(), 2);
  c_states_.add_states(iv1::SEND_STATE_ENVOYE);
  EXPECT_EQ(Numbers(c_states_), numbers);

  // Twice sends once: the second call returns the first operation.
  iv1::NightlySendResponse again;
  ASSERT_TRUE(send("2026-10-31", &again).ok());
  EXPECT_TRUE(again.already_run());
  EXPECT_EQ(again.operation().operation_id(), op.operation_id());
  EXPECT_EQ(Numbers(c_states_), numbers);
}

TEST_F(ProcessingTest, ZeroAmountPolicy) {
  // Default: allowed like any other.
  EXPECT_EQ(Create(1, "e2e-operator", "0").send_state(), iv1::SEND_STATE_EN_ATTENTE);

  UpdateTenant([](iv1::Tenant& t) {
    t.set_zero_amount_policy(iv1::ZERO_AMOUNT_POLICY_KEEP_INTERNAL);
  });
  iv1::Invoice kept = Create(2, "e2e-operator", "0");
  EXPECT_EQ(kept.send_state(), iv1::SEND_STATE_CONSERVE_INTERNE);
  EXPECT_EQ(Create(3).send_state(), iv1::SEND_STATE_EN_ATTENTE);  // non-zero: unchanged

  UpdateTenant([](iv1::Tenant& t) { t.set_zero_amount_policy(iv1::ZERO_AMOUNT_POLICY_REFUSE); });
  iv1::Invoice refused;
  grpc::Status status = stack_.invoices().CreateInvoice(stack_.Context(token_).get(),
                                                        ManualInvoiceRequest(4, "0"), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("montant nul"));
  // The refusal took no number: the next invoice follows the kept one's.
  iv1::Invoice next = Create(5);
  EXPECT_EQ(next.sequence_value(), kept.sequence_value() + 2);
}

}  // namespace
}  // namespace factflow::e2e
