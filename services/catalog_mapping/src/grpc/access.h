#pragma once

// Who may call what in catalog-mapping: reads are open to operators, admins and other services
// (the importer resolves articles); writes to operators and admins. Both go through
// grpcutil::HandleRpc (authentication, role check, log context, status mapping).
//
// Thread safety: stateless functions.

#include <string_view>
#include <utility>

#include "auth/token.h"
#include "grpc/call.h"

namespace factflow::catalog_mapping::grpcapi {

// fn: absl::Status(const auth::Principal&).
template <typename Fn>
grpc::Status HandleRead(grpc::ServerContext* context, const auth::TokenSigner& signer,
                        std::string_view method, Fn&& fn) {
  return grpcutil::HandleRpc(context, signer, method,
                             {auth::kRoleOperator, auth::kRoleAdmin, auth::kRoleService},
                             std::forward<Fn>(fn));
}

// fn: absl::Status(const auth::Principal&).
template <typename Fn>
grpc::Status HandleWrite(grpc::ServerContext* context, const auth::TokenSigner& signer,
                         std::string_view method, Fn&& fn) {
  return grpcutil::HandleRpc(context, signer, method, {auth::kRoleOperator, auth::kRoleAdmin},
                             std::forward<Fn>(fn));
}

}  // namespace factflow::catalog_mapping::grpcapi
