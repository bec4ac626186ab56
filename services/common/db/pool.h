#pragma once

// PostgreSQL access shared by every service: a small connection pool and a transaction runner
// that converts libpqxx exceptions into absl::Status once, here (StatusFromException). The
// status message is a generic French sentence; the database's own text (message, SQL, values)
// only goes to the log, never to a caller.
//
//   Unavailable        the connection was lost (the pool reconnects next time) - retry later;
//   Aborted            serialization failure or deadlock after the retries - retry the operation;
//   OutOfRange         numeric overflow (SQLSTATE 22003);
//   InvalidArgument    other data exceptions (class 22: malformed uuid, date, number...) and
//                      program limits (class 54);
//   AlreadyExists      unique violation (23505);
//   FailedPrecondition other integrity violations (class 23, including the protection triggers);
//   Internal           anything else (a bug or a deployment problem such as a missing grant).

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace factflow::db {

// Thread-safe. Connections open lazily and are replaced when broken.
class Pool {
 public:
  // Opens one connection to check the URL; Unavailable when the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<Pool>> Connect(std::string url, int size);

  // Runs fn in a new transaction and commits when it returns OK (rolls back otherwise, and
  // returns its status). Serialization failures and deadlocks are retried up to 5 times.
  absl::Status InTransaction(const std::function<absl::Status(pqxx::work&)>& fn);

  // Runs fn on a raw connection (for LISTEN, advisory locks held across transactions...).
  absl::Status WithConnection(const std::function<absl::Status(pqxx::connection&)>& fn);

  // SELECT 1; Unavailable when the database cannot be reached.
  absl::Status Ping();

  const std::string& url() const { return url_; }

 private:
  Pool(std::string url, int size);
  std::unique_ptr<pqxx::connection> Take();
  void Give(std::unique_ptr<pqxx::connection> connection);

  std::string url_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int free_slots_;
};

// Converts a libpqxx exception (or any std::exception) to a status, as described above, and
// logs the exception's text.
absl::Status StatusFromException(const std::exception& e);
// The status for a PostgreSQL SQLSTATE, as described above (generic French message).
absl::Status StatusFromSqlState(std::string_view sqlstate);

// Helpers for nullable columns.
std::string TextOrEmpty(const pqxx::field& field);

}  // namespace factflow::db
