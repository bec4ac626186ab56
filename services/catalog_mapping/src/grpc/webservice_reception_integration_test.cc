// Reception from a webservice connector end to end: the third party is a separate local HTTP
// server process (tests/connector_ws/connector_ws_server.py) serving JSON batches and recording
// the acknowledgements; a fresh PostgreSQL database (connector_exchange_test_fixture.h).

#include <string>

#include "gmock/gmock.h"
#include "grpc/connector_exchange_test_fixture.h"
#include "nlohmann/json.hpp"

namespace factflow::catalog_mapping::grpcapi {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kParties[] = R"({"batch_id": "T1", "tiers": [
  {"code": "C1", "kind": "client", "name": "Quincaillerie Martin", "address1": "3 rue Haute",
   "postal_code": "69001", "city": "Lyon", "siret": "12345678901234", "email": "m@example.fr"},
  {"code": "F1", "kind": "fournisseur", "name": "Visserie du Nord"}]})";

constexpr char kDocuments[] = R"({"batch_id": "D1", "documents": [
  {"id": "CMD-1", "date": "2026-01-18", "customer": "C1", "payment_mode": "Chèques",
   "lines": [{"article": "E-VIS", "label": "Vis", "quantity": 2, "unit_price_incl_vat": "1,50",
              "vat_rate": "20"}]},
  {"id": "CMD-2", "date": "19/01/2026", "customer": "C1",
   "lines": [{"article": "E-VIS", "label": "Vis", "quantity": "3", "unit_price_incl_vat": "2",
              "vat_rate": "20"},
             {"article": "E-ECROU", "label": "Écrou", "quantity": "1", "unit_price_incl_vat": "1",
              "vat_rate": "5.5"}]}]})";

class WebserviceReceptionTest : public ExchangeTest {
 protected:
  void SetUp() override {
    ExchangeTest::SetUp();
    ASSERT_TRUE(webservice_.running());
    catalog::v1::Connector c;
    c.set_code("WS");
    c.set_link_type("Suivi ETA");
    c.set_communication_mode("WEBSERVICE");
    c.set_webservice_url(webservice_.url());
    c.set_webservice_key(kWebserviceKey);
    c.set_reception_customer_family("Clients web");
    c.set_reception_supplier_family("Fournisseurs web");
    catalog::v1::Connector stored;
    ASSERT_TRUE(connector_stub_->UpsertConnector(As().get(), c, &stored).ok());
    ASSERT_TRUE(AddArticle("VIS", "Vis", "20").ok());
    ASSERT_TRUE(Map("WS", "E-VIS", "VIS").ok());
  }

  catalog::v1::SyncReport Receive() {
    catalog::v1::ReceiveRequest request;
    request.set_connector_code("WS");
    catalog::v1::SyncReport report;
    grpc::Status status = connector_stub_->Receive(As().get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) {
                      n = tx.exec1(sql)[0].as<int64_t>();
                      return absl::OkStatus();
                    })
                    .ok());
    return n;
  }

  WebserviceProcess webservice_{root_ / "ws"};
};

