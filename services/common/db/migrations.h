#pragma once

// Versioned SQL migrations, compiled into each service binary (factflow_embed_migrations in
// cmake/FactflowHelpers.cmake) and applied at start, in version order, each in its own
// transaction, under an advisory lock so that replicas starting together apply them once.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "db/pool.h"

namespace factflow::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Tables every service has: the transactional outbox and the idempotent inbox (versions < 100;
// service migrations start at 100), and later changes to them numbered in the band of their
// change (200: outbox repair columns).
std::vector<Migration> CommonMigrations();

// Applies the migrations not yet recorded in schema_migrations. A migration whose recorded name
// differs from the compiled one is an error (FailedPrecondition): history was rewritten.
absl::Status ApplyMigrations(Pool& pool, const std::vector<Migration>& migrations);

// For a service running as its application role (which cannot run DDL): OK when every migration
// is recorded in schema_migrations under its name, FailedPrecondition naming the first pending
// one otherwise (the migrations job has not run yet).
absl::Status VerifyMigrations(Pool& pool, const std::vector<Migration>& migrations);

}  // namespace factflow::db
