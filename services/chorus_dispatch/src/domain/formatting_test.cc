#include "domain/formatting.h"

#include <gtest/gtest.h>

#include "domain/testing/sample_invoices.h"

namespace factflow::dispatch::domain {
namespace {

using testing::D;

TEST(FormattingTest, TrimsDecimalsDownToTheMinimum) {
  EXPECT_EQ(TrimmedDecimal(D("2.5"), 0), "2.5");
  EXPECT_EQ(TrimmedDecimal(D("30"), 0), "30");
  EXPECT_EQ(TrimmedDecimal(D("7.4917"), 2), "7.4917");
  EXPECT_EQ(TrimmedDecimal(D("9.9"), 2), "9.90");
  EXPECT_EQ(TrimmedDecimal(D("5.50"), 0), "5.5");
  EXPECT_EQ(TrimmedFrench(D("1234.5"), 0),
            "1\xC2\xA0"
            "234,5");
}

TEST(FormattingTest, WritesFrenchAmounts) {
  EXPECT_EQ(FrenchAmount(D("1560.25")),
            "1\xC2\xA0"
            "560,25 €");
  EXPECT_EQ(FrenchAmount(D("-3")), "-3,00 €");
}

TEST(FormattingTest, ValidatesAndConvertsIsoDates) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2024-13-01"));
  EXPECT_FALSE(IsIsoDate("15/01/2024"));
  EXPECT_FALSE(IsIsoDate("2024-1-15"));
  EXPECT_FALSE(IsIsoDate(""));
  EXPECT_EQ(IsoDateToFormat102("2024-01-15"), "20240115");
  EXPECT_EQ(IsoDateToFrench("2024-01-15"), "15/01/2024");
}

TEST(FormattingTest, PrintableTextIsValidUtf8WithoutControlCharacters) {
  EXPECT_TRUE(IsPrintableText(""));
  EXPECT_TRUE(IsPrintableText("Librairie des Écoles — « 5,5 % » 😀\tfin\r\n"));
  EXPECT_FALSE(IsPrintableText("\xad'/\xec"));              // stray continuation and lead bytes
  EXPECT_FALSE(IsPrintableText("abc\xc3"));                  // truncated sequence
  EXPECT_FALSE(IsPrintableText("\xc0\xaf"));                // overlong '/'
  EXPECT_FALSE(IsPrintableText("\xed\xa0\x80"));            // UTF-16 surrogate
  EXPECT_FALSE(IsPrintableText(std::string("a\0b", 3)));    // NUL
  EXPECT_FALSE(IsPrintableText("a\x19" "b"));                   // C0 control
  EXPECT_FALSE(IsPrintableText("a\xc2\x85" "b"));               // C1 control (NEL)
  EXPECT_FALSE(IsPrintableText("\xef\xbf\xbe"));            // U+FFFE
}

}  // namespace
}  // namespace factflow::dispatch::domain
