// Client and health check against in-process gRPC servers on 127.0.0.1 (hermetic).

#include "client.h"

#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>

#include "auth/token.h"
#include "commands/health.h"

namespace factflow::cli {
namespace {

using invoicing::v1::Invoice;
using invoicing::v1::InvoiceService;
using invoicing::v1::TenantService;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-test";

// GetTenant answers with the tenant and operator of the caller's verified token.
class FakeTenants final : public TenantService::Service {
 public:
  grpc::Status GetTenant(grpc::ServerContext* context, const invoicing::v1::GetTenantRequest*,
                         invoicing::v1::Tenant* tenant) override {
    auto header = context->client_metadata().find("authorization");
    if (header == context->client_metadata().end()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no token");
    }
    std::string bearer(header->second.data(), header->second.size());
    auto principal = auth::TokenSigner(kSecret).Verify(bearer.substr(7));
    if (!principal.ok()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          std::string(principal.status().message()));
    }
    if (principal->tenant_id == "missing") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "dossier missing inconnu");
    }
    tenant->set_tenant_id(principal->tenant_id);
    tenant->mutable_company()->set_name(principal->operator_id);
    tenant->set_archiving_enabled(principal->HasRole("admin") && principal->HasRole("operator"));
    return grpc::Status::OK;
  }
};

// ListInvoices serves three pages of one invoice each.
class FakeInvoices final : public InvoiceService::Service {
 public:
  grpc::Status ListInvoices(grpc::ServerContext*, const invoicing::v1::ListInvoicesRequest* request,
                            invoicing::v1::ListInvoicesResponse* response) override {
    const std::string& token = request->page().page_token();
    int page = token.empty() ? 0 : std::stoi(token);
    response->add_invoices()->set_number("FA2026-00000" + std::to_string(page + 1));
    response->set_total_count(3);
    if (page < 2) response->set_next_page_token(std::to_string(page + 1));
    return grpc::Status::OK;
  }
};

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&tenants_);
    builder.RegisterService(&invoices_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    address_ = "127.0.0.1:" + std::to_string(port);
    settings_.addresses[static_cast<size_t>(Service::kInvoicingState)] = address_;
    settings_.auth_secret = kSecret;
    settings_.tenant_id = "acme";
    settings_.operator_id = "alice";
  }
  void TearDown() override { server_->Shutdown(); }

  FakeTenants tenants_;
  FakeInvoices invoices_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  Settings settings_;
};

TEST_F(ClientTest, CallsWithAMintedTokenForTheConfiguredTenantAndOperator) {
  Client client(settings_);
  invoicing::v1::Tenant tenant;
  absl::Status status =
      client.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(), &tenant);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(tenant.tenant_id(), "acme");
  EXPECT_EQ(tenant.company().name(), "alice");
  EXPECT_TRUE(tenant.archiving_enabled());  // roles admin and operator
  EXPECT_EQ(client.MintedTenant(), "acme");
}

TEST_F(ClientTest, UsesFactflowTokenAsGiven) {
  settings_.token = *MintToken(kSecret, {"other", "bob", {"operator", "admin"}}, absl::Minutes(5));
  settings_.auth_secret.clear();
  Client client(settings_);
  invoicing::v1::Tenant tenant;
  ASSERT_TRUE(
      client.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(), &tenant)
          .ok());
  EXPECT_EQ(tenant.tenant_id(), "other");
  EXPECT_EQ(client.MintedTenant(), "");
}

TEST_F(ClientTest, KeepsTheServiceStatusCodeAndMessage) {
  settings_.tenant_id = "missing";
  Client client(settings_);
  invoicing::v1::Tenant tenant;
  absl::Status status =
      client.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(), &tenant);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "dossier missing inconnu");
}

TEST_F(ClientTest, NamesTheServiceThatCannotBeReached) {
  settings_.addresses[static_cast<size_t>(Service::kInvoicingState)] = "127.0.0.1:1";
  Client client(settings_);
  invoicing::v1::Tenant tenant;
  absl::Status status =
      client.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(), &tenant);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(std::string(status.message()).find("le service invoicing-state (127.0.0.1:1)"),
            std::string::npos)
      << status;
}

TEST_F(ClientTest, RefusesWithoutAddressOrSecret) {
  Settings empty;
  Client client(empty);
  invoicing::v1::Tenant tenant;
  absl::Status status =
      client.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(), &tenant);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(status.message()).find("FACTFLOW_INVOICING_STATE_ADDRESS"),
            std::string::npos);

  settings_.auth_secret = "too short";
  Client short_secret(settings_);
  status = short_secret.Call(&TenantService::Stub::GetTenant, invoicing::v1::GetTenantRequest(),
                             &tenant);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ClientTest, MergesEveryPage) {
  Client client(settings_);
  invoicing::v1::ListInvoicesResponse all;
  absl::Status status = client.CallAllPages(&InvoiceService::Stub::ListInvoices,
                                            invoicing::v1::ListInvoicesRequest(), &all);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(all.invoices_size(), 3);
  EXPECT_EQ(all.invoices(0).number(), "FA2026-000001");
  EXPECT_EQ(all.invoices(2).number(), "FA2026-000003");
  EXPECT_EQ(all.next_page_token(), "");
}

TEST_F(ClientTest, HealthCheckReadsTheStandardHealthService) {
  auto channel = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  HealthReport report = CheckHealth(channel, absl::Seconds(5));
  EXPECT_TRUE(report.serving);
  EXPECT_EQ(report.state, "SERVING");

  server_->GetHealthCheckService()->SetServingStatus(false);
  report = CheckHealth(channel, absl::Seconds(5));
  EXPECT_FALSE(report.serving);
  EXPECT_EQ(report.state, "NOT_SERVING");
}

TEST(HealthCheck, UnreachableServerIsNotServing) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  HealthReport report = CheckHealth(channel, absl::Seconds(5));
  EXPECT_FALSE(report.serving);
  EXPECT_EQ(report.state.rfind("INJOIGNABLE", 0), 0u) << report.state;
}

}  // namespace
}  // namespace factflow::cli
