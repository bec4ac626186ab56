#include "money/decimal_wire.h"

#include <gtest/gtest.h>

namespace factflow::money {
namespace {

TEST(DecimalWireTest, WritesCanonicalTextAndReadsItBack) {
  Decimal amount = *Decimal::Parse("1234.5");
  EXPECT_EQ(ToWire(amount).value(), "1234.50");
  EXPECT_EQ(ToWire(amount, 4).value(), "1234.5000");
  EXPECT_EQ(FromWire(ToWire(amount)), amount);
}

TEST(DecimalWireTest, RefusesWhatIsNotACanonicalDecimal) {
  common::v1::Decimal text;
  text.set_value("12,50");
  EXPECT_FALSE(FromWire(text).has_value());
  text.set_value("");
  EXPECT_FALSE(FromWire(text).has_value());
}

}  // namespace
}  // namespace factflow::money
