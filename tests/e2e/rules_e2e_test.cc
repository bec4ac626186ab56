// End to end: the rule engine judges every invoice PREPARE (and SEND) moves. An invoice that
// breaks a blocking rule stays EN_ATTENTE, refused with the rule's id and French message, and
// CheckInvoice shows the same verdict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e/flow_fixture.h"

namespace factflow::e2e {
namespace {

using ::testing::HasSubstr;

class RulesTest : public FlowTest {
 protected:
  iv1::CheckInvoiceResponse Check(const std::string& number) {
    iv1::CheckInvoiceRequest request;
    request.set_number(number);
    iv1::CheckInvoiceResponse response;
    grpc::Status status =
        stack_.invoices().CheckInvoice(stack_.Context(token_).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  void SetFranchise(bool under_franchise) {
    iv1::Tenant tenant;
    ASSERT_TRUE(stack_.tenants()
                    .GetTenant(stack_.Context(token_).get(), iv1::GetTenantRequest(), &tenant)
                    .ok());
    tenant.mutable_legal_mentions()->set_vat_exempt_293b(under_franchise);
    iv1::Tenant updated;
    grpc::Status status =
        stack_.tenants().UpdateTenant(stack_.Context(token_).get(), tenant, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static bool HasBlocking(const iv1::CheckInvoiceResponse& verdict, const std::string& id) {
    for (const auto& finding : verdict.findings()) {
      if (finding.rule_id() == id && finding.blocking()) return true;
    }
    return false;
  }
};

TEST_F(RulesTest, ABlockingRuleStopsPrepareAndCheckInvoiceSaysWhy) {
  CreateTenant(UniqueTenant("e2e-rules"));
  GeneratedExport file = GenerateFnacExport(6, 0, 4242);
  mv1::Batch batch = Upload(file);
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  const int total = file.valid_orders;
  ASSERT_EQ(static_cast<int>(invoices.size()), total);

  // As generated, the invoices pass (warnings allowed).
  iv1::CheckInvoiceResponse fresh = Check(invoices[0].number());
  EXPECT_TRUE(fresh.passes()) << fresh.ShortDebugString();
  EXPECT_EQ(fresh.number(), invoices[0].number());
  EXPECT_GT(fresh.rules_checked(), 80);

  // The tenant now declares the franchise en base: invoices at 20 % break BR-FR-293B.
  SetFranchise(true);
  iv1::CheckInvoiceResponse broken = Check(invoices[0].number());
  EXPECT_FALSE(broken.passes());
  EXPECT_TRUE(HasBlocking(broken, "BR-FR-293B")) << broken.ShortDebugString();

  iv1::Operation refused = Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  EXPECT_EQ(refused.done(), 0);
  EXPECT_EQ(refused.refused(), total);
  ASSERT_GE(refused.refusals_size(), 1);
  EXPECT_THAT(refused.refusals(0).reason(), HasSubstr("[BR-FR-293B] bloquant"));
  EXPECT_THAT(refused.refusals(0).reason(), HasSubstr("TVA non applicable, art. 293 B du CGI"));
  for (const auto& invoice : Invoices(batch.batch_id())) {
    EXPECT_EQ(invoice.send_state(), iv1::SEND_STATE_EN_ATTENTE) << invoice.number();
  }

  // Back under the normal regime, the same invoices are prepared.
  SetFranchise(false);
  iv1::Operation prepared = Act(iv1::INVOICE_ACTION_PREPARE, batch.batch_id());
  EXPECT_EQ(prepared.done(), total);
  EXPECT_EQ(prepared.refused(), 0);
}

}  // namespace
}  // namespace factflow::e2e
