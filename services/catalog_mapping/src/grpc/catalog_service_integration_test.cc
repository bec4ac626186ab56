// CatalogService and ConnectorService end to end, in process: a real gRPC server and channel,
// signed tokens, and a fresh PostgreSQL database per test (FACTFLOW_TEST_DATABASE_URL).

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "factflow/events/v1/envelope.pb.h"
#include "factflow/events/v1/events.pb.h"
#include "gmock/gmock.h"
#include "grpc/call.h"
#include "grpc/catalog_service.h"
#include "grpc/connector_service.h"
#include "grpc/server.h"
#include "gtest/gtest.h"
#include "storage/catalog_repository.h"
#include "storage/migrations.h"
#include "testing/test_database.h"

namespace factflow::catalog_mapping::grpcapi {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kSecret[] = "catalog-mapping-integration-test-secret-0123456789";
constexpr char kTenantA[] = "tenant-a";
constexpr char kTenantB[] = "tenant-b";

struct OutboxRow {
  std::string topic;
  std::string partition_key;
  std::string event_type;
  events::v1::EventEnvelope envelope;
};

class CatalogServiceTest : public ::testing::Test {
 protected:
  CatalogServiceTest()
      : db_(db::catalog_mapping_lib_migrations()),
        signer_(kSecret),
        repository_(db_.pool(), "catalog-mapping"),
        catalog_(signer_, repository_, [this] { ++outbox_wakes_; }),
        connector_repository_(db_.pool()),
        folders_(""),
        reception_(db_.pool(), folders_, "catalog-mapping"),
        connectors_(signer_, connector_repository_, folders_, reception_),
        server_("127.0.0.1:0") {}

  void SetUp() override {
    server_.AddService(&catalog_);
    server_.AddService(&connectors_);
    absl::Status started = server_.Start();
    ASSERT_TRUE(started.ok()) << started;
    auto channel = grpcutil::MakeChannel("127.0.0.1:" + std::to_string(server_.port()));
    catalog_stub_ = catalog::v1::CatalogService::NewStub(channel);
    connector_stub_ = catalog::v1::ConnectorService::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& tenant,
                                          std::string_view role = auth::kRoleOperator) {
    absl::StatusOr<std::string> token =
        signer_.Sign({tenant, "op-test", {std::string(role)}}, absl::Minutes(5));
    EXPECT_TRUE(token.ok()) << token.status();
    return grpcutil::OutgoingContext(token.value_or(""), absl::Seconds(30));
  }

