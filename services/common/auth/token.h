#pragma once

// Bearer tokens: a JWT signed with HS256 carrying the tenant, the operator and their roles.
// Every RPC is authenticated with one; every query is scoped to the token's tenant.
// Services calling each other mint short-lived tokens with the role "service".

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace factflow::auth {

inline constexpr std::string_view kRoleAdmin = "admin";        // tenant settings
inline constexpr std::string_view kRoleOperator = "operator";  // imports, invoices
inline constexpr std::string_view kRoleService = "service";    // service-to-service calls

// Who is calling, for which tenant.
struct Principal {
  std::string tenant_id;
  std::string operator_id;
  std::vector<std::string> roles;

  bool HasRole(std::string_view role) const;
};

// Signs and verifies tokens with one shared secret. Thread-safe (immutable after construction).
class TokenSigner {
 public:
  // Precondition: secret is at least 32 bytes.
  explicit TokenSigner(std::string secret);

  absl::StatusOr<std::string> Sign(const Principal& principal, absl::Duration ttl) const;
  // Unauthenticated with a reason when the signature, issuer, expiry or claims are wrong.
  absl::StatusOr<Principal> Verify(std::string_view token) const;

 private:
  std::string secret_;
};

}  // namespace factflow::auth
