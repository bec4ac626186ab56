#include "domain/eta_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/connector.h"

namespace factflow::catalog_mapping::domain {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Msg(const absl::Status& status) { return std::string(status.message()); }

TEST(EtaFiles, KindFromFileName) {
  EXPECT_EQ(EtaFileKindOf("ImportDocuments162002_07.csv"), EtaFileKind::kDocuments);
  EXPECT_EQ(EtaFileKindOf("importtiers1.CSV"), EtaFileKind::kParties);
  EXPECT_FALSE(EtaFileKindOf("ImportDocuments.txt").has_value());
  EXPECT_FALSE(EtaFileKindOf("Export.csv").has_value());
}

TEST(EtaFiles, DocumentsAreGroupedWithTheirTotal) {
  auto documents = ParseEtaDocuments(
      "ImportDocuments1.csv",
      "Mode de paiement,Document,Date,Client,Article,Libellé,Quantité,Prix unitaire TTC,Taux TVA\n"
      "Chèques,F1,18/01/2026,C1,E-1,Vis,2,\"43,125\",20\n"
      "Espèces,F2,2026-01-19,C2,E-2,Clou,1,1.5,5,5\n"
      "Chèques,F1,18/01/2026,C1,E-3,Écrou,1,0,10\n");
  // The decimal comma of "5,5" is a separator here: the file is refused, not misread.
  EXPECT_FALSE(documents.ok());
  EXPECT_THAT(Msg(documents.status()), HasSubstr("10 colonnes au lieu de 9"));

  documents = ParseEtaDocuments(
      "ImportDocuments1.csv",
      "Mode de paiement;Document;Date;Client;Article;Libellé;Quantité;Prix unitaire TTC;Taux TVA\n"
      "Chèques;F1;18/01/2026;C1;E-1;Vis;2;43,125;20\n"
      "Espèces;F2;2026-01-19;C2;E-2;Clou;1;1.5;5,5\n"
      "Chèques;F1;18/01/2026;C1;E-3;Écrou;1;0;10\n");
  ASSERT_TRUE(documents.ok()) << documents.status();
  ASSERT_EQ(documents->size(), 2u);
  const EtaDocument& f1 = (*documents)[0];
  EXPECT_EQ(f1.id, "F1");
  EXPECT_EQ(f1.date, "2026-01-18");
  EXPECT_EQ(f1.payment_mode, "Chèques");
  ASSERT_EQ(f1.lines.size(), 2u);
  EXPECT_EQ(f1.lines[1].article, "E-3");
  EXPECT_EQ(f1.total_incl_vat.ToString(2), "86.25");
  EXPECT_EQ((*documents)[1].lines[0].vat_rate.ToString(1), "5.5");
}

TEST(EtaFiles, BadValuesNameFileLineColumnAndValue) {
  const std::string header = "Document;Date;Client;Article;Libellé;Quantité;Prix unitaire TTC;Taux TVA\n";
  struct Case {
    std::string row;
    std::string expected;
  };
  for (const Case& c : {
           Case{"F1;18/13/2026;C1;E;L;1;1;20", "ligne 2, colonne 2 (Date) : date attendue"},
           Case{"F1;18/01/2026;C1;E;L;deux;1;20", "colonne 6 (Quantité) : nombre attendu"},
           Case{"F1;18/01/2026;C1;E;L;1;1;19,6", "colonne 8 (Taux TVA) : taux de TVA inconnu"},
           Case{"F1;18/01/2026;;E;L;1;1;20", "colonne 3 (Client) : valeur obligatoire"},
       }) {
    auto parsed = ParseEtaDocuments("ImportDocuments9.csv", header + c.row + "\n");
    ASSERT_FALSE(parsed.ok()) << c.row;
    EXPECT_THAT(Msg(parsed.status()),
                AllOf(HasSubstr("« ImportDocuments9.csv »"), HasSubstr(c.expected)))
        << c.row;
  }
  auto missing = ParseEtaDocuments("ImportDocuments9.csv", "Document;Date\n");
  EXPECT_THAT(Msg(missing.status()), HasSubstr("colonne obligatoire « Client » absente"));
  auto mixed = ParseEtaDocuments("ImportDocuments9.csv", header +
                                                           "F1;18/01/2026;C1;E;L;1;1;20\n"
                                                           "F1;18/01/2026;C2;E;L;1;1;20\n");
  EXPECT_THAT(Msg(mixed.status()),
              AllOf(HasSubstr("ligne 3, colonne 3"), HasSubstr("client différent")));
}

TEST(EtaFiles, PartiesAreValidated) {
  auto parties = ParseEtaParties("ImportTiers1.csv",
                                 "Code;Type;Nom;Ville;SIRET\n"
                                 "C1;Client;Dupont;Lyon;732 829 320 00074\n"
                                 "X1;contact;Martin;;\n");
  ASSERT_TRUE(parties.ok()) << parties.status();
  ASSERT_EQ(parties->size(), 2u);
  EXPECT_EQ((*parties)[0].party.kind, "CLIENT");
  EXPECT_EQ((*parties)[0].party.siret, "73282932000074");
  EXPECT_EQ((*parties)[0].party.billing_address.country_code, "FR");
  EXPECT_EQ((*parties)[1].line, 3);
  auto bad = ParseEtaParties("ImportTiers1.csv", "Code;Type;Nom\nC1;prospect;Dupont\n");
  EXPECT_THAT(Msg(bad.status()), AllOf(HasSubstr("ligne 2, colonne 2 (Type)"),
                                       HasSubstr("valeur « prospect »")));
}

TEST(ConnectorSettings, DefaultsAndFolderPaths) {
  Connector draft;
  draft.code = " ETA ";
  draft.link_type = "Suivi ETA";
  draft.communication_mode = "csv_folder";
  draft.export_path = "eta/export";
  draft.import_path = "eta/import";
  auto connector = ValidateConnector(draft);
  ASSERT_TRUE(connector.ok()) << connector.status();
  EXPECT_EQ(connector->code, "ETA");
  EXPECT_EQ(connector->communication_mode, "CSV_FOLDER");
  EXPECT_EQ(connector->reception_document_type, "ORDER");
  EXPECT_EQ(connector->reception_mode, "MANUAL");

  EXPECT_THAT(*SplitFolderPath("f", "./a//b/"), ElementsAre("a", "b"));
  EXPECT_THAT(*SplitFolderPath("f", "/srv/root/a", "/srv/root/"), ElementsAre("a"));
  EXPECT_THAT(Msg(SplitFolderPath("f", "/srv/rootX/a", "/srv/root").status()),
              HasSubstr("chemin absolu hors du dossier racine"));
  EXPECT_THAT(Msg(SplitFolderPath("f", "a/../../b").status()), HasSubstr("« .. » interdit"));
  EXPECT_THAT(Msg(SplitFolderPath("f", ".cache").status()), HasSubstr("nom de dossier simple"));
  EXPECT_FALSE(SplitFolderPath("f", "").ok());

  draft.communication_mode = "WEBSERVICE";
  draft.webservice_url = "ftp://x";
  EXPECT_THAT(Msg(ValidateConnector(draft).status()),
              HasSubstr("connector.webservice_url « ftp://x » : adresse http:// ou https://"));
}

}  // namespace
}  // namespace factflow::catalog_mapping::domain
