# ./factflow run [FILE]: the whole flow on one machine. Sourced by ./factflow.
source "$ROOT/deploy/lib/build.sh"
source "$ROOT/deploy/lib/stack.sh"

factflow_run() {
  local file="${1:-}" state
  state=$(state_dir run)
  [ -z "$file" ] || [ -f "$file" ] || die "no such file: $file"
  [ -z "$file" ] || file="$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
  ensure_packages
  build_all
  say "Starting the local stack in ${state#$ROOT/}"
  stack_down "$state" >/dev/null 2>&1 || true
  stack_up "$state"
  if [ -z "$file" ]; then
    file="$state/commandes-terminees-$(date +%d-%m-%Y).xlsx"
    "$PYTHON3" "$ROOT/tests/testdata/gen_fnac_export.py" --orders 40 --seed 2026 --errors 2 \
      --date "$(date +%Y-%m-%d)" --out "$file" 2>/dev/null
    info "generated a FNAC export with 40 orders (2 rows with deliberate errors): ${file#$ROOT/}"
  fi
  say "Running the FNAC job on $(basename "$file")"
  stack_ctl "$state" job fnac --file "$file"
  say "The stack is still up. Try: ./factflow ctl batches | ./factflow ctl invoices | ./factflow down"
}
