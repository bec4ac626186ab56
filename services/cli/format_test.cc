#include "format.h"

#include <gtest/gtest.h>

namespace factflow::cli {
namespace {

constexpr char kNbsp[] = "\xC2\xA0";  // the thousands separator of Decimal::ToFrench

common::v1::Decimal D(const char* text) {
  common::v1::Decimal d;
  d.set_value(text);
  return d;
}

TEST(FrenchLabels, SendStates) {
  EXPECT_EQ(FrenchSendState(invoicing::v1::SEND_STATE_EN_ATTENTE), "En attente");
  EXPECT_EQ(FrenchSendState(invoicing::v1::SEND_STATE_PRET), "Prêt");
  EXPECT_EQ(FrenchSendState(invoicing::v1::SEND_STATE_ENVOYE), "Envoyé");
  EXPECT_EQ(FrenchSendState(invoicing::v1::SEND_STATE_CONSERVE_INTERNE), "Conservé en interne");
  EXPECT_EQ(FrenchSendState(invoicing::v1::SEND_STATE_UNSPECIFIED), "?");
}

TEST(FrenchLabels, BatchStatusesMappingAndActions) {
  EXPECT_EQ(FrenchBatchStatus(importer::v1::BATCH_STATUS_STAGED), "à contrôler");
  EXPECT_EQ(FrenchBatchStatus(importer::v1::BATCH_STATUS_GENERATED), "factures générées");
  EXPECT_EQ(FrenchBatchStatus(importer::v1::BATCH_STATUS_REJECTED), "refusé");
  EXPECT_EQ(FrenchMappingStatus(importer::v1::MAPPING_STATUS_UNMAPPED), "non associé");
  EXPECT_EQ(FrenchAction(invoicing::v1::INVOICE_ACTION_PREPARE), "Préparation de l'envoi");
  EXPECT_EQ(FrenchAction(invoicing::v1::INVOICE_ACTION_PUT_BACK_ON_HOLD), "Remise en attente");
}

TEST(FormatAmount, FrenchDigitsAndEuroSign) {
  EXPECT_EQ(FormatAmount(D("1234.5")), std::string("1") + kNbsp + "234,50 €");
  EXPECT_EQ(FormatAmount(D("1234567.891")), std::string("1") + kNbsp + "234" + kNbsp + "567,89 €");
  EXPECT_EQ(FormatAmount(D("19.99")), "19,99 €");
  EXPECT_EQ(FormatAmount(D("-0.5")), "-0,50 €");
  EXPECT_EQ(FormatAmount(D("0.005")), "0,01 €");  // half away from zero
  EXPECT_EQ(FormatAmount(D("")), "0,00 €");
  EXPECT_EQ(FormatAmount(D("n/a")), "n/a €");  // shown as received, never hidden
}

TEST(FormatDecimal, DropsUselessZeros) {
  EXPECT_EQ(FormatRate(D("20.00")), "20 %");
  EXPECT_EQ(FormatRate(D("5.5")), "5,5 %");
  EXPECT_EQ(FormatRate(D("2.10")), "2,1 %");
  EXPECT_EQ(FormatDecimal(D("3")), "3");
  EXPECT_EQ(FormatDecimal(D("1.25")), "1,25");
  EXPECT_EQ(FormatDecimal(D("1000")), std::string("1") + kNbsp + "000");
}

TEST(FormatIssue, WhereThenWhat) {
  importer::v1::Issue issue;
  issue.set_severity(importer::v1::Issue::SEVERITY_ERROR);
  issue.set_file_name("commandes-terminees-18-01-2026.xlsx");
  issue.set_row(14);
  issue.set_column("H");
  issue.set_field("quantity");
  issue.set_header("Quantité");
  issue.set_message("la quantité doit être un entier positif");
  EXPECT_EQ(FormatIssue(issue),
            "commandes-terminees-18-01-2026.xlsx:14:H Quantité — la quantité doit être un entier "
            "positif");

  issue.clear_header();
  EXPECT_EQ(FormatIssue(issue),
            "commandes-terminees-18-01-2026.xlsx:14:H quantity — la quantité doit être un entier "
            "positif");
}

TEST(FormatIssue, FileLevelAndWarnings) {
  importer::v1::Issue missing;
  missing.set_file_name("export.xlsx");
  missing.set_message("colonne obligatoire absente : N° de commande");
  EXPECT_EQ(FormatIssue(missing), "export.xlsx — colonne obligatoire absente : N° de commande");

  importer::v1::Issue warning;
  warning.set_severity(importer::v1::Issue::SEVERITY_WARNING);
  warning.set_row(3);
  warning.set_field("ean");
  warning.set_message("EAN inconnu");
  EXPECT_EQ(FormatIssue(warning), "3 ean — EAN inconnu (avertissement)");

  importer::v1::Issue bare;
  bare.set_message("fichier vide");
  EXPECT_EQ(FormatIssue(bare), "fichier vide");
}

TEST(FormatDates, IsoAndTimestamps) {
  EXPECT_EQ(FormatIsoDate("2026-01-18"), "18/01/2026");
  EXPECT_EQ(FormatIsoDate(""), "");
  EXPECT_EQ(FormatIsoDate("18/01/2026"), "18/01/2026");
  google::protobuf::Timestamp at;
  at.set_seconds(1768745100);  // 2026-01-18T14:05:00Z
  EXPECT_EQ(FormatTimestamp(at, absl::UTCTimeZone()), "18/01/2026 14:05");
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp(), absl::UTCTimeZone()), "");
}

