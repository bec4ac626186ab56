# ./factflow bench: the benchmarks of tests/bench on a generated month-end FNAC export.
source "$ROOT/deploy/lib/build.sh"

factflow_bench() {
  local orders="${1:-10000}" dir="$ROOT/.factflow/bench"
  ensure_packages
  build_all
  mkdir -p "$dir"
  local file="$dir/commandes-terminees-$orders.xlsx"
  if [ ! -f "$file" ]; then
    say "Generating a FNAC export with $orders orders"
    "$PYTHON3" "$ROOT/tests/testdata/gen_fnac_export.py" --orders "$orders" --seed 1 \
      --date 2026-11-30 --out "$file" 2>/dev/null
  fi
  say "Benchmarks ($(nproc) cores); export: $(du -h "$file" | cut -f1) ($orders orders)"
  FACTFLOW_BENCH_FNAC="$file" "$BIN_DIR/factflow_bench" --benchmark_counters_tabular=true
}
