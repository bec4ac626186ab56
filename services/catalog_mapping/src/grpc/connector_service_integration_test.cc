// ConnectorService end to end, in process: a real gRPC server and channel, signed tokens, a fresh
// PostgreSQL database per test (FACTFLOW_TEST_DATABASE_URL), real connector folders under a
// temporary root, and a real local HTTP server process (Debian's python3 -m http.server) for the
// connection test.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "grpc/call.h"
#include "grpc/connector_service.h"
#include "grpc/server.h"
#include "gtest/gtest.h"
#include "storage/migrations.h"
#include "testing/test_database.h"

extern char** environ;

namespace factflow::catalog_mapping::grpcapi {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kSecret[] = "connector-integration-test-secret-0123456789abcdef";
constexpr char kTenant[] = "tenant-a";

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// A separate HTTP server process serving `dir` on 127.0.0.1:port, stopped with the object.
class HttpServerProcess {
 public:
  explicit HttpServerProcess(const fs::path& dir) : port_(FreePort()) {
    const std::string port = std::to_string(port_), directory = dir.string();
    const char* argv[] = {"/usr/bin/python3", "-m", "http.server", port.c_str(), "--bind",
                          "127.0.0.1", "--directory", directory.c_str(), nullptr};
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, const_cast<char* const*>(argv), environ) !=
        0) {
      pid_ = 0;
      return;
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~HttpServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  bool running() const { return pid_ > 0 && Accepts(port_); }

 private:
  int port_;
  pid_t pid_ = 0;
};

class ConnectorServiceTest : public ::testing::Test {
 protected:
  ConnectorServiceTest()
      : root_(fs::temp_directory_path() /
              ("factflow-connectors-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        db_(db::catalog_mapping_lib_migrations()),
        signer_(kSecret),
        repository_(db_.pool()),
        folders_((fs::create_directories(root_), fs::canonical(root_))),
        reception_(db_.pool(), folders_, "catalog-mapping"),
        service_(signer_, repository_, folders_, reception_),
        server_("127.0.0.1:0") {}

  ~ConnectorServiceTest() override { fs::remove_all(root_); }

  void SetUp() override {
    server_.AddService(&service_);
    absl::Status started = server_.Start();
    ASSERT_TRUE(started.ok()) << started;
    stub_ = catalog::v1::ConnectorService::NewStub(
        grpcutil::MakeChannel("127.0.0.1:" + std::to_string(server_.port())));
  }

  std::unique_ptr<grpc::ClientContext> As(std::string_view role = auth::kRoleOperator) {
    absl::StatusOr<std::string> token =
        signer_.Sign({kTenant, "op-test", {std::string(role)}}, absl::Minutes(5));
    EXPECT_TRUE(token.ok()) << token.status();
    return grpcutil::OutgoingContext(token.value_or(""), absl::Seconds(30));
  }

  static catalog::v1::Connector CsvConnector(const std::string& code, const std::string& import,
                                             const std::string& export_path = "eta/export") {
    catalog::v1::Connector c;
    c.set_code(code);
    c.set_link_type("Suivi ETA");
    c.set_communication_mode("csv_folder");
    c.set_import_path(import);
    c.set_export_path(export_path);
    c.set_send_articles("FILTER");
    c.set_send_articles_filter("Articles ETA");
    c.set_send_tariff_category("Tarif 1");
    c.set_send_unit("U");
    c.set_send_depot("Dépôt principal");
    c.set_send_customers("ALL");
    c.set_send_contacts(true);
    c.set_reception_document_type("DELIVERY_NOTE");
    c.set_reception_company("Ma société");
    c.set_reception_site("Siège");
    c.set_reception_depot("Dépôt principal");
    c.set_reception_customer_family("Clients ETA");
    c.set_reception_supplier_family("Fournisseurs ETA");
    c.set_reception_mode("AT_STARTUP");
    return c;
  }

  grpc::Status Upsert(const catalog::v1::Connector& c, catalog::v1::Connector* out = nullptr) {
    catalog::v1::Connector response;
    grpc::Status status = stub_->UpsertConnector(As().get(), c, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  fs::path root_;
  factflow::testing::TestDatabase db_;
  auth::TokenSigner signer_;
  storage::ConnectorRepository repository_;
  connectors::ConnectorFolders folders_;
  connectors::Reception reception_;
  ConnectorService service_;
  grpcutil::Server server_;
  std::unique_ptr<catalog::v1::ConnectorService::Stub> stub_;
};

TEST_F(ConnectorServiceTest, CsvConnectorIsStoredWithItsSettingsAndShowsWaitingData) {
  catalog::v1::Connector stored;
  ASSERT_TRUE(Upsert(CsvConnector("ETA", "./eta//import/"), &stored).ok());
  EXPECT_EQ(stored.communication_mode(), "CSV_FOLDER");
  EXPECT_EQ(stored.import_path(), "eta/import");
  EXPECT_EQ(stored.reception_document_type(), "DELIVERY_NOTE");
  EXPECT_EQ(stored.reception_mode(), "AT_STARTUP");
  EXPECT_EQ(stored.send_articles_filter(), "Articles ETA");
  EXPECT_TRUE(stored.send_contacts());
  EXPECT_TRUE(fs::is_directory(root_ / "eta" / "import"));
  EXPECT_TRUE(fs::is_directory(root_ / "eta" / "export"));

  catalog::v1::ListConnectorsResponse list;
  ASSERT_TRUE(stub_->ListConnectors(As().get(), {}, &list).ok());
  ASSERT_EQ(list.connectors_size(), 1);
  EXPECT_EQ(list.connectors(0).pending_state(), "Aucune réception réalisée");
  EXPECT_EQ(list.connectors(0).last_sync_state(), "");

  std::ofstream(root_ / "eta" / "import" / "ImportDocuments162002_07.csv") << "Document\n";
  std::ofstream(root_ / "eta" / "import" / "ImportTiers1.CSV") << "Code\n";
  std::ofstream(root_ / "eta" / "import" / "notes.txt") << "ignored\n";
  list.Clear();
  ASSERT_TRUE(stub_->ListConnectors(As().get(), {}, &list).ok());
  EXPECT_EQ(list.connectors(0).pending_state(), "Données en attente de réception");
  EXPECT_EQ(list.connectors(0).pending_files(), 2);

  catalog::v1::ListPendingReceptionsRequest pending_request;
  pending_request.set_connector_code("ETA");
  catalog::v1::ListPendingReceptionsResponse pending;
  ASSERT_TRUE(stub_->ListPendingReceptions(As().get(), pending_request, &pending).ok());
  EXPECT_THAT(pending.file_names(),
              ElementsAre("ImportTiers1.CSV", "ImportDocuments162002_07.csv"))
      << "parties first: the customers of the documents must exist";

  // Update: one setting changed, read back by GetConnector.
  catalog::v1::Connector changed = CsvConnector("ETA", "eta/import");
  changed.set_reception_mode("");
  ASSERT_TRUE(Upsert(changed).ok());
  catalog::v1::GetConnectorRequest get;
  get.set_code("ETA");
  catalog::v1::Connector read;
  ASSERT_TRUE(stub_->GetConnector(As(auth::kRoleService).get(), get, &read).ok());
  EXPECT_EQ(read.reception_mode(), "MANUAL");
  EXPECT_EQ(read.link_type(), "Suivi ETA");
}

TEST_F(ConnectorServiceTest, FoldersOutsideTheRootAreRefused) {
  const fs::path outside = root_.parent_path() / (root_.filename().string() + "-outside");
  fs::create_directories(outside);
  fs::create_symlink(outside, root_ / "escape");
  struct Case {
    std::string path;
    std::string message;
  };
  for (const Case& c : {Case{"../x", "« .. » interdit"}, Case{"eta/../../x", "« .. » interdit"},
                        Case{"/etc", "chemin absolu hors du dossier racine"},
                        Case{"escape/import", "sort du dossier racine"},
                        Case{"eta/im port", "n'est pas un nom de dossier simple"}}) {
    grpc::Status status = Upsert(CsvConnector("ETA", c.path));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.path;
    EXPECT_THAT(status.error_message(), HasSubstr("connector.import_path")) << c.path;
    EXPECT_THAT(status.error_message(), HasSubstr(c.message)) << c.path;
  }
  EXPECT_FALSE(fs::exists(outside / "import"));
  fs::remove_all(outside);
  // An absolute path under the root is taken relative to it.
  catalog::v1::Connector stored;
  ASSERT_TRUE(Upsert(CsvConnector("ETA", (folders_.root() / "abs" / "in").string()), &stored).ok());
  EXPECT_EQ(stored.import_path(), "abs/in");
}

TEST_F(ConnectorServiceTest, InvalidSettingsAreAllNamedInFrench) {
  catalog::v1::Connector c = CsvConnector("ETA", "eta/import");
  c.set_communication_mode("FTP");
  c.set_send_customers("FILTER");
  c.set_reception_document_type("INVOICE");
  grpc::Status status = Upsert(c);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("connector.communication_mode « FTP » inconnu"));
  EXPECT_THAT(status.error_message(), HasSubstr("connector.send_customers_filter"));
  EXPECT_THAT(status.error_message(),
              HasSubstr("connector.reception_document_type « INVOICE » inconnu : valeurs "
                        "possibles ORDER, DELIVERY_NOTE"));
}

TEST_F(ConnectorServiceTest, WebserviceConnectionTestReallyCallsTheUrl) {
  const fs::path site = root_ / "site";
  fs::create_directories(site);
  std::ofstream(site / "index.html") << "ok";
  HttpServerProcess http(site);
  ASSERT_TRUE(http.running()) << "python3 -m http.server did not start";

  catalog::v1::Connector c;
  c.set_code("ETA-WS");
  c.set_link_type("Suivi ETA");
  c.set_communication_mode("WEBSERVICE");
  c.set_webservice_url("http://127.0.0.1:" + std::to_string(http.port()) + "/");
  grpc::Status status = Upsert(c);
  EXPECT_THAT(status.error_message(), HasSubstr("connector.webservice_key obligatoire"));
  c.set_webservice_key("secret-key");
  catalog::v1::Connector stored;
  ASSERT_TRUE(Upsert(c, &stored).ok());
  EXPECT_TRUE(stored.webservice_key_set());
  EXPECT_EQ(stored.webservice_key(), "") << "the key is never read back";

  catalog::v1::TestConnectionRequest request;
  request.set_connector_code("ETA-WS");
  catalog::v1::TestConnectionResponse answer;
  ASSERT_TRUE(stub_->TestConnection(As().get(), request, &answer).ok());
  EXPECT_TRUE(answer.ok()) << answer.error();
  EXPECT_EQ(answer.http_status(), 200);
  EXPECT_GE(answer.elapsed_ms(), 0);

  // A missing page: the status is reported as it came.
  c.set_webservice_url("http://127.0.0.1:" + std::to_string(http.port()) + "/absent");
  c.set_webservice_key("");  // keeps the stored key
  ASSERT_TRUE(Upsert(c).ok());
  ASSERT_TRUE(stub_->TestConnection(As().get(), request, &answer).ok());
  EXPECT_FALSE(answer.ok());
  EXPECT_EQ(answer.http_status(), 404);
  EXPECT_EQ(answer.error(), "le service web a répondu HTTP 404");

  // Nobody listening.
  c.set_webservice_url("http://127.0.0.1:" + std::to_string(FreePort()) + "/");
  ASSERT_TRUE(Upsert(c).ok());
  ASSERT_TRUE(stub_->TestConnection(As().get(), request, &answer).ok());
  EXPECT_FALSE(answer.ok());
  EXPECT_EQ(answer.http_status(), 0);
  EXPECT_EQ(answer.error(), "connexion refusée ou impossible");
}

TEST_F(ConnectorServiceTest, SyncReportsAreKeptPerConnectorNewestFirst) {
  ASSERT_TRUE(Upsert(CsvConnector("ETA", "eta/import")).ok());
  catalog::v1::ListSyncReportsRequest request;
  request.set_connector_code("ETA");
  catalog::v1::ListSyncReportsResponse reports;
  ASSERT_TRUE(stub_->ListSyncReports(As().get(), request, &reports).ok());
  EXPECT_EQ(reports.reports_size(), 0);

  ASSERT_TRUE(db_.pool()
                  .InTransaction([&](pqxx::work& tx) {
                    storage::ConnectorRepository::AppendReport(
                        tx, kTenant,
                        {0, "ETA", "RECEPTION", "Synchronisé", 0,
                         {{"ImportDocuments162002_07", "Document", "F259037_D260174 / 0729",
                           "Synchronisé", ""}}});
                    storage::ConnectorRepository::AppendReport(
                        tx, kTenant, {0, "ETA", "ENVOI", "En erreur", 0, {}});
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_TRUE(stub_->ListSyncReports(As().get(), request, &reports).ok());
  ASSERT_EQ(reports.reports_size(), 2);
  EXPECT_EQ(reports.reports(0).kind(), "ENVOI");
  EXPECT_EQ(reports.reports(1).kind(), "RECEPTION");
  ASSERT_EQ(reports.reports(1).entries_size(), 1);
  EXPECT_EQ(reports.reports(1).entries(0).identifier(), "F259037_D260174 / 0729");

  catalog::v1::ListConnectorsResponse list;
  ASSERT_TRUE(stub_->ListConnectors(As().get(), {}, &list).ok());
  EXPECT_EQ(list.connectors(0).last_sync_state(), "En erreur");
  EXPECT_EQ(list.connectors(0).pending_state(), "") << "a reception was made, nothing waits";

  request.set_connector_code("INCONNU");
  grpc::Status status = stub_->ListSyncReports(As().get(), request, &reports);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("connecteur « INCONNU » inconnu"));
}

}  // namespace
}  // namespace factflow::catalog_mapping::grpcapi
