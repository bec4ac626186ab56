#include "grpc/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace factflow::grpcutil {

Server::Server(std::string address) : address_(std::move(address)) {}

Server::~Server() {
  if (server_) Shutdown(absl::Seconds(1));
}

void Server::AddService(grpc::Service* service) { services_.push_back(service); }

absl::Status Server::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Uploads carry whole files; the importer enforces its own, smaller, limit with a clear error.
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  builder.SetMaxSendMessageSize(64 * 1024 * 1024);
  builder.AddListeningPort(address_, grpc::InsecureServerCredentials(), &port_);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address_));
  }
  spdlog::info("gRPC listening on {} (port {})", address_, port_);
  return absl::OkStatus();
}

void Server::SetServing(bool serving) {
  if (!server_) return;
  if (auto* health = server_->GetHealthCheckService()) health->SetServingStatus(serving);
}

void Server::Shutdown(absl::Duration grace) {
  if (!server_) return;
  SetServing(false);
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoSeconds(grace));
  server_->Wait();
  server_.reset();
}

void Server::Wait() {
  if (server_) server_->Wait();
}

}  // namespace factflow::grpcutil
