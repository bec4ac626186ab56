#include "db/migrations.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace factflow::db {
namespace {

constexpr char kCreateHistory[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

// Same key for every factflow service: their databases are distinct, the lock is per database.
constexpr int64_t kMigrationLock = 0x66616374666c6f77;  // "factflow"

absl::Status ApplyOne(pqxx::connection& connection, const Migration& migration,
                      const std::map<int, std::string>& applied) {
  auto it = applied.find(migration.version);
  if (it != applied.end()) {
    if (it->second != migration.name) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", migration.version, " was applied as '", it->second,
                       "' but this binary has '", migration.name, "'"));
    }
    return absl::OkStatus();
  }
  pqxx::work tx(connection);
  tx.exec(migration.sql);
  tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", migration.version,
                 migration.name);
  tx.commit();
  spdlog::info("applied migration {} {}", migration.version, migration.name);
  return absl::OkStatus();
}

}  // namespace

std::vector<Migration> CommonMigrations() {
  return {{1, "0001_outbox_inbox", R"sql(
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  event_id      uuid NOT NULL UNIQUE,
  topic         text NOT NULL,
  partition_key text NOT NULL,
  event_type    text NOT NULL,
  envelope      bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE inbox (
  consumer     text NOT NULL,
  event_id     uuid NOT NULL,
  event_type   text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Events a consumer could not apply for a reason that retrying will not fix.
CREATE TABLE dead_letters (
  id          bigserial PRIMARY KEY,
  consumer    text NOT NULL,
  event_id    uuid,
  event_type  text,
  topic       text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  error       text NOT NULL,
  envelope    bytea,
  failed_at   timestamptz NOT NULL DEFAULT now()
);
)sql"},
          {2, "0002_least_privilege", R"sql(
-- Least privilege (deploy/README.md, "Database roles"): migrations run as the owner role, the
-- service as an application role with only the DML it needs. Each service's privileges
-- migration calls this for the tables every service has, then grants on its own tables.
CREATE FUNCTION factflow_grant_common(app_role text) RETURNS void AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app_role) THEN
    RAISE EXCEPTION 'role % does not exist: create it before migrating (deploy/README.md, Database roles)', app_role;
  END IF;
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON outbox, inbox, dead_letters TO %I', app_role);
  -- The relay marks rows published (and the republish path clears the mark): nothing else.
  EXECUTE format('GRANT UPDATE (published_at) ON outbox TO %I', app_role);
  EXECUTE format('GRANT USAGE ON SEQUENCE outbox_id_seq, dead_letters_id_seq TO %I', app_role);
  -- Outbox retention (migration 3): the relay records the cluster it publishes to, and purges
  -- published rows past the retention (unpublished rows are never deleted: see the policy).
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON outbox_cluster TO %I', app_role);
  EXECUTE format('GRANT DELETE ON outbox TO %I', app_role);
END
$$ LANGUAGE plpgsql;
REVOKE ALL ON FUNCTION factflow_grant_common(text) FROM PUBLIC;

-- TRUNCATE bypasses row triggers: protected tables refuse it with this statement trigger.
CREATE FUNCTION refuse_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % cannot be truncated', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
)sql"},
          {3, "0003_outbox_retention", R"sql(
-- The Kafka cluster the outbox was last published to (one row). When the producer finds
-- another cluster id (the broker lost its log), the relay republishes the retention horizon.
CREATE TABLE outbox_cluster (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  cluster_id text NOT NULL,
  adopted_at timestamptz NOT NULL DEFAULT now()
);
-- Published rows are kept for the retention, then purged; both walk this index.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
-- Only published rows may be purged: an event not yet on the broker is never deleted.
CREATE FUNCTION outbox_keep_unpublished() RETURNS trigger AS $$
BEGIN
  IF OLD.published_at IS NULL THEN
    RAISE EXCEPTION 'outbox event % is not published yet: it cannot be deleted', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER outbox_keep_unpublished BEFORE DELETE ON outbox
  FOR EACH ROW EXECUTE FUNCTION outbox_keep_unpublished();
)sql"},
          // Numbered in the band of the change (issue 6), after every service's own
          // least-privilege migration; each service's 0201_outbox_admin.sql grants the columns.
          {200, "0200_outbox_admin", R"sql(
-- Outbox repair (outbox/admin.h): the relay records why it cannot publish a row; an
-- administrator parks it (the relay skips it) or republishes it.
ALTER TABLE outbox
  ADD COLUMN last_error    text,
  ADD COLUMN last_error_at timestamptz,
  ADD COLUMN parked_at     timestamptz,
  ADD COLUMN parked_by     text,
  ADD COLUMN park_reason   text;
CREATE FUNCTION factflow_grant_outbox_admin(app_role text) RETURNS void AS $$
BEGIN
  EXECUTE format('GRANT UPDATE (last_error, last_error_at, parked_at, parked_by, park_reason) '
                 'ON outbox TO %I', app_role);
END
$$ LANGUAGE plpgsql;
REVOKE ALL ON FUNCTION factflow_grant_outbox_admin(text) FROM PUBLIC;
)sql"}};
}

absl::Status ApplyMigrations(Pool& pool, const std::vector<Migration>& migrations) {
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return pool.WithConnection([&](pqxx::connection& connection) -> absl::Status {
    pqxx::nontransaction(connection).exec_params("SELECT pg_advisory_lock($1)", kMigrationLock);
    absl::Status status = absl::OkStatus();
    try {
      pqxx::nontransaction(connection).exec(kCreateHistory);
      std::map<int, std::string> applied;
      for (const auto& row :
           pqxx::nontransaction(connection).exec("SELECT version, name FROM schema_migrations")) {
        applied[row[0].as<int>()] = row[1].as<std::string>();
      }
      for (const Migration& migration : ordered) {
        status = ApplyOne(connection, migration, applied);
        if (!status.ok()) break;
      }
    } catch (const std::exception& e) {
      status = StatusFromException(e);
    }
    pqxx::nontransaction(connection).exec_params("SELECT pg_advisory_unlock($1)", kMigrationLock);
    return status;
  });
}

absl::Status VerifyMigrations(Pool& pool, const std::vector<Migration>& migrations) {
  std::map<int, std::string> applied;
  absl::Status read = pool.InTransaction([&](pqxx::work& tx) {
    for (const auto& row : tx.exec("SELECT version, name FROM schema_migrations")) {
      applied[row[0].as<int>()] = row[1].as<std::string>();
    }
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  std::vector<std::string> pending;
  for (const Migration& migration : migrations) {
    auto it = applied.find(migration.version);
    if (it == applied.end() || it->second != migration.name) pending.push_back(migration.name);
  }
  if (pending.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      pending.size(), " migration(s) not applied (first: ", pending.front(),
      "): run the migrations job, or give FACTFLOW_MIGRATION_DATABASE_URL (the owner role)"));
}

}  // namespace factflow::db
