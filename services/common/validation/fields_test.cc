#include "validation/fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace factflow::validation {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(EchoTest, CapsAndKeepsOnlyPrintableAscii) {
  EXPECT_EQ(Echo("abc"), "« abc »");
  EXPECT_EQ(Echo("a\nb\x01"), "« a?b? »");
  std::string echoed = Echo(std::string(1 << 20, 'x'));
  EXPECT_LT(echoed.size(), kMaxEcho + 16);
  EXPECT_THAT(echoed, HasSubstr("…"));
}

TEST(TenantIdTest, StrictPattern) {
  for (const char* good : {"demo", "e2e-flow-1a2b3c4d", "a", "acme_2"}) {
    EXPECT_TRUE(IsValidTenantId(good)) << good;
  }
  for (const char* bad : {"", "../../../x", "/", "..", "Demo", "-x", "_x", "a/b", "a b", "é"}) {
    EXPECT_FALSE(IsValidTenantId(bad)) << bad;
    EXPECT_EQ(CheckTenantId(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(IsValidTenantId(std::string(64, 'a')));
  EXPECT_TRUE(IsValidTenantId(std::string(63, 'a')));
}

TEST(UuidTest, CanonicalFormOnly) {
  EXPECT_TRUE(IsUuid("0b6f1f0e-4c1e-4d5a-9a1e-1234567890ab"));
  EXPECT_FALSE(IsUuid("0b6f1f0e4c1e4d5a9a1e1234567890ab"));
  EXPECT_FALSE(IsUuid("'; DROP TABLE invoices; --"));
  absl::Status status = CheckUuid("invoice_id", std::string(1 << 20, 'z'));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("invoice_id"));
  EXPECT_LT(status.message().size(), 200u);
  EXPECT_TRUE(CheckUuid("batch_id", "", true).ok());
  EXPECT_FALSE(CheckUuid("batch_id", "").ok());
}

TEST(DateTest, CalendarDates) {
  EXPECT_TRUE(CheckDate("issue_date", "2024-02-29").ok());
  EXPECT_TRUE(CheckDate("from", "", true).ok());
  for (const char* bad : {"2023-02-29", "2024-13-01", "20240101", "2024-1-01", "99999-01-01",
                          "1899-12-31", "2024-01-32", "2024-01-0x"}) {
    EXPECT_EQ(CheckDate("issue_date", bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(TextTest, LengthAndEncoding) {
  EXPECT_TRUE(CheckText("name", "Société Générale", 100).ok());
  EXPECT_FALSE(CheckText("name", std::string(101, 'a'), 100).ok());
  EXPECT_FALSE(CheckText("name", "a\x01", 100).ok());
  EXPECT_FALSE(CheckText("name", "\xff\xfe", 100).ok());
  EXPECT_THAT(std::string(CheckText("name", "\xff", 100).message()), Not(HasSubstr("\xff")));
}

TEST(RangeTest, Bounds) {
  EXPECT_TRUE(CheckRange("batch_number", 5, 1, 10).ok());
  EXPECT_EQ(CheckRange("batch_number", 1LL << 62, 1, 10).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace factflow::validation
