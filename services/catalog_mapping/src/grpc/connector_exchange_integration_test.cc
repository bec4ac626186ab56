// Saved filters, the bulk correspondence list, the send (CSV into a real export folder, JSON to a
// real local webservice process) and the fetch of received documents, end to end over gRPC on a
// fresh PostgreSQL database (connector_exchange_test_fixture.h).

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "csv/csv_reader.h"
#include "gmock/gmock.h"
#include "grpc/connector_exchange_test_fixture.h"
#include "nlohmann/json.hpp"

namespace factflow::catalog_mapping::grpcapi {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

catalog::v1::SavedFilter Filter(const std::string& name, const std::string& target) {
  catalog::v1::SavedFilter f;
  f.set_name(name);
  f.set_target(target);
  return f;
}

catalog::v1::Connector CsvConnector(const std::string& code) {
  catalog::v1::Connector c;
  c.set_code(code);
  c.set_link_type("Suivi ETA");
  c.set_communication_mode("CSV_FOLDER");
  c.set_import_path(code + "/import");
  c.set_export_path(code + "/export");
  return c;
}

// Every record of a CSV text, read back with the project's reader (quoting checked for real).
std::vector<std::vector<std::string>> ReadCsv(const std::string& bytes) {
  std::vector<std::vector<std::string>> records;
  csv::Options options;
  options.file_name = "export";
  csv::Reader reader(options, [&](const csv::Record& record) {
    records.emplace_back(record.fields.begin(), record.fields.end());
    return absl::OkStatus();
  });
  EXPECT_TRUE(reader.Feed(bytes).ok());
  EXPECT_TRUE(reader.Finish().ok());
  return records;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class ConnectorExchangeTest : public ExchangeTest {
 protected:
  grpc::Status Upsert(const catalog::v1::Connector& c) {
    catalog::v1::Connector stored;
    return connector_stub_->UpsertConnector(As().get(), c, &stored);
  }
  grpc::Status SaveFilter(const catalog::v1::SavedFilter& f) {
    catalog::v1::SavedFilter stored;
    return connector_stub_->UpsertSavedFilter(As().get(), f, &stored);
  }
  grpc::Status DeleteFilter(const std::string& target, const std::string& name) {
    catalog::v1::DeleteSavedFilterRequest request;
    request.set_target(target);
    request.set_name(name);
    catalog::v1::DeleteSavedFilterResponse response;
    return connector_stub_->DeleteSavedFilter(As().get(), request, &response);
  }
  // The whole send: every progress message, the report last.
  grpc::Status Send(const std::string& code, std::vector<catalog::v1::SendProgress>* messages) {
    catalog::v1::SendRequest request;
    request.set_connector_code(code);
    auto context = As();
    auto reader = connector_stub_->Send(context.get(), request);
    catalog::v1::SendProgress progress;
    while (reader->Read(&progress)) messages->push_back(progress);
    return reader->Finish();
  }
  // Every article of a mapping selection, page after page.
  std::vector<catalog::v1::ArticleMapping> MappingList(catalog::v1::ListArticlesForMappingRequest request,
                                                       int page_size) {
    std::vector<catalog::v1::ArticleMapping> all;
    request.mutable_page()->set_page_size(page_size);
    for (;;) {
      catalog::v1::ListArticlesForMappingResponse page;
      grpc::Status status = connector_stub_->ListArticlesForMapping(As().get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), page.articles().begin(), page.articles().end());
      if (page.next_page_token().empty()) break;
      request.mutable_page()->set_page_token(page.next_page_token());
    }
    return all;
  }
};

TEST_F(ConnectorExchangeTest, SavedFiltersAreValidatedListedAndProtectedWhileASendUsesThem) {
  catalog::v1::SavedFilter bad = Filter("Belges", "ARTICLES");
  bad.set_country_code("BEL");
  grpc::Status refused = SaveFilter(bad);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(),
              AllOf(HasSubstr("filter.country_code « BEL »"),
                    HasSubstr("ne s'applique qu'aux filtres de clients")));