  grpc::Status UpsertArticle(const std::string& tenant, const std::string& code,
                             const std::string& label, const std::string& vat_rate,
                             bool for_export = false, catalog::v1::Article* out = nullptr) {
    catalog::v1::Article request;
    request.set_code(code);
    request.set_label(label);
    request.mutable_vat_rate()->set_value(vat_rate);
    request.set_available_for_export(for_export);
    catalog::v1::Article response;
    grpc::Status status = catalog_stub_->UpsertArticle(As(tenant).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status SetCorrespondences(const std::string& tenant,
                                  const std::vector<std::vector<std::string>>& entries,
                                  int* changed = nullptr, bool replace = false) {
    catalog::v1::SetCorrespondencesRequest request;
    request.set_replace(replace);
    for (const auto& entry : entries) {
      catalog::v1::Correspondence* c = request.add_correspondences();
      c->set_connector_code(entry.at(0));
      c->set_external_code(entry.at(1));
      c->set_article_code(entry.at(2));
    }
    catalog::v1::SetCorrespondencesResponse response;
    grpc::Status status = catalog_stub_->SetCorrespondences(As(tenant).get(), request, &response);
    if (changed != nullptr) *changed = response.changed();
    return status;
  }

  grpc::Status Resolve(const std::string& tenant, const std::string& connector,
                       const std::vector<std::string>& codes,
                       catalog::v1::ResolveArticlesResponse* response,
                       std::string_view role = auth::kRoleService) {
    catalog::v1::ResolveArticlesRequest request;
    request.set_connector_code(connector);
    for (const std::string& code : codes) request.add_external_codes(code);
    return catalog_stub_->ResolveArticles(As(tenant, role).get(), request, response);
  }

  int64_t Count(const std::string& table) {
    int64_t count = -1;
    absl::Status status = db_.pool().InTransaction([&](pqxx::work& tx) {
      count = tx.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>();
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return count;
  }

  std::vector<OutboxRow> Outbox() {
    std::vector<OutboxRow> rows;
    absl::Status status = db_.pool().InTransaction([&](pqxx::work& tx) {
      for (const auto& row :
           tx.exec("SELECT topic, partition_key, event_type, envelope FROM outbox ORDER BY id")) {
        OutboxRow& out = rows.emplace_back();
        out.topic = row[0].as<std::string>();
        out.partition_key = row[1].as<std::string>();
        out.event_type = row[2].as<std::string>();
        pqxx::binarystring bytes(row[3]);
        EXPECT_TRUE(out.envelope.ParseFromString(bytes.str()));
      }
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return rows;
  }

  factflow::testing::TestDatabase db_;
  auth::TokenSigner signer_;
  storage::CatalogRepository repository_;
  std::atomic<int> outbox_wakes_{0};
  CatalogService catalog_;
  storage::ConnectorRepository connector_repository_;
  connectors::ConnectorFolders folders_;
  connectors::Reception reception_;
  ConnectorService connectors_;
  grpcutil::Server server_;
  std::unique_ptr<catalog::v1::CatalogService::Stub> catalog_stub_;
  std::unique_ptr<catalog::v1::ConnectorService::Stub> connector_stub_;
};

TEST_F(CatalogServiceTest, UpsertGetAndListArticles) {
  catalog::v1::Article stored;
  ASSERT_TRUE(UpsertArticle(kTenantA, " ART-2 ", "Cahier", "5.50", true, &stored).ok());
  EXPECT_EQ(stored.code(), "ART-2");
  EXPECT_EQ(stored.unit_code(), "C62");
  EXPECT_EQ(stored.vat_rate().value(), "5.5");
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20", true).ok());
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-3", "Service", "10", false).ok());
  // Upserting again replaces the article.
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo bleu", "20", true).ok());

  catalog::v1::GetArticleRequest get;
  get.set_code("ART-1");
  catalog::v1::Article article;
  grpc::Status status = catalog_stub_->GetArticle(As(kTenantA).get(), get, &article);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(article.label(), "Stylo bleu");
  EXPECT_EQ(article.vat_rate().value(), "20");
  EXPECT_TRUE(article.available_for_export());

  catalog::v1::ListArticlesRequest list;
  list.mutable_page()->set_page_size(2);
  catalog::v1::ListArticlesResponse page1;
  ASSERT_TRUE(catalog_stub_->ListArticles(As(kTenantA).get(), list, &page1).ok());
  ASSERT_EQ(page1.articles_size(), 2);
  EXPECT_EQ(page1.articles(0).code(), "ART-1");
  EXPECT_EQ(page1.articles(1).code(), "ART-2");
  EXPECT_EQ(page1.next_page_token(), "ART-2");

  list.mutable_page()->set_page_token(page1.next_page_token());
  catalog::v1::ListArticlesResponse page2;
  ASSERT_TRUE(catalog_stub_->ListArticles(As(kTenantA).get(), list, &page2).ok());
  ASSERT_EQ(page2.articles_size(), 1);
  EXPECT_EQ(page2.articles(0).code(), "ART-3");
  EXPECT_EQ(page2.next_page_token(), "");

  catalog::v1::ListArticlesRequest exportable;
  exportable.set_only_available_for_export(true);
  catalog::v1::ListArticlesResponse exported;
  ASSERT_TRUE(catalog_stub_->ListArticles(As(kTenantA).get(), exportable, &exported).ok());
  ASSERT_EQ(exported.articles_size(), 2);
  EXPECT_EQ(exported.articles(0).code(), "ART-1");
  EXPECT_EQ(exported.articles(1).code(), "ART-2");
}

TEST_F(CatalogServiceTest, InvalidArticleIsRefusedWithTheFix) {
  grpc::Status status = UpsertArticle(kTenantA, "ART-1", "", "19.6");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      status.error_message(),
      AllOf(HasSubstr("article.label est obligatoire"),
            HasSubstr("19.6 n'est pas un taux de TVA français : utilisez l'un de 20, 10, 5.5")));
  EXPECT_EQ(Count("articles"), 0);
}

TEST_F(CatalogServiceTest, UnknownArticleIsNotFoundNamingTheCode) {
  catalog::v1::GetArticleRequest get;
  get.set_code("NOPE");
  catalog::v1::Article article;
  grpc::Status status = catalog_stub_->GetArticle(As(kTenantA).get(), get, &article);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("l'article « NOPE » n'existe pas"));
}

TEST_F(CatalogServiceTest, CorrespondencesAreSetThenResolvedInRequestOrder) {
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20").ok());
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-2", "Cahier", "5.5").ok());
  int changed = 0;
  grpc::Status status = SetCorrespondences(
      kTenantA, {{"fnac", "SKU-1", "ART-1"}, {"fnac", "SKU-2", "ART-2"}, {"eta", "E1", "ART-1"}},
      &changed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(changed, 3);

  catalog::v1::ResolveArticlesResponse resolved;
  status = Resolve(kTenantA, "fnac", {"SKU-2", "UNKNOWN", "SKU-1", "SKU-2", "E1"}, &resolved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(resolved.results_size(), 4);
  EXPECT_EQ(resolved.results(0).external_code(), "SKU-2");
  EXPECT_TRUE(resolved.results(0).mapped());
  EXPECT_EQ(resolved.results(0).article().code(), "ART-2");
  EXPECT_EQ(resolved.results(0).article().vat_rate().value(), "5.5");
  EXPECT_EQ(resolved.results(1).external_code(), "UNKNOWN");
  EXPECT_FALSE(resolved.results(1).mapped());
  EXPECT_FALSE(resolved.results(1).has_article());
  EXPECT_EQ(resolved.results(2).external_code(), "SKU-1");
  EXPECT_EQ(resolved.results(2).article().label(), "Stylo");
  // E1 is mapped for connector "eta", not "fnac".
  EXPECT_EQ(resolved.results(3).external_code(), "E1");
  EXPECT_FALSE(resolved.results(3).mapped());

  // Remapping (asked for), clearing, and repeating an unchanged entry.
  status = SetCorrespondences(
      kTenantA, {{"fnac", "SKU-1", "ART-2"}, {"fnac", "SKU-2", ""}, {"eta", "E1", "ART-1"}},
      &changed, /*replace=*/true);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(changed, 2);
  resolved.Clear();
  ASSERT_TRUE(Resolve(kTenantA, "fnac", {"SKU-1", "SKU-2"}, &resolved).ok());
  EXPECT_EQ(resolved.results(0).article().code(), "ART-2");
  EXPECT_FALSE(resolved.results(1).mapped());
}

TEST_F(CatalogServiceTest, SetCorrespondencesWritesOneEventPerChangedConnector) {
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20").ok());
  ASSERT_TRUE(SetCorrespondences(
                  kTenantA,
                  {{"fnac", "SKU-2", "ART-1"}, {"eta", "E1", "ART-1"}, {"fnac", "SKU-1", "ART-1"}})
                  .ok());
  EXPECT_EQ(outbox_wakes_.load(), 1);

  std::vector<OutboxRow> rows = Outbox();
  ASSERT_EQ(rows.size(), 2u);
  std::vector<std::string> connectors;
  for (const OutboxRow& row : rows) {
    EXPECT_EQ(row.topic, "factflow.catalog.v1");
    EXPECT_EQ(row.event_type, "factflow.events.v1.CorrespondencesChanged");
    EXPECT_EQ(row.partition_key, kTenantA);
    EXPECT_EQ(row.envelope.tenant_id(), kTenantA);
    EXPECT_EQ(row.envelope.aggregate_type(), "connector");
    EXPECT_EQ(row.envelope.producer(), "catalog-mapping");
    events::v1::CorrespondencesChanged payload;
    ASSERT_TRUE(row.envelope.payload().UnpackTo(&payload));
    EXPECT_EQ(row.envelope.aggregate_id(), payload.connector_code());
    connectors.push_back(payload.connector_code());
    if (payload.connector_code() == "fnac") {
      EXPECT_THAT(payload.external_codes(), ElementsAre("SKU-1", "SKU-2"));
    } else {
      EXPECT_THAT(payload.external_codes(), ElementsAre("E1"));
    }
  }
  EXPECT_THAT(connectors, ::testing::UnorderedElementsAre("fnac", "eta"));

  // Nothing changed: no event, no wake-up.
  int changed = -1;
  ASSERT_TRUE(SetCorrespondences(kTenantA, {{"fnac", "SKU-1", "ART-1"}}, &changed).ok());
  EXPECT_EQ(changed, 0);
  EXPECT_EQ(Outbox().size(), 2u);
  EXPECT_EQ(outbox_wakes_.load(), 1);
}

TEST_F(CatalogServiceTest, UnknownArticleIsRefusedAndNothingIsWritten) {
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20").ok());
  grpc::Status status = SetCorrespondences(
      kTenantA, {{"fnac", "SKU-1", "ART-1"}, {"fnac", "SKU-2", "GHOST"}, {"fnac", "SKU-3", ""}});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("« GHOST » n'est pas un article de ce dossier"),
                    HasSubstr("UpsertArticle"), HasSubstr("rien n'a été modifié")));
  EXPECT_EQ(Count("correspondences"), 0);
  EXPECT_EQ(Count("outbox"), 0);
  EXPECT_EQ(outbox_wakes_.load(), 0);
}

TEST_F(CatalogServiceTest, TenantsDoNotSeeEachOther) {
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo A", "20", true).ok());
  ASSERT_TRUE(SetCorrespondences(kTenantA, {{"fnac", "SKU-1", "ART-1"}}).ok());

  catalog::v1::GetArticleRequest get;
  get.set_code("ART-1");
  catalog::v1::Article article;
  EXPECT_EQ(catalog_stub_->GetArticle(As(kTenantB).get(), get, &article).error_code(),
            grpc::StatusCode::NOT_FOUND);
  catalog::v1::ListArticlesResponse listed;
  ASSERT_TRUE(catalog_stub_->ListArticles(As(kTenantB).get(), {}, &listed).ok());
  EXPECT_EQ(listed.articles_size(), 0);
  catalog::v1::ResolveArticlesResponse resolved;
  ASSERT_TRUE(Resolve(kTenantB, "fnac", {"SKU-1"}, &resolved).ok());
  ASSERT_EQ(resolved.results_size(), 1);
  EXPECT_FALSE(resolved.results(0).mapped());
  // B cannot point a code at A's article...
  EXPECT_EQ(SetCorrespondences(kTenantB, {{"fnac", "SKU-1", "ART-1"}}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // ...but has its own article of the same code, and A's stays as it was.
  ASSERT_TRUE(UpsertArticle(kTenantB, "ART-1", "Stylo B", "10").ok());
  ASSERT_TRUE(SetCorrespondences(kTenantB, {{"fnac", "SKU-1", "ART-1"}}).ok());
  resolved.Clear();
  ASSERT_TRUE(Resolve(kTenantA, "fnac", {"SKU-1"}, &resolved).ok());
  EXPECT_EQ(resolved.results(0).article().label(), "Stylo A");
  resolved.Clear();
  ASSERT_TRUE(Resolve(kTenantB, "fnac", {"SKU-1"}, &resolved).ok());
  EXPECT_EQ(resolved.results(0).article().label(), "Stylo B");
}

TEST_F(CatalogServiceTest, RequestWithoutValidTokenIsUnauthenticated) {
  catalog::v1::GetArticleRequest get;
  get.set_code("ART-1");
  catalog::v1::Article article;
  grpc::ClientContext anonymous;
  EXPECT_EQ(catalog_stub_->GetArticle(&anonymous, get, &article).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  auth::TokenSigner other("another-secret-of-at-least-32-bytes-long!!");
  auto forged = grpcutil::OutgoingContext(
      *other.Sign({kTenantA, "op", {std::string(auth::kRoleAdmin)}}, absl::Minutes(1)),
      absl::Seconds(10));
  EXPECT_EQ(catalog_stub_->GetArticle(forged.get(), get, &article).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CatalogServiceTest, ServicesMayReadButNotWrite) {
  catalog::v1::ResolveArticlesResponse resolved;
  EXPECT_TRUE(Resolve(kTenantA, "fnac", {"SKU-1"}, &resolved, auth::kRoleService).ok());
  catalog::v1::Article request;
  request.set_code("ART-1");
  catalog::v1::Article response;
  grpc::Status status =
      catalog_stub_->UpsertArticle(As(kTenantA, auth::kRoleService).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CatalogServiceTest, ResolveRefusesMoreThanTenThousandCodes) {
  std::vector<std::string> codes(10'001);
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = "SKU-" + std::to_string(i);
  catalog::v1::ResolveArticlesResponse resolved;
  grpc::Status status = Resolve(kTenantA, "fnac", codes, &resolved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("envoyez-en au plus 10000 par appel"));

  codes.pop_back();
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20").ok());
  ASSERT_TRUE(SetCorrespondences(kTenantA, {{"fnac", "SKU-9999", "ART-1"}}).ok());
  status = Resolve(kTenantA, "fnac", codes, &resolved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(resolved.results_size(), 10'000);
  EXPECT_TRUE(resolved.results(9'999).mapped());
  EXPECT_FALSE(resolved.results(0).mapped());
}

TEST_F(CatalogServiceTest, PartiesAreUpsertedAndListed) {
  catalog::v1::Party party;
  party.set_code("CLI-1");
  party.set_kind("client");
  party.set_name("Mairie de Lyon");
  party.set_siret("213 690 123 00017");
  party.set_export_to_chorus(true);
  party.mutable_billing_address()->set_line1("1 place de la Comédie");
  party.mutable_billing_address()->set_postal_code("69001");
  party.mutable_billing_address()->set_city("Lyon");
  party.mutable_billing_address()->set_country_code("fr");
  catalog::v1::Party stored;
  grpc::Status status = catalog_stub_->UpsertParty(As(kTenantA).get(), party, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.kind(), "CLIENT");
  EXPECT_EQ(stored.siret(), "21369012300017");

  catalog::v1::Party supplier;
  supplier.set_code("FOU-1");
  supplier.set_kind("FOURNISSEUR");
  supplier.set_name("Papeterie Martin");
  ASSERT_TRUE(catalog_stub_->UpsertParty(As(kTenantA).get(), supplier, &stored).ok());

  catalog::v1::ListPartiesResponse listed;
  ASSERT_TRUE(catalog_stub_->ListParties(As(kTenantA, auth::kRoleService).get(), {}, &listed).ok());
  ASSERT_EQ(listed.parties_size(), 2);
  const catalog::v1::Party& client = listed.parties(0);
  EXPECT_EQ(client.code(), "CLI-1");
  EXPECT_TRUE(client.export_to_chorus());
  EXPECT_EQ(client.billing_address().line1(), "1 place de la Comédie");
  EXPECT_EQ(client.billing_address().country_code(), "FR");
  EXPECT_FALSE(client.has_delivery_address());
  EXPECT_EQ(listed.parties(1).code(), "FOU-1");

  catalog::v1::ListPartiesResponse other_tenant;
  ASSERT_TRUE(catalog_stub_->ListParties(As(kTenantB).get(), {}, &other_tenant).ok());
  EXPECT_EQ(other_tenant.parties_size(), 0);

  party.set_siret("123");
  status = catalog_stub_->UpsertParty(As(kTenantA).get(), party, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("donnez les 14 chiffres"));
}

TEST_F(CatalogServiceTest, ConnectorServiceNeedsAToken) {
  grpc::ClientContext anonymous;
  catalog::v1::ListConnectorsResponse connectors;
  EXPECT_EQ(connector_stub_->ListConnectors(&anonymous, {}, &connectors).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace factflow::catalog_mapping::grpcapi

namespace factflow::catalog_mapping::grpcapi {
namespace {

TEST_F(CatalogServiceTest, AnExternalCodeHeldByAnotherArticleIsRefusedNamingIt) {
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20").ok());
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-2", "Cahier", "20").ok());
  ASSERT_TRUE(SetCorrespondences(kTenantA, {{"eta", "E1", "ART-1"}}).ok());
  int changed = -1;
  grpc::Status status =
      SetCorrespondences(kTenantA, {{"eta", "E2", "ART-2"}, {"eta", "E1", "ART-2"}}, &changed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("le code externe « E1 » du connecteur « eta » est déjà associé à "
                              "l'article « ART-1 »"),
                    HasSubstr("rien n'a été modifié")));
  // Nothing written: E2 is still free.
  catalog::v1::ResolveArticlesResponse resolved;
  ASSERT_TRUE(Resolve(kTenantA, "eta", {"E1", "E2"}, &resolved).ok());
  EXPECT_EQ(resolved.results(0).article().code(), "ART-1");
  EXPECT_FALSE(resolved.results(1).mapped());
  // The same code on another connector is another correspondence.
  EXPECT_TRUE(SetCorrespondences(kTenantA, {{"fnac", "E1", "ART-2"}}).ok());
}

TEST_F(CatalogServiceTest, CorrespondencesAreListedByConnectorPagedAndByArticle) {
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-1", "Stylo", "20").ok());
  ASSERT_TRUE(UpsertArticle(kTenantA, "ART-2", "Cahier", "20").ok());
  ASSERT_TRUE(SetCorrespondences(kTenantA, {{"eta", "E3", "ART-2"},
                                            {"eta", "E1", "ART-1"},
                                            {"eta", "E2", "ART-1"},
                                            {"fnac", "SKU-1", "ART-1"}})
                  .ok());
  EXPECT_FALSE(SetCorrespondences(kTenantB, {{"eta", "E9", "ART-1"}}).ok());  // no ART-1 in B

  std::vector<std::string> seen;
  catalog::v1::ListCorrespondencesRequest request;
  request.set_connector_code("eta");
  request.mutable_page()->set_page_size(2);
  for (int pages = 0; pages < 5; ++pages) {
    catalog::v1::ListCorrespondencesResponse page;
    ASSERT_TRUE(catalog_stub_->ListCorrespondences(As(kTenantA).get(), request, &page).ok());
    for (const auto& c : page.correspondences()) {
      seen.push_back(c.external_code() + "=" + c.article_code() + ":" + c.article_label());
    }
    if (page.next_page_token().empty()) break;
    request.mutable_page()->set_page_token(page.next_page_token());
  }
  EXPECT_THAT(seen, ElementsAre("E1=ART-1:Stylo", "E2=ART-1:Stylo", "E3=ART-2:Cahier"));

  catalog::v1::ListCorrespondencesRequest by_article;
  by_article.set_article_code("ART-1");
  catalog::v1::ListCorrespondencesResponse listed;
  ASSERT_TRUE(catalog_stub_->ListCorrespondences(As(kTenantA).get(), by_article, &listed).ok());
  seen.clear();
  for (const auto& c : listed.correspondences()) {
    seen.push_back(c.connector_code() + "/" + c.external_code());
  }
  EXPECT_THAT(seen, ElementsAre("eta/E1", "eta/E2", "fnac/SKU-1"));

  grpc::Status status =
      catalog_stub_->ListCorrespondences(As(kTenantA).get(), {}, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("donnez connector_code"));
}

}  // namespace
}  // namespace factflow::catalog_mapping::grpcapi
