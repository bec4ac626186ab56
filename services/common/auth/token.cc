#include "auth/token.h"

#include <jwt.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace factflow::auth {
namespace {

constexpr char kIssuer[] = "factflow";

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

std::string Grant(jwt_t* jwt, const char* name) {
  const char* value = jwt_get_grant(jwt, name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

bool Principal::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

TokenSigner::TokenSigner(std::string secret) : secret_(std::move(secret)) {}

absl::StatusOr<std::string> TokenSigner::Sign(const Principal& principal,
                                              absl::Duration ttl) const {
  if (principal.tenant_id.empty() || principal.operator_id.empty()) {
    return absl::InvalidArgumentError(
        "un jeton demande un dossier (--tenant) et un opérateur (--operator)");
  }
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("fabrication du jeton impossible (jwt_new)");
  JwtPtr jwt(raw);
  int64_t now = absl::ToUnixSeconds(absl::Now());
  bool ok =
      jwt_add_grant(jwt.get(), "iss", kIssuer) == 0 &&
      jwt_add_grant(jwt.get(), "tenant", principal.tenant_id.c_str()) == 0 &&
      jwt_add_grant(jwt.get(), "sub", principal.operator_id.c_str()) == 0 &&
      jwt_add_grant(jwt.get(), "roles", absl::StrJoin(principal.roles, ",").c_str()) == 0 &&
      jwt_add_grant_int(jwt.get(), "iat", now) == 0 &&
      jwt_add_grant_int(jwt.get(), "exp", now + absl::ToInt64Seconds(ttl)) == 0 &&
      jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret_.data()),
                  static_cast<int>(secret_.size())) == 0;
  if (!ok) return absl::InternalError("fabrication du jeton impossible");
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) return absl::InternalError("signature du jeton impossible");
  std::string token(encoded);
  free(encoded);  // libjwt 1.10 allocates with malloc and has no jwt_free_str
  return token;
}

absl::StatusOr<Principal> TokenSigner::Verify(std::string_view token) const {
  jwt_t* raw = nullptr;
  std::string text(token);
  if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(secret_.data()),
                 static_cast<int>(secret_.size())) != 0 ||
      raw == nullptr) {
    return absl::UnauthenticatedError("jeton invalide : signature incorrecte ou format illisible");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) {
    return absl::UnauthenticatedError(
        "jeton invalide : algorithme de signature non accepté (HS256 attendu)");
  }
  if (Grant(jwt.get(), "iss") != kIssuer) {
    return absl::UnauthenticatedError("jeton invalide : émetteur inconnu");
  }
  int64_t exp = jwt_get_grant_int(jwt.get(), "exp");
  if (exp <= absl::ToUnixSeconds(absl::Now())) {
    return absl::UnauthenticatedError("jeton expiré : demandez-en un nouveau (factflowctl token)");
  }
  Principal principal;
  principal.tenant_id = Grant(jwt.get(), "tenant");
  principal.operator_id = Grant(jwt.get(), "sub");
  for (absl::string_view role : absl::StrSplit(Grant(jwt.get(), "roles"), ',', absl::SkipEmpty())) {
    principal.roles.emplace_back(role);
  }
  if (principal.tenant_id.empty() || principal.operator_id.empty()) {
    return absl::UnauthenticatedError("jeton invalide : dossier (tenant) ou opérateur absent");
  }
  return principal;
}

}  // namespace factflow::auth
