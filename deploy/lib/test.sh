# ./factflow test: every test, against a PostgreSQL, a devbroker and the four services started
# here, in .factflow/test. Sourced by ./factflow.
source "$ROOT/deploy/lib/build.sh"
source "$ROOT/deploy/lib/stack.sh"

factflow_test() {
  local state status=0
  state=$(state_dir test)
  ensure_packages
  build_all
  say "Starting a test stack in ${state#$ROOT/}"
  stack_down "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
  trap 'stack_down "'"$state"'" >/dev/null 2>&1 || true' EXIT
  stack_up "$state"
  say "Running the tests (unit, integration, e2e)"
  ( source "$state/env"
    export FACTFLOW_STACK_SCRIPT="$ROOT/deploy/stack-ctl"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" "$@" ) || status=$?
  if [ "$status" -ne 0 ]; then
    say "Service logs (last lines)"
    tail -n 40 "$state"/logs/*.log || true
  fi
  return "$status"
}
