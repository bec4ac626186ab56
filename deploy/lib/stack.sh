# The local stack: a PostgreSQL cluster and a devbroker in a state folder of the project, and
# the four services. Everything it starts is recorded in $state/pids and stopped by stack_down.
# Sourced by ./factflow.

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
source "$ROOT/deploy/lib/pg_roles.sh"
SERVICES=(catalog_mapping invoicing_state importer chorus_dispatch)

# Runs a PostgreSQL tool as the cluster owner (PostgreSQL refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local state="$1" data="$1/pg/data" sock="$1/pg/run" port
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  mkdir -p "$state/pg" "$sock"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$state/pg"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U factflow --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$state/pg/initdb.log" 2>&1 || { cat "$state/pg/initdb.log" >&2; die "initdb failed"; }
  fi
  port=$(free_port)
  pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$state/pg/server.log" -w -t 60 start \
    -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
    >/dev/null || { tail -20 "$state/pg/server.log" >&2; die "PostgreSQL did not start"; }
  echo "$port" >"$state/pg/port"
  # The owner and application roles, and the databases (deploy/lib/pg_roles.sh).
  postgres_roles "$port"
  info "PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$port (data: ${data#$ROOT/})"
}

postgres_stop() {
  local data="$1/pg/data"
  [ -f "$data/postmaster.pid" ] && pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# The URL of database factflow_$2 as the superuser (test), or as the service's application role.
database_url() {
  if [ "$2" = test ]; then
    echo "postgresql://factflow@127.0.0.1:$(cat "$1/pg/port")/factflow_test"
  else
    pg_role_url "$1" "$2"
  fi
}

broker_start() {
  local state="$1"
  mkdir -p "$state/pids" "$state/logs"
  rm -f "$state/kafka-bootstrap"
  "$BIN_DIR/factflow-devbroker" --bootstrap-file "$state/kafka-bootstrap" \
    >"$state/logs/devbroker.log" 2>&1 &
  echo $! >"$state/pids/devbroker"
  WAIT_WHAT="the devbroker (see ${state#$ROOT/}/logs/devbroker.log)" wait_until test -s "$state/kafka-bootstrap"
  info "devbroker (librdkafka mock cluster) at $(cat "$state/kafka-bootstrap")"
}

# Writes $state/env: every address and secret of the stack, for the services, tests and factflowctl.
write_env() {
  local state="$1" secret
  [ -f "$state/secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n' >"$state/secret"
  secret=$(cat "$state/secret")
  {
    echo "export FACTFLOW_STATE_DIR='$state'"
    echo "export FACTFLOW_BIN_DIR='$BIN_DIR'"
    echo "export FACTFLOW_KAFKA_BOOTSTRAP='$(cat "$state/kafka-bootstrap")'"
    echo "export FACTFLOW_AUTH_SECRET='$secret'"
    echo "export FACTFLOW_PG_PORT='$(cat "$state/pg/port")'"
    echo "export FACTFLOW_TEST_DATABASE_URL='$(database_url "$state" test)'"
    echo "export FACTFLOW_EINVOICE_DIR='$state/einvoices'"
    for svc in "${SERVICES[@]}"; do
      local upper port
      upper=$(echo "$svc" | tr a-z A-Z)
      port=$(free_port)
      echo "export FACTFLOW_${upper}_ADDRESS='127.0.0.1:$port'"
      echo "export FACTFLOW_${upper}_METRICS_ADDRESS='127.0.0.1:$(free_port)'"
      echo "export FACTFLOW_${upper}_DATABASE_URL='$(database_url "$state" "$svc")'"
      echo "export FACTFLOW_${upper}_MIGRATION_DATABASE_URL='$(pg_role_url "$state" "$svc" "$PG_OWNER_ROLE")'"
    done
  } >"$state/env"
}

# Starts one service process with its environment; logs to $state/logs/<svc>.log.
service_start() {
  local state="$1" svc="$2" upper
  upper=$(echo "$svc" | tr a-z A-Z)
  # shellcheck disable=SC1091
  ( source "$state/env"
    export FACTFLOW_GRPC_ADDRESS="$(eval echo "\$FACTFLOW_${upper}_ADDRESS")"
    export FACTFLOW_DATABASE_URL="$(eval echo "\$FACTFLOW_${upper}_DATABASE_URL")"
    export FACTFLOW_MIGRATION_DATABASE_URL="$(eval echo "\$FACTFLOW_${upper}_MIGRATION_DATABASE_URL")"
    export FACTFLOW_METRICS_ADDRESS="$(eval echo "\$FACTFLOW_${upper}_METRICS_ADDRESS")"
    export FACTFLOW_LOG_FORMAT="${FACTFLOW_LOG_FORMAT:-text}"
    # The devbroker waits a session timeout before giving a dead member's partitions back.
    export FACTFLOW_KAFKA_SESSION_TIMEOUT_MS="${FACTFLOW_KAFKA_SESSION_TIMEOUT_MS:-6000}"
    exec "$BIN_DIR/factflow-${svc//_/-}" >>"$state/logs/$svc.log" 2>&1
  ) &
  echo $! >"$state/pids/$svc"
}

service_stop() {
  local state="$1" svc="$2" signal="${3:-TERM}" pid
  [ -f "$state/pids/$svc" ] || return 0
  pid=$(cat "$state/pids/$svc")
  kill -"$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$state/pids/$svc"
}

services_wait_healthy() {
  local state="$1"
  ( source "$state/env"
    WAIT_SECONDS=90 WAIT_WHAT="the services' health checks (see ${state#$ROOT/}/logs/)" \
      wait_until "$BIN_DIR/factflowctl" health --quiet )
}

stack_up() {
  local state="$1"
  mkdir -p "$state/pids" "$state/logs" "$state/einvoices"
  postgres_start "$state"
  broker_start "$state"
  write_env "$state"
  stack_start_services "$state"
}

stack_start_services() {
  local state="$1"
  for svc in "${SERVICES[@]}"; do service_start "$state" "$svc"; done
  services_wait_healthy "$state" || { tail -n 30 "$state"/logs/*.log >&2; return 1; }
  info "services healthy: ${SERVICES[*]}"
}

stack_down() {
  local state="$1"
  [ -d "$state" ] || { info "nothing running"; return 0; }
  for svc in "${SERVICES[@]}"; do service_stop "$state" "$svc"; done
  service_stop "$state" devbroker
  postgres_stop "$state"
  info "stopped the stack in ${state#$ROOT/}"
}

stack_ctl() {
  local state="$1"; shift
  [ -f "$state/env" ] || die "no stack is running: start one with ./factflow run"
  ( source "$state/env"; exec "$BIN_DIR/factflowctl" "$@" )
}
