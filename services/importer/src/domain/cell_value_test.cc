#include "domain/cell_value.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::importer::domain {
namespace {

using money::Decimal;
using ::testing::Optional;

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

XlsxCell Number(std::string_view text) { return {0, XlsxCellType::kNumber, text}; }
XlsxCell Text(std::string_view text) { return {0, XlsxCellType::kSharedString, text}; }

TEST(PlainDecimalTextTest, RewritesScientificNotationWithoutFloatingPoint) {
  EXPECT_THAT(PlainDecimalText("19.99"), Optional(std::string("19.99")));
  EXPECT_THAT(PlainDecimalText("1.9990000000000001E1"),
              Optional(std::string("19.990000000000001")));
  EXPECT_THAT(PlainDecimalText("9.782070368228E12"), Optional(std::string("9782070368228")));
  EXPECT_THAT(PlainDecimalText("-5E-3"), Optional(std::string("-0.005")));
  EXPECT_THAT(PlainDecimalText("1.5e+2"), Optional(std::string("150")));
  EXPECT_THAT(PlainDecimalText("3.0"), Optional(std::string("3")));
  EXPECT_THAT(PlainDecimalText("007.50"), Optional(std::string("7.5")));
  EXPECT_THAT(PlainDecimalText(".5"), Optional(std::string("0.5")));
  EXPECT_THAT(PlainDecimalText("-0"), Optional(std::string("0")));
  EXPECT_THAT(PlainDecimalText("1E-50"), Optional(std::string("0")));
  for (const char* bad : {"", "abc", "1,5", "1e", "1e+", "--1", "1.2.3", "1e999", "NaN", "."}) {
    EXPECT_EQ(PlainDecimalText(bad), std::nullopt) << bad;
  }
}

TEST(DecimalFromNumberTextTest, KeepsTheExactValueRoundedToFourDecimals) {
  EXPECT_THAT(DecimalFromNumberText("19.99"), Optional(D("19.99")));
  EXPECT_THAT(DecimalFromNumberText("1.9990000000000001E1"), Optional(D("19.99")));
  EXPECT_THAT(DecimalFromNumberText("19.989999999999998"), Optional(D("19.99")));
  EXPECT_THAT(DecimalFromNumberText("0.12345"), Optional(D("0.1235")));  // half away from zero
  EXPECT_THAT(DecimalFromNumberText("-0.12345"), Optional(D("-0.1235")));
  EXPECT_THAT(DecimalFromNumberText("0.123449999999999999999999"), Optional(D("0.1234")));
  EXPECT_THAT(DecimalFromNumberText("5E-5"), Optional(D("0.0001")));
  EXPECT_EQ(DecimalFromNumberText("1E20"), std::nullopt);   // beyond Decimal's range
  EXPECT_EQ(DecimalFromNumberText("19,99"), std::nullopt);  // not how numbers are stored
}

TEST(CellDecimalTest, ReadsNumbersExactlyAndTextLeniently) {
  EXPECT_THAT(CellDecimal(Number("4.99")), Optional(D("4.99")));
  EXPECT_THAT(CellDecimal(Text("19,99 €")), Optional(D("19.99")));
  EXPECT_THAT(CellDecimal(Text("1 234,50")), Optional(D("1234.50")));
  EXPECT_THAT(CellDecimal(Text(" 2 ")), Optional(D("2")));
  EXPECT_EQ(CellDecimal(Text("deux")), std::nullopt);
  EXPECT_EQ(CellDecimal({0, XlsxCellType::kBoolean, "1"}), std::nullopt);
  EXPECT_EQ(CellDecimal({0, XlsxCellType::kError, "#N/A"}), std::nullopt);
}

TEST(CellDateTimeTest, ReadsSerialsInTheWorkbookSystemAndText) {
  EXPECT_EQ(CellDateTime(Number("46349.5"), false)->IsoDateTime(), "2026-11-23T12:00:00");
  EXPECT_EQ(CellDateTime(Number("44887.5"), true)->IsoDateTime(), "2026-11-23T12:00:00");
  EXPECT_EQ(CellDateTime(Text("23/11/2026 14:05"), false)->IsoDateTime(), "2026-11-23T14:05:00");
  EXPECT_EQ(CellDateTime({0, XlsxCellType::kDate, "2026-11-23T14:05:00"}, false)->IsoDate(),
            "2026-11-23");
  EXPECT_EQ(CellDateTime(Number("60"), false), std::nullopt);
  EXPECT_EQ(CellDateTime(Text("demain"), false), std::nullopt);
  EXPECT_EQ(CellDateTime({0, XlsxCellType::kBoolean, "1"}, false), std::nullopt);
}

TEST(CellTextTest, ShowsWhatTheUserWrote) {
  EXPECT_EQ(CellText(Number("9.782070368228E12")), "9782070368228");
  EXPECT_EQ(CellText(Number("1")), "1");
  EXPECT_EQ(CellText(Text("  Neuf ")), "Neuf");
  EXPECT_EQ(CellText({0, XlsxCellType::kBoolean, "1"}), "VRAI");
  EXPECT_EQ(CellText({0, XlsxCellType::kBoolean, "0"}), "FAUX");
  EXPECT_EQ(CellText({0, XlsxCellType::kError, "#N/A"}), "#N/A");
}

}  // namespace
}  // namespace factflow::importer::domain
