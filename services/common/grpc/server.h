#pragma once

// gRPC server bootstrap shared by every service: the standard health service (grpc.health.v1,
// NOT_SERVING while the service's database or broker is lost), server reflection, and a
// graceful shutdown that lets in-flight calls finish.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace factflow::grpcutil {

class Server {
 public:
  // address: "host:port"; port 0 picks a free port (see port()).
  explicit Server(std::string address);
  ~Server();

  // Registers a service; call before Start(). The service must outlive the server.
  void AddService(grpc::Service* service);
  // Binds and starts serving. Unavailable when the address cannot be bound.
  absl::Status Start();
  // The bound port (after Start()).
  int port() const { return port_; }
  // Overall health reported to probes (service name "").
  void SetServing(bool serving);
  // Stops accepting calls and waits up to `grace` for in-flight ones.
  void Shutdown(absl::Duration grace);
  void Wait();

 private:
  std::string address_;
  int port_ = 0;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace factflow::grpcutil