  catalog::v1::SavedFilter articles = Filter("Famille F1", "articles");
  articles.add_families("F1");
  articles.add_families("F1");
  articles.set_only_available_for_export(true);
  ASSERT_TRUE(SaveFilter(articles).ok());
  catalog::v1::SavedFilter belgians = Filter("Belges", "CUSTOMERS");
  belgians.set_country_code("be");
  ASSERT_TRUE(SaveFilter(belgians).ok());

  catalog::v1::ListSavedFiltersRequest list;
  catalog::v1::ListSavedFiltersResponse listed;
  ASSERT_TRUE(connector_stub_->ListSavedFilters(As().get(), list, &listed).ok());
  ASSERT_EQ(listed.filters_size(), 2);
  EXPECT_EQ(listed.filters(0).name(), "Famille F1");
  EXPECT_THAT(listed.filters(0).families(), ElementsAre("F1"));  // duplicates dropped
  EXPECT_EQ(listed.filters(1).country_code(), "BE");
  list.set_target("CUSTOMERS");
  ASSERT_TRUE(connector_stub_->ListSavedFilters(As().get(), list, &listed).ok());
  EXPECT_EQ(listed.filters_size(), 1);

  catalog::v1::Connector c = CsvConnector("ETA");
  c.set_send_articles("FILTER");
  c.set_send_articles_filter("Famille F1");
  ASSERT_TRUE(Upsert(c).ok());
  grpc::Status in_use = DeleteFilter("ARTICLES", "Famille F1");
  EXPECT_EQ(in_use.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(in_use.error_message(), HasSubstr("utilisé par l'envoi du connecteur ETA"));
  c.set_send_articles("AVAILABLE_FOR_EXPORT");
  ASSERT_TRUE(Upsert(c).ok());
  EXPECT_TRUE(DeleteFilter("ARTICLES", "Famille F1").ok());
  grpc::Status gone = DeleteFilter("ARTICLES", "Famille F1");
  EXPECT_EQ(gone.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(gone.error_message(), HasSubstr("le filtre d'articles « Famille F1 » n'existe pas"));
}

TEST_F(ConnectorExchangeTest, BulkMappingListsTheArticlesOfAFilterWithTheirCodesAndSetsManyAtOnce) {
  constexpr int kArticles = 5000;
  SeedCatalog(kArticles);
  ASSERT_TRUE(Upsert(CsvConnector("ETA")).ok());
  catalog::v1::SavedFilter f = Filter("F1 export", "ARTICLES");
  f.add_families("F1");
  f.set_only_available_for_export(true);
  ASSERT_TRUE(SaveFilter(f).ok());
  std::vector<std::string> expected;  // i % 4 == 1 (family F1) and i % 3 == 0 (for export)
  for (int i = 0; i < kArticles; ++i) {
    if (i % 4 == 1 && i % 3 == 0) expected.push_back(absl::StrFormat("A%05d", i));
  }

  catalog::v1::ListArticlesForMappingRequest request;
  request.set_connector_code("ETA");
  request.set_selection("FILTER");
  request.set_filter_name("F1 export");
  std::vector<catalog::v1::ArticleMapping> listed = MappingList(request, 97);
  ASSERT_EQ(listed.size(), expected.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(listed[i].article().code(), expected[i]);
    EXPECT_EQ(listed[i].external_codes_size(), 0);
  }

  // Set every other one at once, then the list shows their codes and --unmapped the rest.
  catalog::v1::SetCorrespondencesRequest set;
  for (size_t i = 0; i < expected.size(); i += 2) {
    auto* c = set.add_correspondences();
    c->set_connector_code("ETA");
    c->set_external_code("ETA-" + expected[i]);
    c->set_article_code(expected[i]);
  }
  catalog::v1::SetCorrespondencesResponse changed;
  ASSERT_TRUE(catalog_stub_->SetCorrespondences(As().get(), set, &changed).ok());
  EXPECT_EQ(changed.changed(), set.correspondences_size());
  listed = MappingList(request, 1000);
  ASSERT_EQ(listed.size(), expected.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    if (i % 2 == 0) {
      EXPECT_THAT(listed[i].external_codes(), ElementsAre("ETA-" + expected[i]));
    } else {
      EXPECT_EQ(listed[i].external_codes_size(), 0);
    }
  }
  request.set_only_unmapped(true);
  EXPECT_EQ(MappingList(request, 1000).size(), expected.size() / 2);

  request.set_filter_name("Inconnu");
  catalog::v1::ListArticlesForMappingResponse none;
  grpc::Status missing = connector_stub_->ListArticlesForMapping(As().get(), request, &none);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("« Inconnu »"));
}

TEST_F(ConnectorExchangeTest, SendWritesTheSelectedArticlesAndCustomersAsCsvFilesAtomically) {
  constexpr int kRows = 12000;
  SeedCatalog(kRows);
  catalog::v1::SavedFilter belgians = Filter("Belges", "CUSTOMERS");
  belgians.set_country_code("BE");
  ASSERT_TRUE(SaveFilter(belgians).ok());
  catalog::v1::Connector c = CsvConnector("ETA");
  c.set_send_articles("AVAILABLE_FOR_EXPORT");
  c.set_send_tariff_category("Tarif 2");
  c.set_send_unit("U");
  c.set_send_depot("Dépôt Nord");
  c.set_send_customers("FILTER");
  c.set_send_customers_filter("Belges");
  c.set_send_contacts(true);
  ASSERT_TRUE(Upsert(c).ok());
  ASSERT_TRUE(Map("ETA", "X-3", "A00003").ok());

  std::vector<catalog::v1::SendProgress> messages;
  grpc::Status sent = Send("ETA", &messages);
  ASSERT_TRUE(sent.ok()) << sent.error_message();
  ASSERT_FALSE(messages.empty());
  const catalog::v1::SyncReport& report = messages.back().report();
  EXPECT_EQ(report.kind(), "ENVOI");
  EXPECT_EQ(report.state(), "Synchronisé");
  ASSERT_EQ(report.entries_size(), 2);
  const int articles = (kRows + 2) / 3;                  // i % 3 == 0
  const int customers = kRows / 5, contacts = kRows / 10 / 5;  // i % 5 == 0 are in BE
  EXPECT_EQ(report.entries(0).identifier(), absl::StrCat(articles, " articles"));
  EXPECT_EQ(report.entries(1).identifier(), absl::StrCat(customers + contacts, " tiers"));
  // Progress after every chunk of 1,000, never backwards, up to the totals.
  int64_t last_done = 0;
  std::string stage;
  for (size_t i = 0; i + 1 < messages.size(); ++i) {
    if (messages[i].stage() != stage) last_done = 0;
    stage = messages[i].stage();
    EXPECT_GT(messages[i].done(), last_done);
    last_done = messages[i].done();
  }
  EXPECT_GE(messages.size(), 1u + (articles + 999) / 1000 + (customers + contacts + 999) / 1000);

  const fs::path folder = folders_.root() / "ETA" / "export";
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  ASSERT_EQ(names.size(), 2u) << "no temporary file may stay behind";
  std::sort(names.begin(), names.end());
  EXPECT_THAT(names[0], HasSubstr("ExportArticles-"));
  EXPECT_THAT(names[1], HasSubstr("ExportTiers-"));
  auto rows = ReadCsv(ReadFile(folder / names[0]));
  ASSERT_EQ(rows.size(), static_cast<size_t>(articles) + 1);
  EXPECT_THAT(rows[0], ElementsAre("Code", "Code externe", "Libellé", "Famille", "Unité",
                                   "Taux TVA", "Prix unitaire HT", "Catégorie tarifaire", "Dépôt"));
  EXPECT_THAT(rows[2], ElementsAre("A00003", "X-3", "Article n° 3 ; \"spécial\"", "F3", "U",
                                   "20.00", "13.0000", "Tarif 2", "Dépôt Nord"));
  rows = ReadCsv(ReadFile(folder / names[1]));
  ASSERT_EQ(rows.size(), static_cast<size_t>(customers + contacts) + 1);
  EXPECT_THAT(rows[1], ElementsAre("C00000", "client", "Client 0", "0 rue de la Paix", "",
                                   "75002", "Paris", "BE", "", "", "", ""));
  int contact_rows = 0;
  for (const auto& row : rows) contact_rows += row[1] == "contact";
  EXPECT_EQ(contact_rows, contacts);

  // The history keeps the send.
  catalog::v1::ListSyncReportsRequest history;
  history.set_connector_code("ETA");
  catalog::v1::ListSyncReportsResponse reports;
  ASSERT_TRUE(connector_stub_->ListSyncReports(As().get(), history, &reports).ok());
  ASSERT_GE(reports.reports_size(), 1);
  EXPECT_EQ(reports.reports(0).kind(), "ENVOI");
  EXPECT_EQ(reports.reports(0).id(), report.id());
}

TEST_F(ConnectorExchangeTest, SendRefusesAMissingFilterAndANothingToSendSetting) {
  catalog::v1::Connector c = CsvConnector("ETA");
  ASSERT_TRUE(Upsert(c).ok());
  std::vector<catalog::v1::SendProgress> messages;
  grpc::Status nothing = Send("ETA", &messages);
  EXPECT_EQ(nothing.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(nothing.error_message(), HasSubstr("n'envoie rien"));
  c.set_send_articles("FILTER");
  c.set_send_articles_filter("Disparu");
  ASSERT_TRUE(Upsert(c).ok());
  grpc::Status missing = Send("ETA", &messages);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("« Disparu »"));
  EXPECT_TRUE(fs::is_empty(folders_.root() / "ETA" / "export"));
}

TEST_F(ConnectorExchangeTest, SendPostsToTheWebserviceInChunksAndRetriesWhatMayPass) {
  WebserviceProcess webservice(root_ / "ws");
  ASSERT_TRUE(webservice.running());
  SeedCatalog(2500);
  webservice.Put("articles.fail", "2");  // two 503 before the first POST passes
  catalog::v1::Connector c;
  c.set_code("WS");
  c.set_link_type("Suivi ETA");
  c.set_communication_mode("WEBSERVICE");
  c.set_webservice_url(webservice.url() + "/");
  c.set_webservice_key(kWebserviceKey);
  c.set_send_articles("AVAILABLE_FOR_EXPORT");
  c.set_send_unit("KG");
  c.set_send_customers("ALL");
  ASSERT_TRUE(Upsert(c).ok());
  std::vector<catalog::v1::SendProgress> messages;
  grpc::Status sent = Send("WS", &messages);
  ASSERT_TRUE(sent.ok()) << sent.error_message();
  const catalog::v1::SyncReport& report = messages.back().report();
  EXPECT_EQ(report.state(), "Synchronisé");
  // 834 articles in 1 POST, 2,500 customers in 3.
  ASSERT_EQ(report.entries_size(), 4);
  EXPECT_EQ(report.entries(0).identifier(), "lot 1 : 834 articles");
  EXPECT_EQ(report.entries(3).identifier(), "lot 3 : 500 tiers");
  nlohmann::json posted = nlohmann::json::parse(webservice.Posted("articles-1.json"));
  ASSERT_EQ(posted["items"].size(), 834u);
  EXPECT_EQ(posted["items"][1]["code"], "A00003");
  EXPECT_EQ(posted["items"][1]["unit"], "KG");
  EXPECT_EQ(posted["items"][1]["unit_price_excl_vat"], "13.0000");
  size_t customers = 0;
  for (int n = 1; n <= 3; ++n) {
    customers += nlohmann::json::parse(webservice.Posted(absl::StrCat("tiers-", n, ".json")))
                     ["items"].size();
  }
  EXPECT_EQ(customers, 2500u);

  // A wrong key is final (no retry) and reported.
  c.set_webservice_key("mauvaise-cle");
  ASSERT_TRUE(Upsert(c).ok());
  messages.clear();
  ASSERT_TRUE(Send("WS", &messages).ok());
  const catalog::v1::SyncReport& refused = messages.back().report();
  EXPECT_EQ(refused.state(), "En erreur");
  EXPECT_THAT(refused.entries(0).message(), HasSubstr("clé refusée par le service web (HTTP 401)"));
}

TEST_F(ConnectorExchangeTest, ReceivedDocumentsAreReadByIdsAndByPagesWithTheirLines) {
  ASSERT_TRUE(Upsert(CsvConnector("ETA")).ok());
  ASSERT_TRUE(AddArticle("VIS", "Vis", "20").ok());
  ASSERT_TRUE(Map("ETA", "E-VIS", "VIS").ok());
  std::ofstream(folders_.root() / "ETA" / "import" / "ImportDocuments1.csv", std::ios::binary)
      << "Document;Date;Client;Article;Libellé;Quantité;Prix unitaire TTC;Taux TVA;Mode de "
         "paiement\r\n"
         "D1;18/01/2026;C1;E-VIS;Vis inox;2;\"1,50\";20;Chèques\r\n"
         "D1;18/01/2026;C1;E-VIS;Vis laiton;1;3;20;Chèques\r\n"
         "D2;19/01/2026;C2;E-VIS;Vis;4;1;20;Virement\r\n"
         "D3;19/01/2026;C2;E-INCONNU;Écrou;4;1;5,5;Virement\r\n";
  catalog::v1::ReceiveRequest receive;
  receive.set_connector_code("ETA");
  catalog::v1::SyncReport received;
  ASSERT_TRUE(connector_stub_->Receive(As().get(), receive, &received).ok());

  catalog::v1::GetReceivedDocumentsRequest request;
  request.set_connector_code("ETA");
  for (const char* id : {"D2", "D1", "D3", "D9"}) request.add_document_ids(id);
  catalog::v1::GetReceivedDocumentsResponse response;
  ASSERT_TRUE(connector_stub_->GetReceivedDocuments(As().get(), request, &response).ok());
  ASSERT_EQ(response.documents_size(), 2);  // D3 waits in quarantine
  const catalog::v1::ReceivedDocument& d1 = response.documents(0);
  EXPECT_EQ(d1.document_id(), "D1");
  EXPECT_EQ(d1.kind(), "ORDER");
  EXPECT_EQ(d1.document_date().iso(), "2026-01-18");
  EXPECT_EQ(d1.customer_code(), "C1");
  EXPECT_EQ(d1.payment_mode(), "Chèques");
  EXPECT_EQ(d1.total_incl_vat().value(), "6.0000");
  EXPECT_EQ(d1.status(), "INTEGRATED");
  ASSERT_EQ(d1.lines_size(), 2);
  EXPECT_EQ(d1.lines(0).external_code(), "E-VIS");
  EXPECT_EQ(d1.lines(0).article_code(), "VIS");
  EXPECT_EQ(d1.lines(0).unit_code(), "C62");
  EXPECT_EQ(d1.lines(0).label(), "Vis inox");
  EXPECT_EQ(d1.lines(0).quantity().value(), "2.0000");
  EXPECT_EQ(d1.lines(0).unit_price_incl_vat().value(), "1.5000");
  EXPECT_EQ(d1.lines(1).label(), "Vis laiton");
  EXPECT_EQ(response.documents(1).document_id(), "D2");
  EXPECT_THAT(response.not_found(), ElementsAre("D9"));

  // Every document of the connector, quarantine included, one per page.
  catalog::v1::GetReceivedDocumentsRequest all;
  all.set_connector_code("ETA");
  all.set_include_quarantined(true);
  all.mutable_page()->set_page_size(1);
  std::vector<std::string> ids;
  for (int guard = 0; guard < 10; ++guard) {
    catalog::v1::GetReceivedDocumentsResponse page;
    ASSERT_TRUE(connector_stub_->GetReceivedDocuments(As().get(), all, &page).ok());
    for (const auto& d : page.documents()) {
      ids.push_back(d.document_id());
      if (d.document_id() == "D3") {
        EXPECT_EQ(d.status(), "QUARANTINE");
        EXPECT_EQ(d.lines(0).article_code(), "");
        EXPECT_EQ(d.lines(0).vat_rate().value(), "5.5000");
      }
    }
    if (page.next_page_token().empty()) break;
    all.mutable_page()->set_page_token(page.next_page_token());
  }
  EXPECT_THAT(ids, ElementsAre("D1", "D2", "D3"));

  request.set_connector_code("NOPE");
  grpc::Status unknown = connector_stub_->GetReceivedDocuments(As().get(), request, &response);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace factflow::catalog_mapping::grpcapi
