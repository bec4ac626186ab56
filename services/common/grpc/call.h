#pragma once

// The frame of every RPC handler and every outgoing call.
//
// Server side: HandleRpc authenticates the bearer token (UNAUTHENTICATED without a valid one),
// checks the role, sets the logging context (tenant, correlation id), runs the handler with the
// caller's Principal, converts exceptions, and maps absl::Status to grpc::Status once.
//
// Client side: OutgoingContext carries a token and the correlation id to another service.

#include <grpcpp/grpcpp.h>

#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "auth/token.h"
#include "logging/logging.h"
#include "metrics/metrics.h"
#include "spdlog/spdlog.h"
#include "status/grpc_status.h"

namespace factflow::grpcutil {

inline constexpr char kCorrelationHeader[] = "x-correlation-id";

// The caller's principal from "authorization: Bearer <token>".
absl::StatusOr<auth::Principal> Authenticate(const grpc::ServerContext& context,
                                             const auth::TokenSigner& signer);

// The incoming correlation id, or a new one.
std::string CorrelationId(const grpc::ServerContext& context);

// PermissionDenied unless the principal has one of the roles (empty list: any role).
absl::Status RequireAnyRole(const auth::Principal& principal,
                            std::initializer_list<std::string_view> roles);

// An exception escaping an RPC handler, logged with its text and mapped without it: a Decimal
// overflow (std::overflow_error) is OUT_OF_RANGE, anything else INTERNAL, in French.
absl::Status StatusFromUnexpected(std::string_view method, const std::exception& e);

// The status as a caller may see it: INTERNAL, UNKNOWN, UNAVAILABLE and DEADLINE_EXCEEDED
// messages (which may carry library, transport or database text) become a generic French
// sentence with the correlation id to find the log line (where HandleRpc logged the original).
absl::Status ForCaller(const absl::Status& status);

// fn: absl::Status(const auth::Principal&). Exceptions are mapped by StatusFromUnexpected, and
// every status goes through ForCaller.
template <typename Fn>
grpc::Status HandleRpc(grpc::ServerContext* context, const auth::TokenSigner& signer,
                       std::string_view method, std::initializer_list<std::string_view> roles,
                       Fn&& fn) {
  auto principal = Authenticate(*context, signer);
  if (!principal.ok()) {
    spdlog::warn("{}: refused: {}", method, principal.status().ToString());
    metrics::Metrics::Get().CountRpc(method, principal.status().code());
    return status::ToGrpc(principal.status());
  }
  logging::ScopedContext log_context({principal->tenant_id, CorrelationId(*context), ""});
  absl::Status result = RequireAnyRole(*principal, roles);
  if (result.ok()) {
    try {
      result = fn(*principal);
    } catch (const std::exception& e) {
      result = StatusFromUnexpected(method, e);
    }
  }
  if (!result.ok() && result.code() != absl::StatusCode::kNotFound) {
    spdlog::warn("{}: {}", method, result.ToString());
  }
  metrics::Metrics::Get().CountRpc(method, result.code());
  return status::ToGrpc(ForCaller(result));
}

// UNIMPLEMENTED for an operation not built yet, in French: "<what> n'est pas encore disponible
// (prévu : <plan>)".
absl::Status NotYetAvailable(std::string_view what, std::string_view plan);

// A client context carrying `token` and the current thread's correlation id, with a deadline.
std::unique_ptr<grpc::ClientContext> OutgoingContext(std::string_view token,
                                                     absl::Duration timeout);

// A channel to `address` with the project's message size limits.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

}  // namespace factflow::grpcutil
