// The zero-amount policy: only a zero total is concerned; refused, kept internal or allowed.
#include "domain/zero_amount.h"

#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

const money::Decimal kZero;
const money::Decimal kCent = money::Decimal::FromCents(1);

TEST(ZeroAmount, OnlyZeroTotalsAreConcerned) {
  for (ZeroAmountPolicy policy :
       {ZeroAmountPolicy::kAllow, ZeroAmountPolicy::kRefuse, ZeroAmountPolicy::kKeepInternal}) {
    EXPECT_EQ(*InitialState(policy, kCent), SendState::kEnAttente);
    EXPECT_EQ(*InitialState(policy, -kCent), SendState::kEnAttente);
  }
}

TEST(ZeroAmount, EachPolicy) {
  EXPECT_EQ(*InitialState(ZeroAmountPolicy::kAllow, kZero), SendState::kEnAttente);
  EXPECT_EQ(*InitialState(ZeroAmountPolicy::kKeepInternal, kZero), SendState::kConserveInterne);
  absl::StatusOr<SendState> refused = InitialState(ZeroAmountPolicy::kRefuse, kZero);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(refused.status().message()).find("montant nul"), std::string::npos);
}

}  // namespace
}  // namespace factflow::invoicing::domain
