#pragma once

// For integration tests: a fresh, empty PostgreSQL database on the cluster started by
// ./factflow test (FACTFLOW_TEST_DATABASE_URL), created for one test and dropped after it.
// Without that variable the test FAILS (it never silently skips): run it through ./factflow test.

#include <cstdint>
#include <memory>
#include <string>

#include "db/migrations.h"
#include "db/pool.h"

namespace factflow::testing {

class TestDatabase {
 public:
  // Creates database "t_<random>" and applies `migrations` (plus the common ones).
  // Throws std::runtime_error (failing the test) when the server is unreachable.
  explicit TestDatabase(const std::vector<db::Migration>& migrations = {});
  ~TestDatabase();

  const std::string& url() const { return url_; }
  db::Pool& pool() { return *pool_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::unique_ptr<db::Pool> pool_;
};

// The single integer `sql` returns (e.g. a count) on `pool`. Throws std::runtime_error (failing
// the test) when the query fails.
int64_t QueryInt(db::Pool& pool, const std::string& sql);

// The value of an environment variable the test needs; throws (failing the test) naming it when
// unset, with a hint to run the tests through ./factflow test.
std::string RequireEnv(const char* name);

}  // namespace factflow::testing
