// The reform rules (reform_rules.cc) and the dated EU rate table (eu_vat_rates.cc).
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/eu_vat_rates.h"
#include "rules/rule_engine.h"

namespace factflow::rules {
namespace {

using ::testing::Contains;
using ::testing::Not;

Decimal D(const char* text) { return *Decimal::Parse(text); }

std::set<std::string> Ids(const Verdict& verdict) {
  std::set<std::string> ids;
  for (const Finding& finding : verdict.findings) ids.emplace(finding.rule->id);
  return ids;
}

// A consumer in Brussels buying a book (6 %) and a game (21 %) under the OSS, net 100 each.
Invoice OssSale() {
  Invoice inv;
  inv.number = "FA2026-000010";
  inv.issue_date = "2026-11-30";
  inv.due_date = "2026-11-30";
  inv.seller.name = "Librairie du Marais";
  inv.seller.legal_form = "SAS";
  inv.seller.siren = "732829320";
  inv.seller.vat_number = "FR44732829320";
  inv.seller.electronic_address = "732829320";
  inv.seller.electronic_address_scheme = "0225";
  inv.seller.address = {"12 rue des Archives", "", "", "75004", "Paris", "FR"};
  inv.seller_legal.registration = "RCS Paris 732 829 320";
  inv.buyer.name = "Camille Martin";
  inv.buyer.address = {"Rue Neuve 1", "", "", "1000", "Bruxelles", "BE"};
  inv.operation_category = "B2";
  inv.oss_country = "BE";
  inv.oss_above_threshold = true;
  inv.lines.push_back({1, "Livre", D("1"), "C62", D("100"), D("100"), "S", D("6")});
  inv.lines.push_back({2, "Jeu", D("1"), "C62", D("100"), D("100"), "S", D("21")});
  inv.vat_breakdown.push_back({"S", D("6"), D("100"), D("6.00"), "", ""});
  inv.vat_breakdown.push_back({"S", D("21"), D("100"), D("21.00"), "", ""});
  inv.total_net = D("200");
  inv.total_vat = D("27.00");
  inv.total_with_vat = inv.amount_due = D("227.00");
  return inv;
}

TEST(EuVatRates, RatesAreDatedAndFranceIsNotAnOssCountry) {
  EXPECT_EQ(EuRatesOn("BE", "2026-11-30")->standard, D("21"));
  EXPECT_EQ(OssRate("BE", "2026-11-30", D("5.5")), D("6"));
  EXPECT_EQ(OssRate("DE", "2026-11-30", D("20")), D("19"));
  EXPECT_EQ(OssRate("EL", "2026-11-30", D("20")), D("24"));  // Greece by its VAT prefix.
  EXPECT_EQ(EuRatesOn("EE", "2025-06-30")->standard, D("22"));
  EXPECT_EQ(EuRatesOn("EE", "2025-07-01")->standard, D("24"));
  EXPECT_EQ(EuRatesOn("FI", "2026-01-01")->standard, D("25.5"));
  EXPECT_FALSE(EuRatesOn("FR", "2026-11-30").has_value());
  EXPECT_FALSE(EuRatesOn("CH", "2026-11-30").has_value());
  EXPECT_FALSE(OssRate("BE", "2015-12-31", D("20")).has_value());
}

TEST(ReformRules, OssSaleAtTheDestinationRatesPasses) {
  Verdict verdict = Check(OssSale());
  EXPECT_FALSE(verdict.blocking()) << verdict.BlockingText();
  EXPECT_THAT(Ids(verdict), Not(Contains("BR-FR-TAUX")));
}

TEST(ReformRules, OssRateMustBeTheDestinationOne) {
  Invoice inv = OssSale();
  inv.lines[1].vat_rate = D("20");
  inv.vat_breakdown[1] = {"S", D("20"), D("100"), D("20.00"), "", ""};
  inv.total_vat = D("26.00");
  inv.total_with_vat = inv.amount_due = D("226.00");
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-FR-OSS-TAUX"));
  EXPECT_NE(Check(inv).BlockingText().find("ligne 2 : 20.00 % pour BE"), std::string::npos);
}

TEST(ReformRules, OssOnlyForAConsumerDeliveredInThatCountry) {
  Invoice business = OssSale();
  business.buyer_kind = BuyerKind::kBusiness;
  EXPECT_THAT(Ids(Check(business)), Contains("BR-FR-OSS-ACHETEUR"));
  Invoice elsewhere = OssSale();
  elsewhere.has_delivery_address = true;
  elsewhere.delivery_address = {"Rue de la Loi 1", "", "", "1000", "Luxembourg", "LU"};
  EXPECT_THAT(Ids(Check(elsewhere)), Contains("BR-FR-OSS-ACHETEUR"));
}

TEST(ReformRules, AboveTheThresholdFrenchVatToAnEuConsumerIsRefused) {
  Invoice inv = OssSale();
  inv.oss_country.clear();
  inv.lines[0].vat_rate = D("5.5");
  inv.lines[1].vat_rate = D("20");
  inv.vat_breakdown = {{"S", D("5.5"), D("100"), D("5.50"), "", ""},
                       {"S", D("20"), D("100"), D("20.00"), "", ""}};
  inv.total_vat = D("25.50");
  inv.total_with_vat = inv.amount_due = D("225.50");
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-FR-OSS-SEUIL"));
  inv.oss_above_threshold = false;  // Below the threshold: French VAT is right.
  EXPECT_FALSE(Check(inv).blocking()) << Check(inv).BlockingText();
}

TEST(ReformRules, ElectronicAddressesAndOperationCategory) {
  Invoice inv = OssSale();
  inv.seller.electronic_address_scheme.clear();
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-62"));
  inv.seller.electronic_address.clear();
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-FR-ADRESSE-ELEC-VENDEUR"));

  Invoice company = OssSale();
  company.oss_country.clear();
  company.oss_above_threshold = false;
  company.buyer_kind = BuyerKind::kBusiness;
  company.buyer.address.country_code = "FR";
  company.buyer.electronic_address = "123456789";  // Luhn key wrong.
  company.buyer.electronic_address_scheme = "0225";
  EXPECT_THAT(Ids(Check(company)), Contains("BR-FR-ADRESSE-ELEC-0225"));
  company.buyer.electronic_address.clear();
  EXPECT_THAT(Ids(Check(company)), Contains("BR-FR-ADRESSE-ELEC-ACHETEUR"));
  company.buyer.electronic_address = "achats@example.fr";
  company.buyer.electronic_address_scheme.clear();
  EXPECT_THAT(Ids(Check(company)), Contains("BR-63"));

  Invoice category = OssSale();
  category.operation_category.clear();
  EXPECT_THAT(Ids(Check(category)), Contains("BR-FR-CATEGORIE-OPERATION"));
  EXPECT_FALSE(Check(category).blocking());
  category.operation_category = "X9";
  EXPECT_THAT(Ids(Check(category)), Contains("BR-FR-CADRE-FACTURATION"));
}

TEST(ReformRules, EveryReformRuleIsInTheCatalogueOnce) {
  for (const char* id : {"BR-62", "BR-63", "BR-FR-ADRESSE-ELEC-VENDEUR",
                         "BR-FR-ADRESSE-ELEC-ACHETEUR", "BR-FR-ADRESSE-ELEC-0225",
                         "BR-FR-CATEGORIE-OPERATION", "BR-FR-CADRE-FACTURATION",
                         "BR-FR-OSS-TAUX", "BR-FR-OSS-ACHETEUR", "BR-FR-OSS-SEUIL"}) {
    EXPECT_NE(FindRule(id), nullptr) << id;
  }
  std::set<std::string_view> ids;
  for (const Rule* rule : Catalogue()) EXPECT_TRUE(ids.insert(rule->id).second) << rule->id;
}

}  // namespace
}  // namespace factflow::rules
