#include "rules/rule_engine.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "identifiers/french_company_ids.h"

namespace factflow::rules {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

Decimal D(const char* text) { return *Decimal::Parse(text); }

std::string Siret(const std::string& siren, const std::string& nic4) {
  std::string base = siren + nic4;
  return base + std::to_string(identifiers::LuhnCheckDigit(base));
}

// A valid B2B invoice of `lines` lines at 20 % (net 10.00 each) and one at 5.5 %.
Invoice ValidB2b(int lines = 3) {
  Invoice inv;
  inv.number = "FA2026-000001";
  inv.issue_date = "2026-11-30";
  inv.due_date = "2026-12-30";
  inv.seller.name = "Librairie du Marais";
  inv.seller.legal_form = "SAS";
  inv.seller.siren = "732829320";
  inv.seller.siret = Siret("732829320", "0007");
  inv.seller.vat_number = identifiers::FrenchVatNumber("732829320");
  inv.seller.address = {"12 rue des Archives", "", "", "75004", "Paris", "FR"};
  inv.seller_legal.registration = "RCS Paris 732 829 320";
  inv.buyer.name = "Mairie de Lyon";
  inv.buyer.siren = "552100554";
  inv.buyer.siret = Siret("552100554", "0001");
  inv.buyer.address = {"1 place de la Comédie", "", "", "69001", "Lyon", "FR"};
  inv.buyer_kind = BuyerKind::kBusiness;
  // The reform's electronic addresses (directory, SIREN) and category of operation (goods).
  inv.seller.electronic_address = "732829320";
  inv.seller.electronic_address_scheme = "0225";
  inv.buyer.electronic_address = "552100554";
  inv.buyer.electronic_address_scheme = "0225";
  inv.operation_category = "B1";
  inv.payment_means_code = "58";
  inv.payee_iban = "FR7630006000011234567890189";
  inv.late_penalty_mention = true;
  inv.recovery_indemnity_mention = true;
  Decimal net20;
  for (int i = 1; i <= lines; ++i) {
    inv.lines.push_back({i, "Article " + std::to_string(i), D("2"), "C62", D("5"), D("10"), "S",
                         D("20")});
    net20 += D("10");
  }
  inv.lines.push_back({lines + 1, "Livre", D("1"), "C62", D("20"), D("20"), "S", D("5.5")});
  inv.vat_breakdown.push_back({"S", D("5.5"), D("20"), D("1.10"), "", ""});
  inv.vat_breakdown.push_back({"S", D("20"), net20, (net20 * D("0.2")).Rounded(2), "", ""});
  inv.total_net = net20 + D("20");
  inv.total_vat = D("1.10") + (net20 * D("0.2")).Rounded(2);
  inv.total_with_vat = inv.total_net + inv.total_vat;
  inv.amount_due = inv.total_with_vat;
  return inv;
}

std::set<std::string> Ids(const Verdict& verdict) {
  std::set<std::string> ids;
  for (const Finding& finding : verdict.findings) ids.emplace(finding.rule->id);
  return ids;
}

std::string Texts(const Verdict& verdict) {
  std::string out;
  for (const Finding& finding : verdict.findings) out += finding.Text() + "\n";
  return out;
}

TEST(RuleEngine, ValidB2bInvoicePassesEveryRule) {
  Invoice inv = ValidB2b();
  inv.chorus = {true, true, true};
  inv.buyer_reference = "SERVICE-FACT";
  inv.commitment_number = "EJ-2026-0042";
  Verdict verdict = Check(inv);
  EXPECT_THAT(verdict.findings, IsEmpty()) << Texts(verdict);
  EXPECT_FALSE(verdict.blocking());
}

TEST(RuleEngine, CatalogueIdsAreUniqueAndDocumented) {
  std::set<std::string_view> ids;
  for (const Rule* rule : Catalogue()) {
    EXPECT_TRUE(ids.insert(rule->id).second) << rule->id;
    EXPECT_FALSE(rule->field.empty()) << rule->id;
    EXPECT_FALSE(rule->message.empty()) << rule->id;
    EXPECT_EQ(FindRule(rule->id), rule);
  }
  EXPECT_GE(ids.size(), 80u);
  EXPECT_EQ(FindRule("BR-XX"), nullptr);
}

TEST(RuleEngine, TotalsThatDoNotAddUpAreBlockingWithTheirValues) {
  Invoice inv = ValidB2b();
  inv.total_net += D("0.01");
  Verdict verdict = Check(inv);
  EXPECT_TRUE(verdict.blocking());
  EXPECT_THAT(Ids(verdict), Contains("BR-CO-10"));
  EXPECT_THAT(Ids(verdict), Contains("BR-CO-15"));
  EXPECT_NE(verdict.BlockingText().find("total HT 50.01, somme des lignes 50.00"),
            std::string::npos)
      << verdict.BlockingText();
}

TEST(RuleEngine, GroupVatToleranceIsTheValidatorOne) {
  Invoice inv = ValidB2b();
  // 0.99 off: accepted by BR-S-09 (strictly under 1) and BR-CO-17.
  inv.vat_breakdown[1].vat_amount += D("0.99");
  inv.total_vat += D("0.99");
  inv.total_with_vat += D("0.99");
  inv.amount_due = inv.total_with_vat;
  EXPECT_THAT(Check(inv).findings, IsEmpty()) << Texts(Check(inv));
  // 1.00 off: BR-S-09 fails, BR-CO-17 (at most one) still passes.
  inv.vat_breakdown[1].vat_amount += D("0.01");
  inv.total_vat += D("0.01");
  inv.total_with_vat += D("0.01");
  inv.amount_due = inv.total_with_vat;
  EXPECT_EQ(Ids(Check(inv)), std::set<std::string>{"BR-S-09"});
}

TEST(RuleEngine, BasisMustBeTheSumOfTheLinesOfItsRate) {
  Invoice inv = ValidB2b();
  inv.lines[0].vat_rate = D("10");
  Verdict verdict = Check(inv);
  EXPECT_THAT(Ids(verdict), Contains("BR-S-08"));  // 20 % basis no longer matches
  EXPECT_THAT(Ids(verdict), Contains("BR-S-01"));  // no 10 % group
}

TEST(RuleEngine, LineRulesNameTheLine) {
  Invoice inv = ValidB2b();
  inv.lines[1].label.clear();
  inv.lines[2].line_number = 1;
  inv.lines[0].vat_category = "X";
  Verdict verdict = Check(inv);
  EXPECT_THAT(Ids(verdict), Contains("BR-25"));
  EXPECT_THAT(Ids(verdict), Contains("BR-21"));
  EXPECT_THAT(Ids(verdict), Contains("BR-CL-18"));
  EXPECT_NE(Texts(verdict).find("ligne 2"), std::string::npos) << Texts(verdict);
}

TEST(RuleEngine, FrenchNumberAndIdentifierChecksums) {
  Invoice inv = ValidB2b();
  inv.number = "FA 2026/0001 avec un numéro bien trop long";
  inv.seller.siren = "732829321";
  inv.buyer.siret = "55210055400012";
  Verdict verdict = Check(inv);
  EXPECT_THAT(Ids(verdict), Contains("BR-FR-01"));
  EXPECT_THAT(Ids(verdict), Contains("BR-FR-02"));
  EXPECT_THAT(Ids(verdict), Contains("BR-FR-SIREN-VENDEUR"));
  EXPECT_THAT(Ids(verdict), Contains("BR-FR-ID-ACHETEUR"));
  EXPECT_TRUE(verdict.blocking());
}

TEST(RuleEngine, SellerVatNumberMustMatchTheSiren) {
  Invoice inv = ValidB2b();
  inv.seller.vat_number = "FR00732829320";
  EXPECT_EQ(Ids(Check(inv)), std::set<std::string>{"BR-FR-TVA-VENDEUR"});
}

TEST(RuleEngine, NonFrenchRateIsBlocking) {
  Invoice inv = ValidB2b(1);
  inv.lines[1].vat_rate = D("7");
  inv.vat_breakdown[0].rate = D("7");
  inv.vat_breakdown[0].vat_amount = D("1.40");
  inv.total_vat = D("3.40");
  inv.total_with_vat = inv.total_net + inv.total_vat;
  inv.amount_due = inv.total_with_vat;
  EXPECT_EQ(Ids(Check(inv)), std::set<std::string>{"BR-FR-TAUX"});
}

TEST(RuleEngine, FranchiseEnBaseNeedsExemptLinesWithTheMention) {
  Invoice inv = ValidB2b(1);
  inv.seller_legal.vat_franchise_293b = true;
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-FR-293B"));

  for (Line& line : inv.lines) {
    line.vat_category = "E";
    line.vat_rate = Decimal();
  }
  inv.vat_breakdown = {{"E", Decimal(), D("30"), Decimal(),
                        "TVA non applicable, art. 293 B du CGI", "VATEX-FR-FRANCHISE"}};
  inv.total_vat = Decimal();
  inv.total_with_vat = inv.amount_due = D("30");
  EXPECT_THAT(Check(inv).findings, IsEmpty()) << Texts(Check(inv));
  inv.vat_breakdown[0].exemption_reason = "Exonération";
  EXPECT_EQ(Ids(Check(inv)), std::set<std::string>{"BR-FR-293B"});
  inv.vat_breakdown[0].exemption_reason.clear();
  inv.vat_breakdown[0].exemption_reason_code.clear();
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-E-10"));
}

// One category (and its exemption reason) for the whole of a one-line invoice of net 100.
Invoice SingleCategory(const char* category, const char* reason) {
  Invoice inv = ValidB2b(0);
  inv.lines = {{1, "Prestation", D("1"), "C62", D("100"), D("100"), category, Decimal()}};
  inv.vat_breakdown = {{category, Decimal(), D("100"), Decimal(), reason, ""}};
  inv.total_net = inv.total_with_vat = inv.amount_due = D("100");
  inv.total_vat = Decimal();
  return inv;
}

TEST(RuleEngine, ExportOutsideTheEu) {
  Invoice inv = SingleCategory("G", "Exonération de TVA, art. 262 I du CGI");
  inv.buyer.address.country_code = "CH";
  inv.buyer.siren = inv.buyer.siret = "";
  EXPECT_THAT(Check(inv).findings, IsEmpty()) << Texts(Check(inv));
  inv.vat_breakdown[0].exemption_reason.clear();
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-G-10"));

  // Charged French VAT to a Geneva buyer: warned, not blocking (services may be taxable).
  Invoice taxed = ValidB2b();
  taxed.buyer.address.country_code = "CH";
  Verdict verdict = Check(taxed);
  EXPECT_THAT(Ids(verdict), Contains("BR-FR-EXPORT"));
  EXPECT_FALSE(verdict.blocking());
}

TEST(RuleEngine, IntraCommunitySupplyNeedsBothVatNumbersAndDelivery) {
  Invoice inv = SingleCategory("K", "Exonération de TVA, art. 262 ter I du CGI");
  inv.buyer.address.country_code = "DE";
  inv.buyer.siren = inv.buyer.siret = "";
  inv.buyer.vat_number = "DE123456789";
  inv.delivery_date = "2026-11-28";
  inv.has_delivery_address = true;
  inv.delivery_address = {"Hauptstr. 1", "", "", "10115", "Berlin", "DE"};
  EXPECT_THAT(Check(inv).findings, IsEmpty()) << Texts(Check(inv));

  inv.buyer.vat_number.clear();
  inv.delivery_date.clear();
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-IC-02"));
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-IC-11"));
  inv.delivery_address.country_code = "FR";
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-FR-INTRACOM"));
}

TEST(RuleEngine, ReverseChargeAndOutOfScope) {
  Invoice ae = SingleCategory("AE", "Autoliquidation");
  EXPECT_THAT(Check(ae).findings, IsEmpty()) << Texts(Check(ae));
  ae.buyer.siren.clear();
  ae.buyer.siret.clear();
  EXPECT_THAT(Ids(Check(ae)), Contains("BR-AE-02"));

  Invoice o = SingleCategory("O", "Hors champ d'application de la TVA");
  EXPECT_THAT(Ids(Check(o)), Contains("BR-O-02"));  // the seller's VAT number is there
  o.seller.vat_number.clear();
  EXPECT_THAT(Check(o).findings, IsEmpty()) << Texts(Check(o));
  o.vat_breakdown.push_back({"S", D("20"), Decimal(), Decimal(), "", ""});
  EXPECT_THAT(Ids(Check(o)), Contains("BR-O-11"));
}

TEST(RuleEngine, ZeroRatedMustNotCarryAnExemptionReason) {
  Invoice z = SingleCategory("Z", "");
  EXPECT_THAT(Check(z).findings, IsEmpty()) << Texts(Check(z));
  z.vat_breakdown[0].exemption_reason = "Exonéré";
  EXPECT_THAT(Ids(Check(z)), Contains("BR-Z-10"));
}

TEST(RuleEngine, MentionSetsFollowTheBuyerKind) {
  Invoice b2b = ValidB2b();
  b2b.late_penalty_mention = false;
  b2b.due_date.clear();
  EXPECT_THAT(Ids(Check(b2b)), Contains("BR-FR-MENTIONS-B2B"));
  EXPECT_THAT(Ids(Check(b2b)), Contains("BR-FR-ECHEANCE"));

  Invoice b2c = ValidB2b();
  b2c.buyer_kind = BuyerKind::kConsumer;
  b2c.buyer.siren = b2c.buyer.siret = "";
  Verdict verdict = Check(b2c);
  EXPECT_EQ(Ids(verdict), std::set<std::string>{"BR-FR-MENTIONS-B2C"});
  EXPECT_FALSE(verdict.blocking());
  b2c.late_penalty_mention = b2c.recovery_indemnity_mention = false;
  EXPECT_THAT(Check(b2c).findings, IsEmpty());

  Invoice no_siren = ValidB2b();
  no_siren.buyer.siren = no_siren.buyer.siret = "";
  EXPECT_EQ(Ids(Check(no_siren)), std::set<std::string>{"BR-FR-SIREN-ACHETEUR"});
}

TEST(RuleEngine, SellerLegalIdentityWarnings) {
  Invoice inv = ValidB2b();
  inv.seller_legal.registration.clear();
  inv.seller.legal_form.clear();
  Verdict verdict = Check(inv);
  EXPECT_EQ(Ids(verdict), (std::set<std::string>{"BR-FR-RCS", "BR-FR-FORME-JURIDIQUE"}));
  EXPECT_FALSE(verdict.blocking());
}

TEST(RuleEngine, DefaultRateIsFlagged) {
  Invoice inv = ValidB2b();
  inv.lines[0].default_rate_applied = true;
  Verdict verdict = Check(inv);
  EXPECT_EQ(Ids(verdict), std::set<std::string>{"FF-TAUX-DEFAUT"});
  EXPECT_NE(Texts(verdict).find("taux par défaut appliqué"), std::string::npos);
}

TEST(RuleEngine, ChorusRulesOnlyForChorusDocuments) {
  Invoice inv = ValidB2b();
  inv.buyer.siret.clear();
  inv.payee_iban = "FR7630006000011234567890188";  // wrong key
  EXPECT_THAT(Ids(Check(inv)), Not(Contains("CHORUS-01")));
  inv.chorus = {true, true, true};
  inv.commitment_number = std::string(51, '7');
  Verdict verdict = Check(inv);
  EXPECT_THAT(Ids(verdict), Contains("CHORUS-01"));
  EXPECT_THAT(Ids(verdict), Contains("CHORUS-03"));
  EXPECT_THAT(Ids(verdict), Contains("CHORUS-05"));
  EXPECT_THAT(Ids(verdict), Contains("CHORUS-07"));
  EXPECT_THAT(Ids(verdict), Not(Contains("CHORUS-04")));
  inv.payee_iban.clear();
  EXPECT_THAT(Ids(Check(inv)), Contains("BR-61"));
}

TEST(RuleEngine, CreditNoteCitesItsInvoiceAndDatesAreOrdered) {
  Invoice inv = ValidB2b();
  inv.type_code = "381";
  inv.due_date = "2026-11-01";
  Verdict verdict = Check(inv);
  EXPECT_THAT(Ids(verdict), Contains("FF-AVOIR"));
  EXPECT_THAT(Ids(verdict), Contains("FF-DATES"));
}

TEST(RuleEngine, FindingTextIsFrenchWithIdSeverityAndField) {
  Invoice inv = ValidB2b();
  inv.lines.clear();
  Verdict verdict = Check(inv);
  ASSERT_THAT(Ids(verdict), Contains("BR-16"));
  EXPECT_NE(verdict.BlockingText().find(
                "[BR-16] bloquant, BG-25 : la facture doit avoir au moins une ligne"),
            std::string::npos);
}

}  // namespace
}  // namespace factflow::rules
