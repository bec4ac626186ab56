#include "identifiers/french_company_ids.h"

#include <gtest/gtest.h>

namespace factflow::identifiers {
namespace {

// Expected values worked out by hand (and public registry examples).
TEST(LuhnTest, KnownSirenAndSiret) {
  EXPECT_TRUE(IsLuhnValid("732829320"));
  EXPECT_FALSE(IsLuhnValid("732829321"));
  EXPECT_EQ(LuhnCheckDigit("73282932"), 0);
  EXPECT_EQ(LuhnCheckDigit("81234567"), 6);
  EXPECT_FALSE(IsLuhnValid(""));
  EXPECT_FALSE(IsLuhnValid("7328 9320"));
}

TEST(SirenSiretTest, ChecksLengthKeyAndPrefix) {
  EXPECT_TRUE(IsValidSiren("732829320"));
  EXPECT_FALSE(IsValidSiren("73282932"));
  EXPECT_TRUE(IsValidSiret("73282932000074"));
  EXPECT_TRUE(IsValidSiret("73282932000074", "732829320"));
  EXPECT_FALSE(IsValidSiret("73282932000074", "812345676"));
  EXPECT_FALSE(IsValidSiret("73282932000075"));
}

TEST(FrenchVatNumberTest, KeyIsTwelvePlusThreeTimesSirenModulo97) {
  // 732829320 mod 97 = 43, (12 + 3 x 43) mod 97 = 44 -> FR44.
  EXPECT_EQ(FrenchVatNumber("732829320"), "FR44732829320");
  EXPECT_EQ(FrenchVatNumber("812345676"), "FR19812345676");
}

}  // namespace
}  // namespace factflow::identifiers
