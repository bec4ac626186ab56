#include "domain/excel_date.h"

#include <gtest/gtest.h>

namespace factflow::importer::domain {
namespace {

std::string Iso(double serial, bool date1904) {
  absl::StatusOr<CivilDateTime> date = ExcelSerialToCivil(serial, date1904);
  return date.ok() ? date->IsoDateTime() : std::string(date.status().message());
}

TEST(ExcelSerialToCivilTest, Converts1900SystemIncludingTheFictitiousLeapDay) {
  EXPECT_EQ(Iso(1, false), "1900-01-01T00:00:00");
  EXPECT_EQ(Iso(59, false), "1900-02-28T00:00:00");
  EXPECT_EQ(Iso(61, false), "1900-03-01T00:00:00");
  EXPECT_EQ(Iso(45000, false), "2023-03-15T00:00:00");
  EXPECT_EQ(Iso(46349.5, false), "2026-11-23T12:00:00");
  EXPECT_EQ(Iso(2958465, false), "9999-12-31T00:00:00");
  // Serial 60 is Excel's 1900-02-29, which never existed; 0 is a time without a date.
  EXPECT_FALSE(ExcelSerialToCivil(60, false).ok());
  EXPECT_FALSE(ExcelSerialToCivil(60.25, false).ok());
  EXPECT_FALSE(ExcelSerialToCivil(0.5, false).ok());
}

TEST(ExcelSerialToCivilTest, Converts1904System) {
  EXPECT_EQ(Iso(0, true), "1904-01-01T00:00:00");
  EXPECT_EQ(Iso(43538, true), "2023-03-15T00:00:00");  // 45000 in the 1900 system
  EXPECT_EQ(Iso(44887.5, true), "2026-11-23T12:00:00");
  EXPECT_FALSE(ExcelSerialToCivil(2958465, true).ok());  // beyond 9999-12-31
}

TEST(ExcelSerialToCivilTest, RoundsTheTimeToTheSecondAndFlagsIt) {
  absl::StatusOr<CivilDateTime> date = ExcelSerialToCivil(46347.48888888889, false);
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->IsoDateTime(), "2026-11-21T11:44:00");
  EXPECT_TRUE(date->has_time);
  EXPECT_FALSE(ExcelSerialToCivil(46347, false)->has_time);
  // 23:59:59.9 rounds to the next midnight.
  EXPECT_EQ(Iso(46346 + 86399.9 / 86400, false), "2026-11-21T00:00:00");
}

TEST(ExcelSerialToCivilTest, RefusesNegativeAndNonFiniteSerials) {
  EXPECT_EQ(ExcelSerialToCivil(-1, false).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(ExcelSerialToCivil(1.0 / 0.0, false).ok());
  EXPECT_FALSE(ExcelSerialToCivil(3e6, false).ok());
}

TEST(ParseTextDateTimeTest, ReadsFrenchDates) {
  std::optional<CivilDateTime> date = ParseTextDateTime(" 23/11/2026 ");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->IsoDate(), "2026-11-23");
  EXPECT_FALSE(date->has_time);
  EXPECT_EQ(ParseTextDateTime("1/2/2026")->IsoDate(), "2026-02-01");
  EXPECT_EQ(ParseTextDateTime("23-11-2026")->IsoDate(), "2026-11-23");
  EXPECT_EQ(ParseTextDateTime("23.11.2026")->IsoDate(), "2026-11-23");
  date = ParseTextDateTime("23/11/2026 14:05");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->IsoDateTime(), "2026-11-23T14:05:00");
  EXPECT_TRUE(date->has_time);
  EXPECT_EQ(ParseTextDateTime("23/11/2026 9:05:07")->IsoDateTime(), "2026-11-23T09:05:07");
}

TEST(ParseTextDateTimeTest, ReadsIsoDates) {
  EXPECT_EQ(ParseTextDateTime("2026-11-23")->IsoDate(), "2026-11-23");
  EXPECT_EQ(ParseTextDateTime("2026-11-23T14:05:09Z")->IsoDateTime(), "2026-11-23T14:05:09");
  EXPECT_EQ(ParseTextDateTime("2026-11-23 14:05")->IsoDateTime(), "2026-11-23T14:05:00");
  EXPECT_EQ(ParseTextDateTime("2026-11-23T14:05:09.250")->IsoDateTime(), "2026-11-23T14:05:09");
}

TEST(ParseTextDateTimeTest, RefusesWhatIsNotARealDate) {
  for (const char* text :
       {"", "abc", "31/02/2026", "29/02/2025", "23/11/26", "23/13/2026", "23/11-2026",
        "2026-11-23T25:00", "23/11/2026 14h05", "2026-1-2", "23/11/2026 14:05 extra", "46349"}) {
    EXPECT_FALSE(ParseTextDateTime(text).has_value()) << text;
  }
  EXPECT_TRUE(ParseTextDateTime("29/02/2028").has_value());
}

TEST(CivilDateTimeTest, FormatsInFrench) {
  EXPECT_EQ(ParseTextDateTime("2026-11-23")->French(), "23/11/2026");
  EXPECT_EQ(ParseTextDateTime("2026-11-23 08:05")->French(), "23/11/2026 08:05");
  EXPECT_EQ(ParseTextDateTime("2026-11-23 08:05:30")->French(), "23/11/2026 08:05:30");
}

}  // namespace
}  // namespace factflow::importer::domain