TEST(FormatText, BuyerRangesCountsHashesSizes) {
  importer::v1::Buyer buyer;
  buyer.set_civility("Mme");
  buyer.set_first_name("Claire");
  buyer.set_last_name("Martin");
  EXPECT_EQ(FormatBuyer(buyer), "Mme Claire Martin");
  buyer.set_company("Bibliothèque de Lyon");
  EXPECT_EQ(FormatBuyer(buyer), "Bibliothèque de Lyon");

  EXPECT_EQ(FormatNumberRange("FA2026-000001", "FA2026-000038"), "FA2026-000001 → FA2026-000038");
  EXPECT_EQ(FormatNumberRange("FA2026-000007", "FA2026-000007"), "FA2026-000007");
  EXPECT_EQ(FormatNumberRange("", ""), "");

  EXPECT_EQ(Count(0, "facture", "factures"), "0 facture");
  EXPECT_EQ(Count(1, "facture", "factures"), "1 facture");
  EXPECT_EQ(Count(38, "facture", "factures"), "38 factures");

  EXPECT_EQ(ShortHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            "9f86d081884c…");
  EXPECT_EQ(ShortHash(""), "");

  EXPECT_EQ(FormatBytes(512), "512 o");
  EXPECT_EQ(FormatBytes(12595), "12,3 Ko");  // 12595 / 1024 = 12.299...
  EXPECT_EQ(FormatBytes(4 * 1024 * 1024), "4,0 Mo");
}

TEST(FormatText, AddressTruncateFields) {
  common::v1::PostalAddress address;
  address.set_line1("12 rue des Archives");
  address.set_postal_code("75004");
  address.set_city("Paris");
  address.set_country_code("FR");
  EXPECT_EQ(FormatAddress(address), "12 rue des Archives, 75004 Paris, FR");

  EXPECT_EQ(Truncate("Élémentaire", 20), "Élémentaire");
  EXPECT_EQ(Truncate("Élémentaire", 5), "Élém…");
  EXPECT_EQ(DisplayWidth("Élém…"), 5u);

  EXPECT_EQ(FormatFields({{"SIREN", "812345676"}, {"N° TVA", "FR19812345676"}, {"BIC", ""}}),
            "SIREN  : 812345676\nN° TVA : FR19812345676\n");
}

TEST(Table, AlignsOnDisplayColumnsNotBytes) {
  Table table({{"Numéro"}, {"État"}, {"Total", Table::Align::kRight}});
  table.AddRow({"FA2026-000001", "Prêt", "9,99 €"});
  table.AddRow({"FA2026-000002", "Conservé en interne", "120,00 €"});
  EXPECT_EQ(table.Render(),
            "Numéro         État                    Total\n"
            "-------------  -------------------  --------\n"
            "FA2026-000001  Prêt                   9,99 €\n"
            "FA2026-000002  Conservé en interne  120,00 €\n");
  EXPECT_EQ(table.Render(/*header=*/false),
            "FA2026-000001  Prêt                   9,99 €\n"
            "FA2026-000002  Conservé en interne  120,00 €\n");
}

TEST(ToJson, PrintsEveryFieldForScripts) {
  invoicing::v1::Invoice invoice;
  invoice.set_number("FA2026-000001");
  std::string json = ToJson(invoice);
  EXPECT_NE(json.find("\"number\": \"FA2026-000001\""), std::string::npos);
  EXPECT_NE(json.find("\"archived\": false"), std::string::npos);
  EXPECT_NE(json.find("\"sendState\": \"SEND_STATE_UNSPECIFIED\""), std::string::npos);
}

TEST(GroupIssues, RepeatedWarningsOnceWithTheirCount) {
  std::vector<importer::v1::Issue> issues;
  for (int row = 2; row < 42; ++row) {
    importer::v1::Issue& warning = issues.emplace_back();
    warning.set_severity(importer::v1::Issue::SEVERITY_WARNING);
    warning.set_file_name("f.xlsx");
    warning.set_row(row);
    warning.set_field("billing_address");
    warning.set_message("adresse de facturation absente");
  }
  importer::v1::Issue& error = issues.emplace_back();
  error.set_severity(importer::v1::Issue::SEVERITY_ERROR);
  error.set_file_name("f.xlsx");
  error.set_row(7);
  error.set_column("H");
  error.set_message("quantité manquante");
  std::vector<IssueLine> lines = GroupIssues(issues);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].count, 40);
  EXPECT_EQ(lines[0].text,
            "40 lignes : f.xlsx billing_address — adresse de facturation absente (avertissement)");
  EXPECT_EQ(lines[1].count, 1);
  EXPECT_EQ(lines[1].text, "f.xlsx:7:H — quantité manquante");
}

TEST(FrenchAuditAction, AuditTrailNamesInFrench) {
  EXPECT_EQ(FrenchAuditAction("ISSUE"), "Émission");
  EXPECT_EQ(FrenchAuditAction("SEND"), FrenchAction(invoicing::v1::INVOICE_ACTION_SEND));
  EXPECT_EQ(FrenchAuditAction("PUT_ON_HOLD"),
            FrenchAction(invoicing::v1::INVOICE_ACTION_PUT_ON_HOLD));
  EXPECT_EQ(FrenchAuditAction("SOMETHING_NEW"), "SOMETHING_NEW");
}

}  // namespace
}  // namespace factflow::cli
