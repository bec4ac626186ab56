// Authentication of the stack's PostgreSQL (./factflow test): every role needs its own password
// (scram-sha-256, loopback only), so a service's application role cannot simply connect as the
// owner role or the superuser, which would void least privilege (db_privileges_integration_test
// shows what the application role cannot do once connected).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "testing/test_database.h"

namespace factflow {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

// postgresql://user:password@host:port/db, split at the user info.
struct Url {
  std::string user, password, rest;  // rest: "host:port/db..."
};

Url Split(const std::string& url) {
  const std::string scheme = "postgresql://";
  EXPECT_EQ(url.rfind(scheme, 0), 0u) << "not a postgresql:// URL";
  size_t at = url.find('@');
  EXPECT_NE(at, std::string::npos) << "no user info in the stack's URL";
  std::string info = url.substr(scheme.size(), at - scheme.size());
  size_t colon = info.find(':');
  return {info.substr(0, colon), colon == std::string::npos ? "" : info.substr(colon + 1),
          url.substr(at + 1)};
}

std::string Join(const std::string& user, const std::string& password, const std::string& rest) {
  return "postgresql://" + user + (password.empty() ? "" : ":" + password) + "@" + rest;
}

// Why connecting to `url` fails, or "" when it succeeds.
std::string ConnectError(const std::string& url) {
  try {
    pqxx::connection connection(url);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

class DatabaseAuthTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    // Only the URL may carry a password: no ~/.pgpass, no PGPASSWORD from the caller.
    unsetenv("PGPASSWORD");
    setenv("PGPASSFILE", "/nonexistent/factflow-no-pgpass", 1);
  }

  std::string Env(const std::string& what) const {
    return testing::RequireEnv(("FACTFLOW_" + GetParam() + what).c_str());
  }
};

const auto kRefused =
    AnyOf(HasSubstr("password authentication failed"), HasSubstr("no password supplied"));

TEST_P(DatabaseAuthTest, EachRoleConnectsWithItsOwnPasswordOnly) {
  const Url app = Split(Env("_DATABASE_URL"));
  const Url owner = Split(Env("_MIGRATION_DATABASE_URL"));
  ASSERT_FALSE(app.password.empty()) << "the service's URL carries no password";
  ASSERT_NE(app.user, owner.user);
  EXPECT_EQ(ConnectError(Join(app.user, app.password, app.rest)), "");
  EXPECT_EQ(ConnectError(Join(owner.user, owner.password, owner.rest)), "");

  // What a service holds (its own URL) does not open the owner's or the superuser's door.
  EXPECT_THAT(ConnectError(Join(owner.user, "", app.rest)), kRefused);
  EXPECT_THAT(ConnectError(Join(owner.user, app.password, app.rest)), kRefused);
  EXPECT_THAT(ConnectError(Join("factflow", "", app.rest)), kRefused);
  EXPECT_THAT(ConnectError(Join("factflow", app.password, app.rest)), kRefused);
  EXPECT_THAT(ConnectError(Join("postgres", "", app.rest)),
              AnyOf(kRefused, HasSubstr("does not exist")));
  // Nor does a role without its password.
  EXPECT_THAT(ConnectError(Join(app.user, "", app.rest)), kRefused);
  EXPECT_THAT(ConnectError(Join(app.user, app.password + "0", app.rest)), kRefused);
}

INSTANTIATE_TEST_SUITE_P(Services, DatabaseAuthTest,
                         ::testing::Values("IMPORTER", "CATALOG_MAPPING", "INVOICING_STATE",
                                           "CHORUS_DISPATCH"));

// The server's own rules: passwords (scram-sha-256) over loopback TCP, nothing else (no trust,
// no peer, no md5, no other address).
TEST(DatabaseAuthRulesTest, OnlyScramOverLoopback) {
  pqxx::connection connection(testing::RequireEnv("FACTFLOW_TEST_DATABASE_URL"));
  pqxx::work tx(connection);
  pqxx::result rules = tx.exec(
      "SELECT type, coalesce(address, ''), coalesce(netmask, ''), coalesce(auth_method, ''), "
      "coalesce(error, '') FROM pg_hba_file_rules");
  ASSERT_GT(rules.size(), 0u);
  for (const pqxx::row& rule : rules) {
    EXPECT_EQ(rule[4].as<std::string>(), "") << "pg_hba.conf has an error";
    EXPECT_EQ(rule[0].as<std::string>(), "host");
    EXPECT_EQ(rule[1].as<std::string>(), "127.0.0.1");
    EXPECT_EQ(rule[2].as<std::string>(), "255.255.255.255");
    EXPECT_EQ(rule[3].as<std::string>(), "scram-sha-256");
  }
  EXPECT_EQ(tx.exec1("SHOW password_encryption")[0].as<std::string>(), "scram-sha-256");
  // Every login role has a password stored as a SCRAM verifier.
  pqxx::result weak = tx.exec(
      "SELECT rolname FROM pg_authid WHERE rolcanlogin AND rolname LIKE 'factflow%' "
      "AND (rolpassword IS NULL OR rolpassword NOT LIKE 'SCRAM-SHA-256$%')");
  for (const pqxx::row& role : weak) {
    ADD_FAILURE() << role[0].as<std::string>() << ": no SCRAM password";
  }
}

}  // namespace
}  // namespace factflow
