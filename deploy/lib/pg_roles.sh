# Database roles of the local stack (least privilege, deploy/README.md "Database roles"):
#   factflow                 the cluster's bootstrap superuser: creates roles and databases only
#                            (and the per-test databases of FACTFLOW_TEST_DATABASE_URL);
#   factflow_owner           owns the four service databases; migrations run as it;
#   factflow_<service>_app   what each service runs as: only the DML its migrations grant.
# Every role logs in with its own password (scram-sha-256, loopback TCP only): with `trust`, a
# service could simply connect as the owner or the superuser and least privilege would mean
# nothing. The passwords are generated once per stack in $state/pg-passwords (mode 0600) and
# reach the services through the URLs of $state/env (mode 0600).
# Sourced by deploy/lib/stack.sh.

PG_OWNER_ROLE=factflow_owner
SERVICE_DATABASES=(importer catalog_mapping invoicing_state chorus_dispatch)

# The application role of a service (catalog_mapping -> factflow_catalog_mapping_app).
pg_app_role() { echo "factflow_$1_app"; }

# Every role of the stack: the superuser, the owner and the application roles.
pg_all_roles() {
  local svc
  echo factflow
  echo "$PG_OWNER_ROLE"
  for svc in "${SERVICE_DATABASES[@]}"; do pg_app_role "$svc"; done
}

# Generates the stack's passwords once ($state/pg-passwords, "role password" lines, mode 0600;
# hexadecimal, so they go into URLs as they are). A role added later gets its password then.
pg_passwords_ensure() {
  local state="$1" file="$1/pg-passwords" role
  mkdir -p "$state"
  ( umask 077
    touch "$file"
    for role in $(pg_all_roles); do
      grep -q "^$role " "$file" ||
        echo "$role $(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >>"$file"
    done )
  chmod 600 "$file"
}

# The password of role $2 in stack $1.
pg_password() {
  local password
  password=$(awk -v role="$2" '$1 == role { print $2 }' "$1/pg-passwords" 2>/dev/null)
  [ -n "$password" ] || die "no password for the database role $2 in ${1#"$ROOT"/}/pg-passwords: restart the stack (./factflow down, then run or test)"
  echo "$password"
}

# The cluster's client authentication: a password (scram-sha-256) for every role, over loopback
# TCP only; nothing else is accepted (no trust, no Unix socket, no other address).
pg_hba_conf() {
  cat <<'HBA'
# Written by factflow (deploy/lib/pg_roles.sh): passwords only, loopback only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
host    all       all   127.0.0.1/32   scram-sha-256
HBA
}

# psql as the bootstrap superuser on database $2 (default postgres) of stack $1's cluster.
pg_admin_sql() {
  PGPASSWORD="$(pg_password "$1" factflow)" \
    "$(pg_bin)/psql" -h 127.0.0.1 -p "$(cat "$1/pg-port")" -U factflow -d "${2:-postgres}" \
    -v ON_ERROR_STOP=1 -qAt
}

# Creates the roles (idempotent), sets their passwords and creates the databases, each owned by
# the owner role. Objects that an older stack created as the superuser are handed over to the
# owner role, so that its migrations can alter and grant them.
postgres_roles() {
  local state="$1" svc role
  {
    # A cluster made before passwords were required (trust) gets them here, before its
    # pg_hba.conf is switched to scram-sha-256.
    echo "SET password_encryption = 'scram-sha-256';"
    echo "ALTER ROLE factflow PASSWORD '$(pg_password "$state" factflow)';"
    echo "SELECT 'CREATE ROLE $PG_OWNER_ROLE' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_OWNER_ROLE') \\gexec"
    for svc in "${SERVICE_DATABASES[@]}"; do
      role=$(pg_app_role "$svc")
      echo "SELECT 'CREATE ROLE $role' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') \\gexec"
      echo "ALTER ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '$(pg_password "$state" "$role")';"
    done
    echo "ALTER ROLE $PG_OWNER_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '$(pg_password "$state" "$PG_OWNER_ROLE")';"
  } | pg_admin_sql "$state" >/dev/null
  for svc in "${SERVICE_DATABASES[@]}" test; do
    echo "SELECT 'CREATE DATABASE factflow_$svc OWNER $PG_OWNER_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'factflow_$svc') \\gexec" |
      pg_admin_sql "$state" >/dev/null
  done
  for svc in "${SERVICE_DATABASES[@]}"; do
    pg_admin_sql "$state" "factflow_$svc" >/dev/null <<SQL
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

# The URL of database factflow_$2 as role $3 (default: the service's application role), with
# that role's password.
pg_role_url() {
  local role="${3:-$(pg_app_role "$2")}"
  echo "postgresql://$role:$(pg_password "$1" "$role")@127.0.0.1:$(cat "$1/pg-port")/factflow_$2"
}
