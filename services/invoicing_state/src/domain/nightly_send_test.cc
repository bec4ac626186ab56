// The month-end rule: the last day of each month (leap years), N days, disabled by default.
#include "domain/nightly_send.h"

#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

TEST(NightlySend, DisabledByDefault) {
  NightlyDecision decision = DecideNight(NightlyRule(), absl::CivilDay(2026, 11, 30));
  EXPECT_FALSE(decision.runs);
  EXPECT_NE(decision.why_not.find("pas activé"), std::string::npos);
}

TEST(NightlySend, OnlyTheLastDayOfTheMonth) {
  const NightlyRule rule{true, 5};
  EXPECT_TRUE(DecideNight(rule, absl::CivilDay(2026, 11, 30)).runs);
  EXPECT_TRUE(DecideNight(rule, absl::CivilDay(2026, 12, 31)).runs);
  EXPECT_TRUE(DecideNight(rule, absl::CivilDay(2028, 2, 29)).runs);   // leap year
  EXPECT_FALSE(DecideNight(rule, absl::CivilDay(2028, 2, 28)).runs);
  EXPECT_TRUE(DecideNight(rule, absl::CivilDay(2027, 2, 28)).runs);
  NightlyDecision early = DecideNight(rule, absl::CivilDay(2026, 11, 29));
  EXPECT_FALSE(early.runs);
  EXPECT_NE(early.why_not.find("30/11/2026"), std::string::npos);
}

TEST(NightlySend, CreatedAtLeastNDaysBefore) {
  const NightlyRule rule{true, 5};
  const absl::CivilDay night(2026, 11, 30);
  EXPECT_EQ(DecideNight(rule, night).created_on_or_before, absl::CivilDay(2026, 11, 25));
  EXPECT_FALSE(HoldReason(rule, night, absl::CivilDay(2026, 11, 25)).has_value());
  EXPECT_FALSE(HoldReason(rule, night, absl::CivilDay(2026, 10, 2)).has_value());
  std::optional<std::string> held = HoldReason(rule, night, absl::CivilDay(2026, 11, 26));
  ASSERT_TRUE(held.has_value());
  EXPECT_NE(held->find("créée le 26/11/2026, moins de 5 jours"), std::string::npos) << *held;
  // N = 0: everything ready on the night is sent.
  EXPECT_FALSE(HoldReason({true, 0}, night, night).has_value());
}

}  // namespace
}  // namespace factflow::invoicing::domain
