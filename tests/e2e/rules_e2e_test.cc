// End to end: the rule engine judges every invoice PREPARE (and SEND) moves. An invoice that
// breaks a blocking rule stays EN_ATTENTE, refused with the rule's id and French message, and
// CheckInvoice shows the same verdict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "e2e/flow_fixture.h"
#include "money/decimal_wire.h"

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

// E-reporting: the month's report of a realistic marketplace batch (consumers, some companies,
// buyers abroad) reconciles to the cent, per day and rate, with the invoices themselves.
TEST_F(RulesTest, EReportingReconcilesToTheCentWithTheInvoicesOfThePeriod) {
  CreateTenant(UniqueTenant("e2e-ereporting"));
  GeneratedExport file = GenerateFnacExport(2000, 0, 4343);
  mv1::Batch batch = Upload(file);
  Generate(batch.batch_id());
  WaitGenerated(batch.batch_id());
  std::vector<iv1::Invoice> invoices = Invoices(batch.batch_id());
  ASSERT_EQ(static_cast<int>(invoices.size()), file.valid_orders);
  const std::string period = invoices[0].issue_date().substr(0, 7);

  // What the report must say, from the invoices: a French business (legal identifier or form)
  // is e-invoiced, everything else is reported, per (day, rate).
  using money::Decimal;
  std::map<std::pair<std::string, std::string>, std::pair<Decimal, Decimal>> expected;
  Decimal base;
  Decimal vat;
  int64_t reported = 0;
  for (const iv1::Invoice& invoice : invoices) {
    ASSERT_EQ(invoice.issue_date().substr(0, 7), period);
    const iv1::Party& buyer = invoice.buyer();
    bool business = !buyer.siren().empty() || !buyer.siret().empty() ||
                    !buyer.vat_number().empty() || !buyer.legal_form().empty();
    if (business && buyer.address().country_code() == "FR") continue;
    ++reported;
    for (const iv1::VatBreakdown& group : invoice.vat_breakdown()) {
      auto& [day_base, day_vat] =
          expected[{invoice.issue_date(), money::FromWire(group.vat_rate())->ToString(2)}];
      day_base += *money::FromWire(group.basis());
      day_vat += *money::FromWire(group.vat_amount());
      base += *money::FromWire(group.basis());
      vat += *money::FromWire(group.vat_amount());
    }
  }

  iv1::ExportEReportingRequest request;
  request.set_period(period);
  iv1::EReportingReport report;
  grpc::Status status =
      stack_.invoices().ExportEReporting(stack_.Context(token_).get(), request, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.format(), "factflow-ereporting/1");
  EXPECT_EQ(report.reported_documents(), reported);
  EXPECT_EQ(report.reported_documents() + report.excluded_documents(),
            static_cast<int64_t>(invoices.size()));
  EXPECT_EQ(*money::FromWire(report.total_taxable_base()), base);
  EXPECT_EQ(*money::FromWire(report.total_vat()), vat);
  std::map<std::pair<std::string, std::string>, std::pair<Decimal, Decimal>> got;
  for (const iv1::EReportingTransaction& t : report.transactions()) {
    auto& [day_base, day_vat] = got[{t.date(), money::FromWire(t.vat_rate())->ToString(2)}];
    day_base += *money::FromWire(t.taxable_base());
    day_vat += *money::FromWire(t.vat_amount());
    EXPECT_GT(t.operations(), 0);
  }
  EXPECT_EQ(got, expected);

  // A period that is not a month is refused in French.
  request.set_period("2026-13");
  status = stack_.invoices().ExportEReporting(stack_.Context(token_).get(), request, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("n'est pas un mois AAAA-MM"));
}

}  // namespace
}  // namespace factflow::e2e
