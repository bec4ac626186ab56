#pragma once

// The fixture of the connector exchange tests: CatalogService and ConnectorService on a real
// gRPC server, a fresh PostgreSQL database (FACTFLOW_TEST_DATABASE_URL), connector folders under
// a temporary root, and the third party's webservice as a separate process
// (tests/connector_ws/connector_ws_server.py) serving and recording files in a temporary folder.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "connectors/reception.h"
#include "grpc/call.h"
#include "grpc/catalog_service.h"
#include "grpc/connector_service.h"
#include "grpc/server.h"
#include "gtest/gtest.h"
#include "storage/catalog_repository.h"
#include "storage/migrations.h"
#include "testing/test_database.h"

extern char** environ;

namespace factflow::catalog_mapping::grpcapi {

namespace fs = std::filesystem;

inline constexpr char kExchangeSecret[] = "exchange-integration-test-secret-0123456789abcdef";
inline constexpr char kExchangeTenant[] = "tenant-a";
inline constexpr char kWebserviceKey[] = "cle-secrete-de-test";

// The webservice stand-in, a separate python3 process on a free port, stopped with the object.
class WebserviceProcess {
 public:
  explicit WebserviceProcess(const fs::path& dir) : dir_(dir) {
    fs::create_directories(dir_);
    const std::string script =
        std::string(FACTFLOW_SOURCE_DIR) + "/tests/connector_ws/connector_ws_server.py";
    const std::string port_file = (dir_ / "port").string(), directory = dir_.string();
    const char* argv[] = {"/usr/bin/python3", script.c_str(), "--dir", directory.c_str(),
                          "--key", kWebserviceKey, "--port-file", port_file.c_str(), nullptr};
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, const_cast<char* const*>(argv), environ) !=
        0) {
      pid_ = 0;
      return;
    }
    for (int i = 0; i < 600 && !fs::exists(port_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream(port_file) >> port_;
  }
  ~WebserviceProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  bool running() const { return pid_ > 0 && port_ > 0; }
  const fs::path& dir() const { return dir_; }
  void Put(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::string Posted(const std::string& name) const {
    std::ifstream in(dir_ / "posted" / name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

 private:
  fs::path dir_;
  pid_t pid_ = 0;
  int port_ = 0;
};

class ExchangeTest : public ::testing::Test {
 protected:
  ExchangeTest()
      : root_(fs::temp_directory_path() /
              ("factflow-exchange-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        db_(db::catalog_mapping_lib_migrations()),
        signer_(kExchangeSecret),
        catalog_repository_(db_.pool(), "catalog-mapping"),
        connector_repository_(db_.pool()),
        folders_((fs::create_directories(root_ / "connectors"), fs::canonical(root_ / "connectors"))),
        reception_(db_.pool(), folders_, "catalog-mapping"),
        catalog_(signer_, catalog_repository_, {}),
        connectors_(signer_, connector_repository_, folders_, reception_),
        server_("127.0.0.1:0") {}

  ~ExchangeTest() override { fs::remove_all(root_); }

  void SetUp() override {
    server_.AddService(&catalog_);
    server_.AddService(&connectors_);
    absl::Status started = server_.Start();
    ASSERT_TRUE(started.ok()) << started;
    auto channel = grpcutil::MakeChannel("127.0.0.1:" + std::to_string(server_.port()));
    catalog_stub_ = catalog::v1::CatalogService::NewStub(channel);
    connector_stub_ = catalog::v1::ConnectorService::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> As(absl::Duration deadline = absl::Seconds(120)) {
    absl::StatusOr<std::string> token = signer_.Sign(
        {kExchangeTenant, "op-test", {std::string(auth::kRoleOperator)}}, absl::Minutes(5));
    EXPECT_TRUE(token.ok()) << token.status();
    return grpcutil::OutgoingContext(token.value_or(""), deadline);
  }

  // Creates an article (unit C62) through CatalogService.
  grpc::Status AddArticle(const std::string& code, const std::string& label,
                          const std::string& vat_rate) {
    catalog::v1::Article article;
    article.set_code(code);
    article.set_label(label);
    article.set_unit_code("C62");
    article.mutable_vat_rate()->set_value(vat_rate);
    catalog::v1::Article saved;
    return catalog_stub_->UpsertArticle(As().get(), article, &saved);
  }
  // Maps `external` of `connector` to `article` (SetCorrespondences).
  grpc::Status Map(const std::string& connector, const std::string& external,
                   const std::string& article) {
    catalog::v1::SetCorrespondencesRequest set;
    auto* c = set.add_correspondences();
    c->set_connector_code(connector);
    c->set_external_code(external);
    c->set_article_code(article);
    catalog::v1::SetCorrespondencesResponse changed;
    return catalog_stub_->SetCorrespondences(As().get(), set, &changed);
  }

  // Inserts `n` articles A00000.. (every third available for export, family F<i % 4>) and `n`
  // customers C00000.. (family G<i % 2>, country BE when i % 5 == 0, else FR) plus n / 10
  // contacts CT00000.. (same countries), set-based.
  void SeedCatalog(int n) {
    ASSERT_TRUE(db_.pool()
                    .InTransaction([&](pqxx::work& tx) {
                      tx.exec_params(
                          "INSERT INTO articles (tenant_id, code, label, unit_code, vat_rate, "
                          "available_for_export, family, unit_price_excl_vat) SELECT $1, "
                          "'A' || lpad(i::text, 5, '0'), 'Article n° ' || i || ' ; \"spécial\"', "
                          "'C62', 20, i % 3 = 0, 'F' || (i % 4), 10 + i FROM generate_series(0, "
                          "$2 - 1) i",
                          kExchangeTenant, n);
                      tx.exec_params(
                          "INSERT INTO parties (tenant_id, code, kind, name, family, "
                          "billing_address) SELECT $1, 'C' || lpad(i::text, 5, '0'), 'CLIENT', "
                          "'Client ' || i, 'G' || (i % 2), jsonb_build_object('line1', i || ' rue "
                          "de la Paix', 'postal_code', '75002', 'city', 'Paris', 'country_code', "
                          "CASE WHEN i % 5 = 0 THEN 'BE' ELSE 'FR' END) "
                          "FROM generate_series(0, $2 - 1) i",
                          kExchangeTenant, n);
                      tx.exec_params(
                          "INSERT INTO parties (tenant_id, code, kind, name, billing_address) "
                          "SELECT $1, 'CT' || lpad(i::text, 5, '0'), 'CONTACT', 'Contact ' || i, "
                          "jsonb_build_object('city', 'Lille', 'country_code', CASE WHEN i % 5 "
                          "= 0 THEN 'BE' ELSE 'FR' END) FROM generate_series(0, $2 / 10 - 1) i",
                          kExchangeTenant, n);
                      return absl::OkStatus();
                    })
                    .ok());
  }

  fs::path root_;
  factflow::testing::TestDatabase db_;
  auth::TokenSigner signer_;
  storage::CatalogRepository catalog_repository_;
  storage::ConnectorRepository connector_repository_;
  connectors::ConnectorFolders folders_;
  connectors::Reception reception_;
  CatalogService catalog_;
  ConnectorService connectors_;
  grpcutil::Server server_;
  std::unique_ptr<catalog::v1::CatalogService::Stub> catalog_stub_;
  std::unique_ptr<catalog::v1::ConnectorService::Stub> connector_stub_;
};

}  // namespace factflow::catalog_mapping::grpcapi
