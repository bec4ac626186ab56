# The local stack: a PostgreSQL cluster and a devbroker in a state folder of the project, and
# the four services. Everything it starts is recorded in $state/pids and stopped by stack_down.
# Sourced by ./factflow.

source "$ROOT/deploy/lib/pg_roles.sh"
SERVICES=(catalog_mapping invoicing_state importer chorus_dispatch)

# The newest PostgreSQL server installed (looked up when needed: before ensure_packages has run,
# there may be none yet).
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  [ -n "$dir" ] && [ -x "$dir/initdb" ] ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql: install the postgresql package (./factflow installs it: is deploy/debian-packages.txt intact?)"
  echo "$dir"
}

# Where a stack's PostgreSQL cluster lives. PostgreSQL refuses to run as root, so as root the
# cluster runs as the `postgres` user, which cannot enter a clone under /root or a home folder of
# mode 0700: its files then live in /var/lib/factflow/<stack>-<hash of the clone's path>, and
# $state/pg is a symbolic link to them. As another user, the cluster runs as that user, in the
# clone.
pg_home() {
  local state="$1"
  if [ "$(id -u)" -eq 0 ]; then
    echo "/var/lib/factflow/$(basename "$state")-$(printf '%s' "$state" | sha256sum | cut -c1-12)"
  else
    echo "$state/pg"
  fi
}

# Runs a PostgreSQL tool as the cluster owner (PostgreSQL refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Creates the cluster's folder (and, as root, the link to it) if needed.
pg_prepare_home() {
  local state="$1" home
  home=$(pg_home "$state")
  mkdir -p "$state"
  if [ "$home" != "$state/pg" ]; then
    id postgres >/dev/null 2>&1 ||
      die "the postgres user does not exist: reinstall the postgresql package (apt-get install --reinstall postgresql-common)"
    mkdir -p "$home"
    printf '%s\n' "$state" >"$home/clone"   # which clone this cluster belongs to
    chown -R postgres: "$home"
    chmod 0700 "$home"
    if [ -d "$state/pg" ] && [ ! -L "$state/pg" ]; then
      # A cluster made inside the clone by an earlier version: keep its data.
      if [ -f "$state/pg/data/PG_VERSION" ] && [ ! -e "$home/data" ]; then
        mv "$state/pg/data" "$home/data" && chown -R postgres: "$home/data"
      fi
      rm -rf "$state/pg"
    fi
    ln -sfn "$home" "$state/pg"
  else
    mkdir -p "$home"
  fi
}

postgres_start() {
  local state="$1" bin home data port attempt
  bin=$(pg_bin)
  pg_prepare_home "$state"
  home=$(pg_home "$state")
  data="$home/data"
  pg_passwords_ensure "$state"
  if [ ! -f "$data/PG_VERSION" ]; then
    # The superuser's password goes through a file only the cluster's owner reads, removed after.
    ( umask 077; pg_password "$state" factflow >"$home/pwfile" )
    [ "$(id -u)" -ne 0 ] || chown postgres: "$home/pwfile"
    pg_as_owner "$bin/initdb" -D "$data" -U factflow --auth=scram-sha-256 --pwfile="$home/pwfile" \
      -E UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 || {
        rm -f "$home/pwfile"
        tail -n 20 "$home/initdb.log" >&2
        die "initdb failed for $data (log above, full log: $home/initdb.log)"
      }
    rm -f "$home/pwfile"
  fi
  # Loopback TCP only, no Unix socket: nothing depends on the clone's path (spaces, length).
  for attempt in 1 2 3; do
    port=$(free_port)
    pg_as_owner tee "$data/factflow.conf" >/dev/null <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
fsync = off
CONF
    grep -q "^include_if_exists = 'factflow.conf'" "$data/postgresql.conf" ||
      echo "include_if_exists = 'factflow.conf'" | pg_as_owner tee -a "$data/postgresql.conf" >/dev/null
    if pg_as_owner "$bin/pg_ctl" -D "$data" -l "$home/server.log" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    if tail -n 20 "$home/server.log" 2>/dev/null | grep -q "Address already in use" && (( attempt < 3 )); then
      warn "port $port was taken meanwhile; trying another one"
      continue
    fi
    tail -n 20 "$home/server.log" >&2 || true
    die "PostgreSQL did not start (last lines of $home/server.log above)"
  done
  echo "$port" >"$state/pg-port"
  # The owner and application roles with their passwords, and the databases (pg_roles.sh).
  postgres_roles "$state" || die "could not create the database roles and databases (see $home/server.log)"
  # Then passwords only, loopback only (a cluster made by an older stack still had `trust`).
  if ! pg_hba_conf | pg_as_owner cmp -s - "$data/pg_hba.conf"; then
    pg_hba_conf | pg_as_owner tee "$data/pg_hba.conf" >/dev/null
    pg_as_owner "$bin/pg_ctl" -D "$data" reload >/dev/null ||
      die "PostgreSQL did not reload $data/pg_hba.conf (see $home/server.log)"
  fi
  info "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (data: $data)"
}