TEST_F(WebserviceReceptionTest, PartiesAndDocumentsAreReceivedOnceAcknowledgedAndReleased) {
  webservice_.Put("tiers.json", kParties);
  webservice_.Put("documents.json", kDocuments);
  catalog::v1::SyncReport report = Receive();
  EXPECT_EQ(report.state(), "Partiel");  // CMD-2 waits for E-ECROU
  ASSERT_EQ(report.entries_size(), 4);
  EXPECT_EQ(report.entries(0).file_name(), "service web /tiers lot T1");
  EXPECT_EQ(report.entries(0).message(), "tiers créé");
  EXPECT_EQ(report.entries(2).identifier(), "CMD-1 / C1");
  EXPECT_EQ(report.entries(2).state(), "Synchronisé");
  EXPECT_EQ(report.entries(3).state(), "En quarantaine");
  EXPECT_THAT(report.entries(3).message(), HasSubstr("E-ECROU"));
  EXPECT_EQ(Count("SELECT count(*) FROM parties WHERE family = 'Fournisseurs web' AND code = 'F1'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM received_documents WHERE status = 'INTEGRATED'"), 1);
  // Acknowledged after the commit, with the hash of what was received.
  nlohmann::json ack = nlohmann::json::parse(webservice_.Posted("documents_ack-1.json"));
  EXPECT_EQ(ack["batch_id"], "D1");
  EXPECT_EQ(ack["sha256"].get<std::string>().size(), 64u);

  // Nothing more waits.
  EXPECT_EQ(Receive().state(), "Aucune donnée");
  // The acknowledgement was lost (a crash right after the commit): the same batch comes back
  // and is recognised, acknowledged, and nothing is received twice.
  fs::rename(webservice_.dir() / "documents.json.acked", webservice_.dir() / "documents.json");
  report = Receive();
  ASSERT_EQ(report.entries_size(), 1);
  EXPECT_EQ(report.entries(0).state(), "Déjà reçu");
  EXPECT_EQ(Count("SELECT count(*) FROM received_documents"), 2);
  EXPECT_TRUE(fs::exists(webservice_.dir() / "documents.json.acked"));

  // Mapping the missing code releases CMD-2, once.
  ASSERT_TRUE(AddArticle("ECROU", "Écrou", "5.5").ok());
  ASSERT_TRUE(Map("WS", "E-ECROU", "ECROU").ok());
  EXPECT_EQ(Count("SELECT count(*) FROM received_documents WHERE status = 'INTEGRATED'"), 2);
}

TEST_F(WebserviceReceptionTest, FailingAnswersAreReportedAndNothingOfThemIsReceived) {
  webservice_.Put("documents.raw", "{\"documents\": [ tronqué");
  catalog::v1::SyncReport report = Receive();
  EXPECT_EQ(report.state(), "En erreur");
  ASSERT_EQ(report.entries_size(), 1);
  EXPECT_THAT(report.entries(0).message(), HasSubstr("n'est pas du JSON valide"));
  fs::remove(webservice_.dir() / "documents.raw");

  webservice_.Put("documents.json", R"({"documents": [
    {"id": "A", "date": "2026-01-18", "customer": "C1", "lines": [
      {"article": "E-VIS", "quantity": "1", "unit_price_incl_vat": "1", "vat_rate": "20"}]},
    {"id": "B", "date": "2026-01-18", "customer": "C1", "lines": [
      {"article": "E-VIS", "quantity": "1", "unit_price_incl_vat": "1", "vat_rate": "7"}]}]})");
  report = Receive();
  EXPECT_EQ(report.state(), "En erreur");
  EXPECT_THAT(report.entries(0).message(),
              AllOf(HasSubstr("documents[1].lines[0].vat_rate « 7.00 »"),
                    HasSubstr("taux de TVA inconnu")));
  EXPECT_EQ(Count("SELECT count(*) FROM received_documents"), 0);  // not even A

  webservice_.Put("documents.json", R"({"documents": [{"id": "A", "date": "2026-01-18",
    "customer": "C1", "lines": [{"article": "E-VIS", "quantity": 1.5,
    "unit_price_incl_vat": "1", "vat_rate": "20"}]}]})");
  report = Receive();
  EXPECT_THAT(report.entries(0).message(),
              AllOf(HasSubstr("documents[0].lines[0].quantity"), HasSubstr("jamais en nombre")));

  webservice_.Put("documents.fail", "3");  // three 503: every attempt of one reception fails
  report = Receive();
  EXPECT_EQ(report.state(), "En erreur");
  EXPECT_THAT(report.entries(0).message(),
              HasSubstr("le service web a répondu HTTP 503 (après 3 essais)"));
  EXPECT_EQ(Count("SELECT count(*) FROM received_documents"), 0);
  EXPECT_FALSE(fs::exists(webservice_.dir() / "posted" / "documents_ack-1.json"));
}

}  // namespace
}  // namespace factflow::catalog_mapping::grpcapi
