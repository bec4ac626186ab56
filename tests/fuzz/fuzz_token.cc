// libFuzzer target: bearer token verification on arbitrary text (base64url, JSON, signature).
// Property: never crashes, and no token but one signed with our secret is accepted.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "auth/token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const factflow::auth::TokenSigner signer("fuzzing-secret-0123456789abcdef0123456789");
  std::string_view token(reinterpret_cast<const char*>(data), size);
  auto principal = signer.Verify(token);
  // Only the seed tokens are signed with this secret, all for tenant "fuzz-seed": a mutation that
  // verifies with another tenant would be a forged signature accepted.
  if (principal.ok() && principal->tenant_id != "fuzz-seed") std::abort();
  return 0;
}
