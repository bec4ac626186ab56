#include "money/decimal.h"

#include <gtest/gtest.h>

#include <limits>

namespace factflow::money {
namespace {

Decimal D(std::string_view s) { return *Decimal::Parse(s); }

TEST(DecimalTest, ParsesCanonicalText) {
  EXPECT_EQ(Decimal::Parse("19.99")->raw(), 199900);
  EXPECT_EQ(Decimal::Parse("-0.5")->raw(), -5000);
  EXPECT_EQ(Decimal::Parse("12")->raw(), 120000);
  EXPECT_FALSE(Decimal::Parse("12,5").has_value());
  EXPECT_FALSE(Decimal::Parse("1.23456").has_value());
  EXPECT_FALSE(Decimal::Parse("").has_value());
  EXPECT_FALSE(Decimal::Parse("abc").has_value());
  EXPECT_FALSE(Decimal::Parse("99999999999999999999").has_value());
}

TEST(DecimalTest, ParsesSpreadsheetAmounts) {
  EXPECT_EQ(*Decimal::ParseLenient("1 234,50 \xE2\x82\xAC"), D("1234.50"));
  EXPECT_EQ(*Decimal::ParseLenient("\xE2\x82\xAC 19.99"), D("19.99"));
  EXPECT_EQ(*Decimal::ParseLenient("1.234,5"), D("1234.5"));
  EXPECT_EQ(*Decimal::ParseLenient("1,234.5"), D("1234.5"));
  EXPECT_EQ(*Decimal::ParseLenient("5,5 %"), D("5.5"));
  EXPECT_EQ(*Decimal::ParseLenient("1\xC2\xA0"
                                   "000,00"),
            D("1000"));
  EXPECT_EQ(*Decimal::ParseLenient("0.123456"), D("0.1235"));
  EXPECT_FALSE(Decimal::ParseLenient("12 abc").has_value());
  EXPECT_FALSE(Decimal::ParseLenient("").has_value());
}

TEST(DecimalTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(D("2.345").RoundedToCents(), D("2.35"));
  EXPECT_EQ(D("-2.345").RoundedToCents(), D("-2.35"));
  EXPECT_EQ(D("2.3449").RoundedToCents(), D("2.34"));
  EXPECT_EQ(D("2.5").Rounded(0), D("3"));
}

TEST(DecimalTest, FormatsForXmlAndForFrenchReaders) {
  EXPECT_EQ(D("1234.5").ToString(2), "1234.50");
  EXPECT_EQ(D("-0.05").ToString(2), "-0.05");
  EXPECT_EQ(D("7").ToString(0), "7");
  EXPECT_EQ(D("1234567.891").ToFrench(2),
            "1\xC2\xA0"
            "234\xC2\xA0"
            "567,89");
  EXPECT_EQ(D("-12.5").ToFrench(2), "-12,50");
}

TEST(DecimalTest, MultipliesAndDividesWithOneRounding) {
  EXPECT_EQ(D("19.99") * D("3"), D("59.97"));
  EXPECT_EQ(D("0.0001") * D("0.5"), D("0.0001"));
  EXPECT_EQ(D("59.97").DividedBy(D("1.2"), 2), D("49.98"));  // 49.975 -> 49.98
  EXPECT_EQ(D("10").DividedBy(D("3")), D("3.3333"));
  EXPECT_THROW(D("1").DividedBy(Decimal()), std::domain_error);
  EXPECT_EQ(D("1.10") + D("2.20"), D("3.30"));
  EXPECT_EQ(D("1.10") - D("2.20"), D("-1.10"));
}

TEST(DecimalTest, DetectsOverflow) {
  Decimal big = Decimal::FromUnits(900'000'000'000);
  EXPECT_THROW(big * big, std::overflow_error);
  Decimal near_max = Decimal::FromRaw(std::numeric_limits<int64_t>::max() - 1);
  EXPECT_THROW(near_max + Decimal::FromRaw(2), std::overflow_error);
}

}  // namespace
}  // namespace factflow::money
