# ./factflow test: every test, against a PostgreSQL, a devbroker and the four services started
# here, in .factflow/test. Sourced by ./factflow.
source "$ROOT/deploy/lib/build.sh"
source "$ROOT/deploy/lib/stack.sh"

# Says whether the official EN 16931 validator is there (../shared/einvoice beside the clone, or
# FACTFLOW_EINVOICE_VALIDATOR); the conformance tests skip without it, or fail under CI=true.
validator_notice() {
  local validator="${FACTFLOW_EINVOICE_VALIDATOR:-$ROOT/../shared/einvoice/einvoice-validate.sh}"
  if [ -f "$validator" ]; then
    info "EN 16931 validator: $validator"
  elif [ "${CI:-}" = true ]; then
    die "CI=true and the EN 16931 validator is missing ($validator): put ../shared/einvoice beside the clone or set FACTFLOW_EINVOICE_VALIDATOR"
  else
    warn "EN 16931 validator not found ($validator): the conformance checks will be SKIPPED."
    warn "To run them, put the shared einvoice kit at ../shared/einvoice beside the clone, or set FACTFLOW_EINVOICE_VALIDATOR to its einvoice-validate.sh."
  fi
}

# Under --sanitize, the services of the stack are instrumented too: their reports (written to
# their logs, at the latest when they exit) fail the run like a test's would.
sanitizer_reports() {
  local state="$1" found=0 log
  for log in "$state"/logs/*.log; do
    [ -f "$log" ] || continue
    if grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log"; then
      warn "sanitizer report in ${log#"$ROOT"/}:"
      grep -E -m 5 -A 12 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" >&2
      found=1
    fi
  done
  return "$found"
}

factflow_test() {
  local state status=0 sanitize=no
  state=$(state_dir test)
  if [ "${1:-}" = --sanitize ]; then
    # The whole suite on an AddressSanitizer + UndefinedBehaviorSanitizer build, in build-asan/.
    shift
    sanitize=yes
    BUILD_DIR="$ROOT/build-asan" BIN_DIR="$ROOT/build-asan/bin"
    export FACTFLOW_CMAKE_ARGS="-DFACTFLOW_SANITIZE=ON"
    export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
    export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/deploy/lsan-suppressions.txt}"
  fi
  ensure_packages
  build_all
  say "Starting a test stack in ${state#"$ROOT"/}"
  validator_notice
  stack_down "$state" >/dev/null 2>&1 || true
  stack_purge "$state"
  # shellcheck disable=SC2064  # $state is expanded now: the trap runs after this function.
  trap "stack_down '$state' >/dev/null 2>&1 || true" EXIT
  stack_up "$state"
  say "Running the tests (unit, integration, e2e)"
  ( source "$state/env"
    export FACTFLOW_STACK_SCRIPT="$ROOT/deploy/stack-ctl"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" "$@" ) || status=$?
  if [ "$status" -ne 0 ]; then
    say "Service logs (last lines)"
    tail -n 40 "$state"/logs/*.log || true
  fi
  if [ "$sanitize" = yes ]; then
    # Stopped here (not by the EXIT trap) so that leaks found at exit are in the logs.
    stack_down "$state" >/dev/null 2>&1 || true
    sanitizer_reports "$state" || { warn "the services' sanitizer reports above fail the run"; status=1; }
  fi
  validator_notice 2>&1 | grep -q SKIPPED &&
    warn "reminder: the EN 16931 conformance checks were skipped (no validator)"
  return "$status"
}
