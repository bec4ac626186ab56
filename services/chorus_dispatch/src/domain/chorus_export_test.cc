#include "domain/chorus_export.h"

#include <gtest/gtest.h>

namespace factflow::dispatch::domain {
namespace {

TEST(ChorusExportTest, SyntaxesAndTheirFlux) {
  EXPECT_EQ(*ParseChorusSyntax(""), ChorusSyntax::kFacturX);
  EXPECT_EQ(*ParseChorusSyntax("factur-x"), ChorusSyntax::kFacturX);
  EXPECT_EQ(*ParseChorusSyntax("cii"), ChorusSyntax::kCii);
  EXPECT_EQ(ChorusSyntaxFlux(ChorusSyntax::kCii), "IN_DP_E1_CII_16B");
  EXPECT_EQ(ChorusSyntaxFlux(ChorusSyntax::kFacturX), "IN_DP_E2_CII_FACTURX");
  absl::StatusOr<ChorusSyntax> bad = ParseChorusSyntax("pdf");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("FACTURX ou CII"), std::string_view::npos);
}

TEST(ChorusExportTest, FileNamesAreSafeAndAtMostFiftyCharacters) {
  EXPECT_EQ(*ChorusFileName("FA2026-000042", ChorusSyntax::kFacturX), "FA2026-000042.pdf");
  EXPECT_EQ(*ChorusFileName("FA/26/7", ChorusSyntax::kCii), "FA_26_7.xml");
  EXPECT_EQ(*ChorusFileName("../../etc", ChorusSyntax::kCii), "______etc.xml");
  EXPECT_TRUE(ChorusFileName(std::string(46, 'A'), ChorusSyntax::kCii).ok());  // 50 with .xml
  absl::StatusOr<std::string> long_name =
      ChorusFileName(std::string(47, 'A'), ChorusSyntax::kCii);
  ASSERT_FALSE(long_name.ok());
  EXPECT_NE(long_name.status().message().find("51 caractères"), std::string_view::npos);
}

TEST(ChorusExportTest, LotsAreCutAtTheByteAndFileLimits) {
  LotCutter cutter({.max_lot_bytes = 100, .max_file_bytes = 60, .max_lot_files = 3});
  EXPECT_TRUE(cutter.TooLarge(61));
  EXPECT_FALSE(cutter.Add(60));  // first file never cuts
  EXPECT_FALSE(cutter.Add(40));  // exactly 100
  EXPECT_TRUE(cutter.Add(1));    // 101 would overflow: new lot
  EXPECT_EQ(cutter.bytes(), 1);
  EXPECT_FALSE(cutter.Add(1));
  EXPECT_FALSE(cutter.Add(1));
  EXPECT_TRUE(cutter.Add(1));  // a fourth file: new lot
  EXPECT_EQ(cutter.files(), 1);
}

}  // namespace
}  // namespace factflow::dispatch::domain
