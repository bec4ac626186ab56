# ./factflow run [FILE]: the whole flow on one machine. Sourced by ./factflow.
source "$ROOT/deploy/lib/build.sh"
source "$ROOT/deploy/lib/stack.sh"

factflow_run() {
  local file="${1:-}" state kept=no
  state=$(state_dir run)
  [ -z "$file" ] || [ -f "$file" ] || die "no such file: $file"
  [ -z "$file" ] || file="$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
  ensure_packages
  build_all
  say "Starting the local stack in ${state#"$ROOT"/}"
  stack_down "$state" >/dev/null 2>&1 || true
  [ -f "$(pg_home "$state")/data/PG_VERSION" ] && kept=yes
  stack_up "$state"
  if [ "$kept" = yes ]; then
    info "kept from earlier runs: the demo tenant, its batches, invoices and numbering (the series"
    info "goes on after the last number issued); ./factflow reset starts from scratch"
  fi
  if [ -z "$file" ]; then
    # A new export each run (other orders, other amounts): a demo runs as often as one likes,
    # where the same file twice is refused as already imported.
    local seed
    seed=$(date +%s%N)
    file="$state/commandes-terminees-$(date +%d-%m-%Y-%H%M%S).xlsx"
    "$PYTHON3" "$ROOT/tests/testdata/gen_fnac_export.py" --orders 40 --seed "$seed" --errors 2 \
      --date "$(date +%Y-%m-%d)" --out "$file" 2>/dev/null ||
      die "could not generate the demo export (tests/testdata/gen_fnac_export.py)"
    info "generated a FNAC export with 40 orders (2 rows with deliberate errors): ${file#"$ROOT"/}"
  fi
  say "Running the FNAC job on $(basename "$file")"
  stack_ctl "$state" job fnac --file "$file" || die "the FNAC job failed (see above); the stack is still up: ./factflow ctl batches, logs in ${state#"$ROOT"/}/logs"
  say "The stack is still up. Try: ./factflow ctl batches | ./factflow ctl invoices | ./factflow down"
}
