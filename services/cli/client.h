#pragma once

// factflowctl's connection to the four services: their addresses and the bearer token, read from
// the environment the ./factflow scripts write (.factflow/<stack>/env), one channel per service,
// and Call(), which runs one RPC with the token and the run's correlation id and converts the
// grpc::Status to an absl::Status whose message names the service when it cannot be reached.
//
// Authentication: FACTFLOW_TOKEN when set (in production, a token issued by the identity
// provider); otherwise a one-hour token minted from FACTFLOW_AUTH_SECRET for the configured
// tenant and operator with the roles admin and operator (local stacks and tests only: whoever
// holds the secret can act as anyone).
//
// Not thread-safe: one Client per factflowctl run.

#include <grpcpp/grpcpp.h>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "auth/token.h"
#include "factflow/catalog/v1/catalog.grpc.pb.h"
#include "factflow/dispatch/v1/dispatch.grpc.pb.h"
#include "factflow/importer/v1/importer.grpc.pb.h"
#include "factflow/invoicing/v1/invoicing.grpc.pb.h"
#include "grpc/call.h"

namespace factflow::cli {

enum class Service { kImporter, kCatalogMapping, kInvoicingState, kChorusDispatch };

struct ServiceInfo {
  Service service;
  std::string_view name;              // "importer", "catalog-mapping", ...
  std::string_view address_variable;  // "FACTFLOW_IMPORTER_ADDRESS", ...
};

// The four services, in the order of the data flow.
const std::array<ServiceInfo, 4>& AllServices();
const ServiceInfo& InfoOf(Service service);

// Where factflowctl connects and as whom. Defaults come from the environment; the global
// --tenant / --operator options overwrite tenant_id / operator_id.
struct Settings {
  std::array<std::string, 4> addresses;  // indexed by Service; "" when unset
  std::string token;                     // FACTFLOW_TOKEN
  std::string auth_secret;               // FACTFLOW_AUTH_SECRET
  std::string tenant_id;                 // FACTFLOW_TENANT, default "demo"
  std::string operator_id;               // FACTFLOW_OPERATOR, default $USER, else "operateur"
  // Waiting on long work gives up after this many seconds without progress
  // (FACTFLOW_STALL_TIMEOUT, --stall-timeout; default 60).
  int stall_timeout_seconds = 60;

  static Settings FromEnvironment();
};

// Signs a token for `principal` with `secret` (FailedPrecondition when the secret is shorter
// than the 32 bytes TokenSigner needs).
absl::StatusOr<std::string> MintToken(const std::string& secret, const auth::Principal& principal,
                                      absl::Duration ttl);

// The service that serves a generated stub type.
template <typename Stub>
struct ServiceOf;
template <>
struct ServiceOf<importer::v1::ImporterService::Stub> {
  static constexpr Service kValue = Service::kImporter;
};
template <>
struct ServiceOf<catalog::v1::CatalogService::Stub> {
  static constexpr Service kValue = Service::kCatalogMapping;
};
template <>
struct ServiceOf<catalog::v1::ConnectorService::Stub> {
  static constexpr Service kValue = Service::kCatalogMapping;
};
template <>
struct ServiceOf<invoicing::v1::TenantService::Stub> {
  static constexpr Service kValue = Service::kInvoicingState;
};
template <>
struct ServiceOf<invoicing::v1::InvoiceService::Stub> {
  static constexpr Service kValue = Service::kInvoicingState;
};
template <>
struct ServiceOf<dispatch::v1::DispatchService::Stub> {
  static constexpr Service kValue = Service::kChorusDispatch;
};

inline constexpr absl::Duration kDefaultCallTimeout = absl::Seconds(30);

class Client {
 public:
  // `settings` must outlive the client; it is read at the first call, after option parsing.
  explicit Client(const Settings& settings);

  // The address of `service`, or FailedPrecondition naming the variable to set.
  absl::StatusOr<std::string> Address(Service service) const;
  // A channel to `service` (created once).
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel(Service service);
  // The bearer token (FACTFLOW_TOKEN, or minted once from FACTFLOW_AUTH_SECRET).
  absl::StatusOr<std::string> Token();
  // The tenant named by the minted token; "" with FACTFLOW_TOKEN (the services read the
  // tenant from the token itself).
  std::string MintedTenant() const;
  // How long factflowctl waits on long work that shows no progress.
  absl::Duration stall_timeout() const { return absl::Seconds(settings_.stall_timeout_seconds); }

  // Runs one unary RPC, e.g. Call(&ImporterService::Stub::GetBatch, request, &batch).
  template <typename Stub, typename Request, typename Response>
  absl::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response,
                    absl::Duration timeout = kDefaultCallTimeout) {
    constexpr Service service = ServiceOf<Stub>::kValue;
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Channel(service);
    if (!channel.ok()) return channel.status();
    absl::StatusOr<std::string> token = Token();
    if (!token.ok()) return token.status();
    Stub stub(*channel);
    std::unique_ptr<grpc::ClientContext> context = grpcutil::OutgoingContext(*token, timeout);
    return Explain(service, (stub.*method)(context.get(), request, response));
  }

  // Runs a list RPC page after page and returns every page merged into one response (repeated
  // fields appended; next_page_token cleared). Request and Response have the usual `page` and
  // `next_page_token` fields.
  template <typename Stub, typename Request, typename Response>
  absl::Status CallAllPages(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                         Response*),
                            Request request, Response* all) {
    constexpr int kMaxPages = 10000;  // a server that never ends the paging is a bug, not data
    all->Clear();
    for (int page = 0; page < kMaxPages; ++page) {
      Response response;
      absl::Status status = Call(method, request, &response);
      if (!status.ok()) return status;
      std::string next = response.next_page_token();
      all->MergeFrom(response);
      if (next.empty() || next == request.page().page_token()) {
        all->clear_next_page_token();
        return absl::OkStatus();
      }
      request.mutable_page()->set_page_token(next);
    }
    return absl::InternalError("la pagination ne se termine pas (plus de 10 000 pages)");
  }

 private:
  // Adds which service failed when it is unreachable or too slow.
  absl::Status Explain(Service service, const grpc::Status& status) const;

  const Settings& settings_;
  std::array<std::shared_ptr<grpc::Channel>, 4> channels_;
  std::optional<std::string> token_;
};

}  // namespace factflow::cli