postgres_stop() {
  local state="$1" home
  home=$(pg_home "$state")
  [ -f "$home/data/postmaster.pid" ] || return 0
  pg_as_owner "$(pg_bin)/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null 2>&1 || true
}

# Removes a stopped stack's data: its state folder and, as root, its cluster's folder.
stack_purge() {
  local state="$1" home
  home=$(pg_home "$state")
  [ "$home" = "$state/pg" ] || rm -rf "$home"
  rm -rf "$state"
}

# The URL of database factflow_$2 as the superuser (test), or as the service's application role.
database_url() {
  if [ "$2" = test ]; then
    echo "postgresql://factflow:$(pg_password "$1" factflow)@127.0.0.1:$(cat "$1/pg-port")/factflow_test"
  else
    pg_role_url "$1" "$2"
  fi
}

broker_start() {
  local state="$1"
  mkdir -p "$state/pids" "$state/logs"
  rm -f "$state/kafka-bootstrap" "$state/logs/devbroker.log"
  # The supervisor restarts the devbroker when it dies; services follow its bootstrap file.
  "$ROOT/deploy/lib/devbroker_supervisor.sh" "$BIN_DIR/factflow-devbroker" "$state" \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$state/pids/devbroker-supervisor"
  WAIT_WHAT="the devbroker (see ${state#$ROOT/}/logs/devbroker.log)" wait_until test -s "$state/kafka-bootstrap"
  info "devbroker (librdkafka mock cluster) at $(cat "$state/kafka-bootstrap")"
}

