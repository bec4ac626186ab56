// The CFONB LCR remittance records, field by field at the positions of the CFONB "remise LCR"
// layout (README "Bills of exchange"): expected values written by hand from the sample bills.
#include "domain/cfonb_lcr.h"

#include <gtest/gtest.h>

namespace factflow::invoicing::domain {
namespace {

// Field at 1-based position `from` to `to` inclusive, as the CFONB documents count.
std::string Field(const std::string& record, size_t from, size_t to) {
  return record.substr(from - 1, to - from + 1);
}

LcrRemitter Remitter() {
  return {"Atelier Dubois SAS", "Crédit Lyonnais Lyon", "FR76 3000 6000 0112 3456 7890 189",
          "REMISE-0001", "2026-12-02"};
}

LcrBill Bill() {
  return {"FA2026-000042", "Menuiserie Durand SARL", "Société Générale",
          "FR1420041010050500013M02606", *money::Decimal::Parse("1234.56"), "2027-01-31",
          "2026-12-02"};
}

TEST(CfonbLcr, HeaderRecord) {
  absl::StatusOr<std::string> header = LcrHeaderRecord(Remitter());
  ASSERT_TRUE(header.ok()) << header.status();
  ASSERT_EQ(header->size(), kCfonbRecordLength);
  EXPECT_EQ(Field(*header, 1, 2), "03");
  EXPECT_EQ(Field(*header, 3, 4), "60");
  EXPECT_EQ(Field(*header, 5, 12), "00000001");
  EXPECT_EQ(Field(*header, 25, 30), "021226");
  EXPECT_EQ(Field(*header, 31, 54), "ATELIER DUBOIS SAS      ");
  EXPECT_EQ(Field(*header, 55, 78), "CREDIT LYONNAIS LYON    ");
  EXPECT_EQ(Field(*header, 79, 79), "3");
  EXPECT_EQ(Field(*header, 81, 81), "E");
  EXPECT_EQ(Field(*header, 82, 86), "30006");
  EXPECT_EQ(Field(*header, 87, 91), "00001");
  EXPECT_EQ(Field(*header, 92, 102), "12345678901");
  EXPECT_EQ(Field(*header, 150, 160), "REMISE-0001");
}

TEST(CfonbLcr, DetailRecord) {
  absl::StatusOr<std::string> detail = LcrDetailRecord(Bill(), 2);
  ASSERT_TRUE(detail.ok()) << detail.status();
  ASSERT_EQ(detail->size(), kCfonbRecordLength);
  EXPECT_EQ(Field(*detail, 1, 4), "0660");
  EXPECT_EQ(Field(*detail, 5, 12), "00000002");
  EXPECT_EQ(Field(*detail, 13, 20), "        ");
  EXPECT_EQ(Field(*detail, 21, 30), "026-000042");  // the last 10 characters of the number
  EXPECT_EQ(Field(*detail, 31, 54), "MENUISERIE DURAND SARL  ");
  EXPECT_EQ(Field(*detail, 55, 78), "SOCIETE GENERALE        ");
  EXPECT_EQ(Field(*detail, 79, 79), "0");
  EXPECT_EQ(Field(*detail, 82, 86), "20041");
  EXPECT_EQ(Field(*detail, 87, 91), "01005");
  EXPECT_EQ(Field(*detail, 92, 102), "0500013M026");
  EXPECT_EQ(Field(*detail, 103, 114), "000000123456");
  EXPECT_EQ(Field(*detail, 119, 124), "310127");
  EXPECT_EQ(Field(*detail, 125, 130), "021226");
  EXPECT_EQ(Field(*detail, 151, 160), "026-000042");
}

TEST(CfonbLcr, TotalRecord) {
  absl::StatusOr<std::string> total = LcrTotalRecord(*money::Decimal::Parse("2469.12"), 4);
  ASSERT_TRUE(total.ok());
  ASSERT_EQ(total->size(), kCfonbRecordLength);
  EXPECT_EQ(Field(*total, 1, 12), "086000000004");
  EXPECT_EQ(Field(*total, 13, 102), std::string(90, ' '));
  EXPECT_EQ(Field(*total, 103, 114), "000000246912");
  EXPECT_EQ(Field(*total, 115, 160), std::string(46, ' '));
}

TEST(CfonbLcr, RefusalsNameTheInvoiceInFrench) {
  LcrBill foreign = Bill();
  foreign.drawee_iban = "DE89370400440532013000";
  absl::StatusOr<std::string> refused = LcrDetailRecord(foreign, 2);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(refused.status().message()).find("FA2026-000042"), std::string::npos);
  EXPECT_NE(std::string(refused.status().message()).find("IBAN français"), std::string::npos);

  LcrBill bad_key = Bill();
  bad_key.drawee_iban = "FR1520041010050500013M02606";
  EXPECT_NE(std::string(LcrDetailRecord(bad_key, 2).status().message()).find("clé de contrôle"),
            std::string::npos);

  LcrBill no_iban = Bill();
  no_iban.drawee_iban = "";
  EXPECT_NE(std::string(LcrDetailRecord(no_iban, 2).status().message()).find("IBAN absent"),
            std::string::npos);

  LcrBill zero = Bill();
  zero.amount = money::Decimal();
  EXPECT_FALSE(LcrDetailRecord(zero, 2).ok());
}

TEST(CfonbLcr, TextIsFoldedToUppercaseAscii) {
  EXPECT_EQ(CfonbText("Œuvres d'été & Cie", 20), "OEUVRES D'ETE   CIE ");
  EXPECT_EQ(CfonbText("abc", 2), "AB");
}

}  // namespace
}  // namespace factflow::invoicing::domain
