// The Chorus Pro export anomalies of seed 003 (CHORUS-09..13) and the split of the commitment
// number from the purchase order number (CHORUS-04/05/11).
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/rule_engine.h"

namespace factflow::rules {
namespace {

using ::testing::Contains;
using ::testing::Not;

std::set<std::string> Ids(const Invoice& invoice) {
  std::set<std::string> ids;
  for (const Finding& finding : Check(invoice).findings) ids.emplace(finding.rule->id);
  return ids;
}

// Only the fields the Chorus export rules read; the other families' findings are ignored.
Invoice ChorusDocument() {
  Invoice inv;
  inv.chorus.destined = true;
  inv.buyer.address.country_code = "FR";
  inv.buyer.siret = "73282932000074";
  inv.total_with_vat = *Decimal::Parse("120.00");
  inv.amount_due = inv.total_with_vat;
  return inv;
}

TEST(ChorusExportRules, TheSeedsFiveAnomalies) {
  Invoice inv = ChorusDocument();
  for (const char* id : {"CHORUS-01", "CHORUS-08", "CHORUS-09", "CHORUS-10", "CHORUS-11"}) {
    EXPECT_THAT(Ids(inv), Not(Contains(id)));
  }
  inv.buyer.address.country_code.clear();
  EXPECT_THAT(Ids(inv), Contains("CHORUS-09"));  // billing country
  inv.buyer.siret.clear();
  EXPECT_THAT(Ids(inv), Contains("CHORUS-01"));  // billing SIRET
  inv.has_delivery_address = true;
  EXPECT_THAT(Ids(inv), Contains("CHORUS-08"));  // delivery country
  EXPECT_THAT(Ids(inv), Contains("CHORUS-10"));  // delivery SIRET
  inv.delivery_address.country_code = "FR";
  inv.delivery_siret = "73282932000075";         // bad Luhn key
  EXPECT_THAT(Ids(inv), Contains("CHORUS-10"));
  inv.delivery_siret = "73282932000074";
  EXPECT_THAT(Ids(inv), Not(Contains("CHORUS-08")));
  EXPECT_THAT(Ids(inv), Not(Contains("CHORUS-10")));
  inv.commitment_number = "EJ-1";
  EXPECT_THAT(Ids(inv), Not(Contains("CHORUS-11")));
  inv.purchase_order_reference = "BC-1";
  EXPECT_THAT(Ids(inv), Contains("CHORUS-11"));  // both filled
}

TEST(ChorusExportRules, CommitmentNumberIsItsOwnField) {
  Invoice inv = ChorusDocument();
  inv.chorus.commitment_required = true;
  inv.purchase_order_reference = "BC-2026-7";  // a purchase order is not a commitment
  EXPECT_THAT(Ids(inv), Contains("CHORUS-04"));
  inv.purchase_order_reference.clear();
  inv.commitment_number = std::string(51, '9');
  EXPECT_THAT(Ids(inv), Not(Contains("CHORUS-04")));
  EXPECT_THAT(Ids(inv), Contains("CHORUS-05"));
  inv.commitment_number.resize(50);
  EXPECT_THAT(Ids(inv), Not(Contains("CHORUS-05")));
}

TEST(ChorusExportRules, AmountsChorusRejects) {
  Invoice inv = ChorusDocument();
  inv.total_with_vat = Decimal();
  inv.amount_due = *Decimal::Parse("-1.00");
  EXPECT_THAT(Ids(inv), Contains("CHORUS-12"));
  EXPECT_THAT(Ids(inv), Contains("CHORUS-13"));
  inv.chorus.destined = false;  // not for Chorus Pro: none of its rules apply
  EXPECT_THAT(Ids(inv), Not(Contains("CHORUS-12")));
}

}  // namespace
}  // namespace factflow::rules
