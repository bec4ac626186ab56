#include "db/pool.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace factflow::db {
namespace {

constexpr int kMaxAttempts = 5;

// Put a connection back only when it is still usable.
bool Reusable(const std::unique_ptr<pqxx::connection>& connection) {
  return connection && connection->is_open();
}

}  // namespace

absl::Status StatusFromException(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    return absl::AbortedError(absl::StrCat("transaction conflict: ", e.what()));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    spdlog::error("SQL error {} in: {}", e.what(), sql->query());
    return absl::InternalError(absl::StrCat("database error: ", e.what()));
  }
  return absl::InternalError(e.what());
}

std::string TextOrEmpty(const pqxx::field& field) {
  return field.is_null() ? std::string() : field.as<std::string>();
}

Pool::Pool(std::string url, int size) : url_(std::move(url)), free_slots_(size) {}

absl::StatusOr<std::unique_ptr<Pool>> Pool::Connect(std::string url, int size) {
  std::unique_ptr<Pool> pool(new Pool(std::move(url), size));
  absl::Status ping = pool->Ping();
  if (!ping.ok()) return ping;
  return pool;
}

std::unique_ptr<pqxx::connection> Pool::Take() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || free_slots_ > 0; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  --free_slots_;
  lock.unlock();
  try {
    return std::make_unique<pqxx::connection>(url_);
  } catch (...) {
    Give(nullptr);
    throw;
  }
}

void Pool::Give(std::unique_ptr<pqxx::connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (Reusable(connection)) {
      idle_.push_back(std::move(connection));
    } else {
      ++free_slots_;
    }
  }
  available_.notify_one();
}

absl::Status Pool::WithConnection(const std::function<absl::Status(pqxx::connection&)>& fn) {
  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = Take();
    absl::Status status = fn(*connection);
    Give(std::move(connection));
    return status;
  } catch (const std::exception& e) {
    Give(std::move(connection));
    return StatusFromException(e);
  }
}

absl::Status Pool::InTransaction(const std::function<absl::Status(pqxx::work&)>& fn) {
  absl::Status last;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    last = WithConnection([&](pqxx::connection& connection) -> absl::Status {
      pqxx::work tx(connection);
      absl::Status status = fn(tx);
      if (status.ok()) tx.commit();
      return status;  // an uncommitted pqxx::work rolls back in its destructor
    });
    if (last.code() != absl::StatusCode::kAborted) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
  }
  return last;
}

absl::Status Pool::Ping() {
  return WithConnection([](pqxx::connection& connection) {
    pqxx::nontransaction tx(connection);
    tx.exec("SELECT 1");
    return absl::OkStatus();
  });
}

}  // namespace factflow::db