# Writes $state/env: every address and secret of the stack, for the services, tests and
# factflowctl. It holds the database passwords and the token secret: mode 0600, like $state/secret.
write_env() {
  local state="$1" secret
  [ -f "$state/secret" ] || ( umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' >"$state/secret" )
  chmod 600 "$state/secret"
  secret=$(cat "$state/secret")
  ( umask 077; : >"$state/env" )
  chmod 600 "$state/env"
  {
    echo "export FACTFLOW_STATE_DIR='$state'"
    echo "export FACTFLOW_BIN_DIR='$BIN_DIR'"
    echo "export FACTFLOW_KAFKA_BOOTSTRAP='$(cat "$state/kafka-bootstrap")'"
    echo "export FACTFLOW_KAFKA_BOOTSTRAP_FILE='$state/kafka-bootstrap'"
    echo "export FACTFLOW_AUTH_SECRET='$secret'"
    echo "export FACTFLOW_PG_PORT='$(cat "$state/pg-port")'"
    echo "export FACTFLOW_TEST_DATABASE_URL='$(database_url "$state" test)'"
    echo "export FACTFLOW_EINVOICE_DIR='$state/einvoices'"
    echo "export FACTFLOW_SIGNING_DIR='$state/signing'"
    echo "export FACTFLOW_SMTP_URL='smtp://127.0.0.1:$(cat "$state/smtp-port")'"
    echo "export FACTFLOW_MAIL_DIR='$state/mail'"
    # Local stacks retry failed renders and mails quickly (production: 300 s, 30 s back-off).
    echo "export FACTFLOW_RENDER_RETRY_SECONDS='${FACTFLOW_RENDER_RETRY_SECONDS:-3}'"
    echo "export FACTFLOW_MAIL_FIRST_RETRY_SECONDS='${FACTFLOW_MAIL_FIRST_RETRY_SECONDS:-2}'"
    echo "export FACTFLOW_CONNECTOR_ROOT='$state/connectors'"
    echo "export FACTFLOW_CHORUS_EXPORT_DIR='$state/chorus-exports'"
    local piste_id piste_secret cpro_login cpro_password
    read -r piste_id piste_secret cpro_login cpro_password <"$state/piste-credentials"
    echo "export FACTFLOW_PISTE_URL='http://127.0.0.1:$(cat "$state/piste-port")'"
    echo "export FACTFLOW_PISTE_TOKEN_URL='http://127.0.0.1:$(cat "$state/piste-port")/api/oauth/token'"
    echo "export FACTFLOW_PISTE_CLIENT_ID='$piste_id'"
    echo "export FACTFLOW_PISTE_CLIENT_SECRET='$piste_secret'"
    echo "export FACTFLOW_CHORUS_LOGIN='$cpro_login'"
    echo "export FACTFLOW_CHORUS_PASSWORD='$cpro_password'"
    # Local stacks deposit and poll Chorus Pro quickly (production: 30 s back-off, 60 s polls).
    echo "export FACTFLOW_CHORUS_FIRST_RETRY_SECONDS='${FACTFLOW_CHORUS_FIRST_RETRY_SECONDS:-1}'"
    echo "export FACTFLOW_CHORUS_POLL_SECONDS='${FACTFLOW_CHORUS_POLL_SECONDS:-1}'"
    echo "export FACTFLOW_CHORUS_INTERVAL_MS='${FACTFLOW_CHORUS_INTERVAL_MS:-500}'"
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
  # Stopped through its pid file, not job control: no "Killed" line when a test kills it.
  disown $! 2>/dev/null || true
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

# The SMTP sink of the stack: Debian's aiosmtpd as its own process, every mail it receives written
# to the Maildir $state/mail (new/ holds one file per message), which the tests read.
smtp_start() {
  local state="$1" port
  # A Maildir: aiosmtpd creates cur/new/tmp only when the folder itself does not exist yet.
  mkdir -p "$state/mail/cur" "$state/mail/new" "$state/mail/tmp" "$state/pids" "$state/logs"
  port=$(free_port)
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$state/mail" \
    </dev/null >>"$state/logs/smtp.log" 2>&1 &
  echo $! >"$state/pids/smtp"
  disown $! 2>/dev/null || true
  echo "$port" >"$state/smtp-port"
  WAIT_WHAT="the SMTP sink (see ${state#$ROOT/}/logs/smtp.log)" \
    wait_until "$PYTHON3" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)"
  info "SMTP sink (aiosmtpd) at 127.0.0.1:$port, mails in ${state#$ROOT/}/mail"
}

# The PISTE + Chorus Pro stand-in of the stack (deploy/piste/piste_sandbox.py), its own process
# speaking the same endpoints and payloads; its credentials are made once per state folder.
piste_start() {
  local state="$1" port
  [ -s "$state/piste-credentials" ] ||
    echo "factflow-local $(head -c 18 /dev/urandom | base64 | tr -d '/+=') TECH_factflow@cpro.fr $(head -c 12 /dev/urandom | base64 | tr -d '/+=')" >"$state/piste-credentials"
  port=$(free_port)
  # shellcheck disable=SC2046  # the four credentials, as four arguments
  "$PYTHON3" "$ROOT/deploy/piste/piste_sandbox.py" "$port" $(cat "$state/piste-credentials") \
    </dev/null >>"$state/logs/piste.log" 2>&1 &
  echo $! >"$state/pids/piste"
  disown $! 2>/dev/null || true
  echo "$port" >"$state/piste-port"
  WAIT_WHAT="the PISTE stand-in (see ${state#$ROOT/}/logs/piste.log)" \
    wait_until "$PYTHON3" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)"
  info "PISTE + Chorus Pro stand-in at http://127.0.0.1:$port"
}

# The local stack's signing identity (chorus-dispatch signs archived PDFs with it): a self-signed
# certificate and its key in one PEM, made once per state folder. Production mounts the tenants'
# certificates from a Kubernetes Secret instead (helm: chorus-dispatch.signing).
signing_identity() {
  local state="$1" dir="$1/signing"
  [ -s "$dir/default.pem" ] && return 0
  mkdir -p "$dir" && chmod 700 "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=factflow local stack/O=factflow" \
    -keyout "$dir/key.tmp" -out "$dir/cert.tmp" 2>/dev/null || die "openssl could not make the signing certificate"
  cat "$dir/cert.tmp" "$dir/key.tmp" >"$dir/default.pem" && rm -f "$dir/key.tmp" "$dir/cert.tmp"
  chmod 600 "$dir/default.pem"
}

stack_up() {
  local state="$1"
  mkdir -p "$state/pids" "$state/logs" "$state/einvoices"
  signing_identity "$state"
  smtp_start "$state"
  piste_start "$state"
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
  service_stop "$state" devbroker-supervisor
  service_stop "$state" devbroker
  service_stop "$state" smtp
  service_stop "$state" piste
  postgres_stop "$state"
  info "stopped the stack in ${state#"$ROOT"/}"
}

stack_ctl() {
  local state="$1"; shift
  [ -f "$state/env" ] || die "no stack is running: start one with ./factflow run"
  ( source "$state/env"; exec "$BIN_DIR/factflowctl" "$@" )
}

# ./factflow down [--purge]: stops the demo stack and a test stack left by an interrupted run;
# with --purge, deletes their data too.
factflow_down() {
  local purge=no state found=0
  case "${1:-}" in
    "") ;;
    --purge) purge=yes ;;
    *) die "unknown option '$1' (usage: ./factflow down [--purge])" ;;
  esac
  for state in "$(state_dir run)" "$(state_dir test)"; do
    [ -d "$state" ] || continue
    found=1
    stack_down "$state"
    if [ "$purge" = yes ]; then
      stack_purge "$state"
      info "deleted the data of ${state#"$ROOT"/}"
    fi
  done
  (( found )) || info "nothing running"
  if [ "$purge" = yes ]; then
    rm -rf "$ROOT/.factflow"
    info "the next ./factflow run starts from scratch"
  fi
}
