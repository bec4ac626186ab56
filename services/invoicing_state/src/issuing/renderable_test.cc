#include "issuing/renderable.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::invoicing {
namespace {

using ::testing::HasSubstr;

TEST(CheckRenderableTest, RefusesAmountsBeyondTheDecimalRange) {
  v1::Invoice invoice;
  invoice.set_number("FA2026-000001");
  invoice.mutable_total_with_vat()->set_value("99999999999999999999.00");
  absl::Status status = CheckRenderable(invoice);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("FA2026-000001"));
  EXPECT_THAT(status.message(), HasSubstr("montants hors limites ou incohérents"));
  EXPECT_LT(status.message().size(), 400u);
}

TEST(CheckRenderableTest, RefusesAnInconsistentInvoice) {
  v1::Invoice invoice;  // no seller, no lines, no totals
  invoice.set_number("FA2026-000002");
  EXPECT_EQ(CheckRenderable(invoice).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace factflow::invoicing
