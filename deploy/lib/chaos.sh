# ./factflow chaos: the invoice flow on a private stack while each service, PostgreSQL and the
# devbroker are killed in turn at random points (the checks are in tests/e2e/chaos_e2e_test.cc).
# Also the crash helpers deploy/stack-ctl uses. Sourced by ./factflow and deploy/stack-ctl.
#
#   ./factflow chaos [--invoices N] [--short] [--seed S]
#       --invoices N  size of the flow (default 5000)
#       --short       300 invoices, one kill of each (what ./factflow test runs)
#       --seed S      the random order and kill points (default: random, printed)
#       --no-build    use the binaries as they are (ctest)

# SIGKILLs the devbroker and waits until its supervisor started a new one, which writes another
# address to the bootstrap file.
broker_crash() {
  local state="$1" before pid
  before=$(cat "$state/kafka-bootstrap" 2>/dev/null || true)
  pid=$(cat "$state/pids/devbroker" 2>/dev/null) || die "no devbroker pid in ${state#$ROOT/}/pids"
  kill -KILL "$pid" 2>/dev/null || true
  WAIT_SECONDS=30 WAIT_WHAT="the supervisor to restart the devbroker" \
    wait_until bootstrap_moved "$state" "$before"
}

bootstrap_moved() {
  [ -s "$1/kafka-bootstrap" ] && [ "$(cat "$1/kafka-bootstrap")" != "$2" ]
}

# Stops PostgreSQL as a crash would (immediate: no checkpoint, recovery at start), waits
# DOWN_SECONDS, and starts it again with the same options (postmaster.opts) and port.
# $state/pg is the cluster's folder or a link to it; pg_bin or PG_BIN, whichever stack.sh has.
postgres_crash() {
  # The cluster's own folder (as root it lives under /var/lib/factflow, which the owner role can
  # reach; the link in the state folder may sit under a 0700 /root it cannot traverse).
  local state="$1" down="${2:-1}" home data bin
  if declare -F pg_home >/dev/null; then home=$(pg_home "$state"); else home="$state/pg"; fi
  data="$home/data"
  if declare -F pg_bin >/dev/null; then bin=$(pg_bin); else bin="${PG_BIN:?}"; fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 ||
    die "PostgreSQL did not stop (see $home/server.log)"
  sleep "$down"
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$home/server.log" -w -t 60 restart \
    >/dev/null 2>&1 || { tail -20 "$home/server.log" >&2; die "PostgreSQL did not restart"; }
}

factflow_chaos() {
  local invoices=5000 short=0 seed="" build=1 state status=0 binary
  while [ $# -gt 0 ]; do
    case "$1" in
      --invoices) invoices="${2:?--invoices needs a number}"; shift 2 ;;
      --short) short=1; invoices=300; shift ;;
      --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
      --no-build) build=0; shift ;;
      *) die "chaos: unknown option '$1' (options: --invoices N, --short, --seed S)" ;;
    esac
  done
  [[ "$invoices" =~ ^[1-9][0-9]*$ ]] || die "chaos: --invoices must be a positive number"
  seed="${seed:-$RANDOM}"
  if [ "$build" -eq 1 ]; then ensure_packages; build_all; fi
  binary="$BUILD_DIR/tests/e2e/e2e_chaos_test"
  [ -x "$binary" ] || die "chaos: $binary is not built (run ./factflow build)"
  state=$(state_dir "chaos$([ "$short" -eq 1 ] && echo -short)")
  say "Chaos: $invoices invoices, seed $seed, private stack in ${state#$ROOT/}"
  stack_down "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
  trap 'stack_down "'"$state"'" >/dev/null 2>&1 || true' EXIT
  stack_up "$state"
  ( source "$state/env"
    export FACTFLOW_STACK_SCRIPT="$ROOT/deploy/stack-ctl"
    export FACTFLOW_CHAOS_INVOICES="$invoices" FACTFLOW_CHAOS_SEED="$seed"
    "$binary" ) || status=$?
  if [ "$status" -ne 0 ]; then
    say "Chaos failed (seed $seed); service logs (last lines)"
    tail -n 40 "$state"/logs/*.log || true
  fi
  return "$status"
}
