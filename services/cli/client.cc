#include "client.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "status/grpc_status.h"

namespace factflow::cli {
namespace {

constexpr absl::Duration kMintedTokenTtl = absl::Hours(1);
constexpr size_t kMinSecretBytes = 32;  // TokenSigner's precondition (HS256 key)

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::move(fallback);
}

size_t IndexOf(Service service) { return static_cast<size_t>(service); }

}  // namespace

const std::array<ServiceInfo, 4>& AllServices() {
  static constexpr std::array<ServiceInfo, 4> kServices = {{
      {Service::kImporter, "importer", "FACTFLOW_IMPORTER_ADDRESS"},
      {Service::kCatalogMapping, "catalog-mapping", "FACTFLOW_CATALOG_MAPPING_ADDRESS"},
      {Service::kInvoicingState, "invoicing-state", "FACTFLOW_INVOICING_STATE_ADDRESS"},
      {Service::kChorusDispatch, "chorus-dispatch", "FACTFLOW_CHORUS_DISPATCH_ADDRESS"},
  }};
  return kServices;
}

const ServiceInfo& InfoOf(Service service) { return AllServices()[IndexOf(service)]; }

Settings Settings::FromEnvironment() {
  Settings settings;
  for (const ServiceInfo& info : AllServices()) {
    settings.addresses[IndexOf(info.service)] =
        EnvOr(std::string(info.address_variable).c_str(), "");
  }
  settings.token = EnvOr("FACTFLOW_TOKEN", "");
  settings.auth_secret = EnvOr("FACTFLOW_AUTH_SECRET", "");
  settings.tenant_id = EnvOr("FACTFLOW_TENANT", "demo");
  settings.operator_id = EnvOr("FACTFLOW_OPERATOR", EnvOr("USER", "operateur"));
  int stall = 0;
  if (absl::SimpleAtoi(EnvOr("FACTFLOW_STALL_TIMEOUT", ""), &stall) && stall > 0) {
    settings.stall_timeout_seconds = stall;
  }
  return settings;
}

absl::StatusOr<std::string> MintToken(const std::string& secret, const auth::Principal& principal,
                                      absl::Duration ttl) {
  if (secret.empty()) {
    return absl::FailedPreconditionError(
        "ni FACTFLOW_TOKEN ni FACTFLOW_AUTH_SECRET ne sont définis : chargez l'environnement de la "
        "pile (source .factflow/run/env) ou passez par ./factflow ctl");
  }
  if (secret.size() < kMinSecretBytes) {
    return absl::FailedPreconditionError("FACTFLOW_AUTH_SECRET doit faire au moins 32 octets");
  }
  return auth::TokenSigner(secret).Sign(principal, ttl);
}

Client::Client(const Settings& settings) : settings_(settings) {}

absl::StatusOr<std::string> Client::Address(Service service) const {
  const std::string& address = settings_.addresses[IndexOf(service)];
  if (address.empty()) {
    const ServiceInfo& info = InfoOf(service);
    return absl::FailedPreconditionError(
        absl::StrCat(std::string(info.address_variable),
                     " n'est pas défini (adresse host:port du "
                     "service ",
                     std::string(info.name),
                     ") : chargez l'environnement de la pile "
                     "(source .factflow/run/env) ou passez par ./factflow ctl"));
  }
  return address;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Client::Channel(Service service) {
  std::shared_ptr<grpc::Channel>& channel = channels_[IndexOf(service)];
  if (channel == nullptr) {
    absl::StatusOr<std::string> address = Address(service);
    if (!address.ok()) return address.status();
    channel = grpcutil::MakeChannel(*address);
  }
  return channel;
}

absl::StatusOr<std::string> Client::Token() {
  if (!token_) {
    if (!settings_.token.empty()) {
      token_ = settings_.token;
    } else {
      auth::Principal principal{settings_.tenant_id,
                                settings_.operator_id,
                                {std::string(auth::kRoleAdmin), std::string(auth::kRoleOperator)}};
      absl::StatusOr<std::string> minted =
          MintToken(settings_.auth_secret, principal, kMintedTokenTtl);
      if (!minted.ok()) return minted.status();
      token_ = *std::move(minted);
    }
  }
  return *token_;
}

std::string Client::MintedTenant() const {
  return settings_.token.empty() ? settings_.tenant_id : std::string();
}

absl::Status Client::Explain(Service service, const grpc::Status& status) const {
  absl::Status converted = status::FromGrpc(status);
  bool unreachable = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                     status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  if (!unreachable) return converted;
  const ServiceInfo& info = InfoOf(service);
  return absl::Status(converted.code(),
                      absl::StrCat("le service ", std::string(info.name), " (",
                                   settings_.addresses[IndexOf(service)],
                                   ") ne répond pas : ", std::string(converted.message())));
}

}  // namespace factflow::cli
