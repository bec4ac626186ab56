#include "auth/token.h"

#include <gtest/gtest.h>

namespace factflow::auth {
namespace {

const std::string kSecret(40, 'k');

TEST(TokenTest, RoundTripsThePrincipal) {
  TokenSigner signer(kSecret);
  auto token = signer.Sign({"acme", "alice", {"operator", "admin"}}, absl::Minutes(5));
  ASSERT_TRUE(token.ok()) << token.status();
  auto principal = signer.Verify(*token);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->tenant_id, "acme");
  EXPECT_EQ(principal->operator_id, "alice");
  EXPECT_TRUE(principal->HasRole("admin"));
  EXPECT_TRUE(principal->HasRole("operator"));
  EXPECT_FALSE(principal->HasRole("service"));
}

TEST(TokenTest, RejectsAnotherSecret) {
  auto token = TokenSigner(kSecret).Sign({"acme", "alice", {"operator"}}, absl::Minutes(5));
  ASSERT_TRUE(token.ok());
  auto principal = TokenSigner(std::string(40, 'x')).Verify(*token);
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(TokenTest, RejectsAnExpiredToken) {
  TokenSigner signer(kSecret);
  auto token = signer.Sign({"acme", "alice", {"operator"}}, absl::Seconds(-10));
  ASSERT_TRUE(token.ok());
  auto principal = signer.Verify(*token);
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(principal.status().message().find("expiré"), std::string::npos);
}

TEST(TokenTest, RejectsATamperedPayload) {
  TokenSigner signer(kSecret);
  auto token = signer.Sign({"acme", "alice", {"operator"}}, absl::Minutes(5));
  ASSERT_TRUE(token.ok());
  std::string tampered = *token;
  size_t dot = tampered.find('.');
  tampered[dot + 5] = tampered[dot + 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer.Verify(tampered).ok());
  EXPECT_FALSE(signer.Verify("not a token").ok());
}

TEST(TokenTest, RefusesToSignWithoutTenant) {
  EXPECT_FALSE(TokenSigner(kSecret).Sign({"", "alice", {}}, absl::Minutes(1)).ok());
}

}  // namespace
}  // namespace factflow::auth
