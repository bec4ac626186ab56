# Database roles of the local stack (least privilege, deploy/README.md "Database roles"):
#   factflow                 the cluster's bootstrap superuser: creates roles and databases only
#                            (and the per-test databases of FACTFLOW_TEST_DATABASE_URL);
#   factflow_owner           owns the four service databases; migrations run as it;
#   factflow_<service>_app   what each service runs as: only the DML its migrations grant.
# Sourced by deploy/lib/stack.sh.

PG_OWNER_ROLE=factflow_owner
SERVICE_DATABASES=(importer catalog_mapping invoicing_state chorus_dispatch)

# The application role of a service (catalog_mapping -> factflow_catalog_mapping_app).
pg_app_role() { echo "factflow_$1_app"; }

# psql as the bootstrap superuser on database $2 (default postgres) of the cluster on port $1.
pg_admin_sql() {
  "$(pg_bin)/psql" -h 127.0.0.1 -p "$1" -U factflow -d "${2:-postgres}" -v ON_ERROR_STOP=1 -qAt
}

# Creates the roles (idempotent) and the databases, each owned by the owner role. Objects that
# an older stack created as the superuser are handed over to the owner role, so that its
# migrations can alter and grant them.
postgres_roles() {
  local port="$1" svc role
  {
    echo "SELECT 'CREATE ROLE $PG_OWNER_ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_OWNER_ROLE') \\gexec"
    for svc in "${SERVICE_DATABASES[@]}"; do
      role=$(pg_app_role "$svc")
      echo "SELECT 'CREATE ROLE $role' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') \\gexec"
      echo "ALTER ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;"
    done
    echo "ALTER ROLE $PG_OWNER_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;"
  } | pg_admin_sql "$port" >/dev/null
  for svc in "${SERVICE_DATABASES[@]}" test; do
    echo "SELECT 'CREATE DATABASE factflow_$svc OWNER $PG_OWNER_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'factflow_$svc') \\gexec" |
      pg_admin_sql "$port" >/dev/null
  done
  for svc in "${SERVICE_DATABASES[@]}"; do
    pg_admin_sql "$port" "factflow_$svc" >/dev/null <<SQL
ALTER DATABASE factflow_$svc OWNER TO $PG_OWNER_ROLE;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO \$\$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND pg_get_userbyid(c.relowner) <> '$PG_OWNER_ROLE'
             AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %I OWNER TO $PG_OWNER_ROLE',
                   CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '$PG_OWNER_ROLE'
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO $PG_OWNER_ROLE', r.fn);
  END LOOP;
END
\$\$;
SQL
  done
}

# The URL of a service database as role $3 (default: the service's application role).
pg_role_url() {
  echo "postgresql://${3:-$(pg_app_role "$2")}@127.0.0.1:$(cat "$1/pg-port")/factflow_$2"
}
