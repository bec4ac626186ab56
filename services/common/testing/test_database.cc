#include "testing/test_database.h"

#include <cstdlib>
#include <stdexcept>

#include "logging/logging.h"

namespace factflow::testing {
namespace {

// Replaces the database name (the path after the last '/') of a libpq URI.
std::string WithDatabase(const std::string& url, const std::string& name) {
  size_t slash = url.rfind('/');
  size_t query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

void Execute(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::nontransaction(connection).exec(sql);
}

}  // namespace

std::string RequireEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run the tests with ./factflow test, which starts "
                             "PostgreSQL and the devbroker and exports it");
  }
  return value;
}

TestDatabase::TestDatabase(const std::vector<db::Migration>& migrations)
    : admin_url_(RequireEnv("FACTFLOW_TEST_DATABASE_URL")) {
  std::string id = logging::NewUuid();
  name_ = "t_" + id.substr(0, 8) + id.substr(9, 4);
  Execute(admin_url_, "CREATE DATABASE " + name_);
  url_ = WithDatabase(admin_url_, name_);
  auto pool = db::Pool::Connect(url_, 4);
  if (!pool.ok()) throw std::runtime_error(pool.status().ToString());
  pool_ = std::move(*pool);
  std::vector<db::Migration> all = db::CommonMigrations();
  all.insert(all.end(), migrations.begin(), migrations.end());
  absl::Status applied = db::ApplyMigrations(*pool_, all);
  if (!applied.ok()) throw std::runtime_error(applied.ToString());
}

TestDatabase::~TestDatabase() {
  pool_.reset();
  try {
    Execute(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // Leaving a test database behind is harmless: the test stack is recreated each run.
  }
}

int64_t QueryInt(db::Pool& pool, const std::string& sql) {
  int64_t value = 0;
  absl::Status status = pool.InTransaction([&](pqxx::work& tx) {
    value = tx.exec1(sql)[0].as<int64_t>();
    return absl::OkStatus();
  });
  if (!status.ok()) throw std::runtime_error(sql + ": " + status.ToString());
  return value;
}

}  // namespace factflow::testing
