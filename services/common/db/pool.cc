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
  // The exception's text (PostgreSQL's message, the SQL statement, the values) is logged here and
  // never returned: statuses may reach clients, and the text may carry their own hostile input.
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    spdlog::warn("database unavailable: {}", e.what());
    return absl::UnavailableError(
        "base de données momentanément indisponible : réessayez dans quelques instants");
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    spdlog::warn("transaction conflict: {}", e.what());
    return absl::AbortedError("conflit entre opérations simultanées : réessayez");
  }
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (sql == nullptr) {
    spdlog::error("database client error: {}", e.what());
    return absl::InternalError("erreur interne d'accès à la base de données");
  }
  // libpqxx 6 leaves the SQLSTATE empty for some of its exception classes: infer the class.
  std::string state = sql->sqlstate();
  if (state.empty()) {
    if (dynamic_cast<const pqxx::data_exception*>(&e) != nullptr) state = "22000";
    if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e) != nullptr) state = "23000";
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&e) != nullptr) state = "42501";
  }
  spdlog::error("SQL error {} ({}) in: {}", e.what(), state, sql->query().substr(0, 2000));
  return StatusFromSqlState(state);
}

absl::Status StatusFromSqlState(std::string_view sqlstate) {
  if (sqlstate == "22003") {
    return absl::OutOfRangeError(
        "valeur numérique hors limites : un montant ou un nombre est trop grand");
  }
  if (sqlstate.substr(0, 2) == "22") {
    return absl::InvalidArgumentError(
        "valeur invalide : un identifiant, une date ou un nombre de la demande est mal formé");
  }
  if (sqlstate == "23505") {
    return absl::AlreadyExistsError("cet enregistrement existe déjà");
  }
  if (sqlstate.substr(0, 2) == "23") {
    return absl::FailedPreconditionError(
        "opération refusée : l'enregistrement est protégé (facture envoyée, archive, journal) "
        "ou lié à d'autres données");
  }
  if (sqlstate.substr(0, 2) == "54") {
    return absl::InvalidArgumentError("demande trop volumineuse pour la base de données");
  }
  if (sqlstate == "57014") {
    return absl::DeadlineExceededError("la base de données a interrompu une opération trop longue");
  }
  if (sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate.substr(0, 2) == "53") {
    return absl::UnavailableError(
        "base de données momentanément indisponible : réessayez dans quelques instants");
  }
  // Privileges, syntax, undefined objects...: a bug or a deployment problem, retried by consumers.
  return absl::InternalError("erreur interne de la base de données (détail dans le journal)");
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
