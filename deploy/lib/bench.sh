# ./factflow bench: the benchmarks of tests/bench on a generated month-end FNAC export.
source "$ROOT/deploy/lib/build.sh"
source "$ROOT/deploy/lib/stack.sh"

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
  # The month-end export of issue 6 (about 100,000 lines): parse side by side and upload.
  local month_end="$dir/commandes-terminees-68840.xlsx"
  if [ ! -f "$month_end" ]; then
    say "Generating the month-end FNAC export (68 840 orders)"
    "$PYTHON3" "$ROOT/tests/testdata/gen_fnac_export.py" --orders 68840 --seed 1 \
      --date 2026-11-30 --out "$month_end" 2>/dev/null
  fi
  say "Benchmarks ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); export: $(du -h "$file" | cut -f1) ($orders orders)"
  FACTFLOW_BENCH_FNAC="$file" "$BIN_DIR/factflow_bench" --benchmark_counters_tabular=true
  bench_parse_side_by_side "$month_end"
  bench_upload "$month_end"
  bench_numbering "$orders"
  bench_grid
  bench_csv_side_by_side "$dir"
  bench_profile_side_by_side "$dir"
  bench_chorus_export "$orders"
}

# The Chorus Pro export of N queued documents (40 KB archived PDFs) on a PostgreSQL of its own,
# beside the bare keyset read + ZIP of the same files (issue 10).
bench_chorus_export() {
  local documents="$1" state status=0
  state=$(state_dir bench-pg)
  say "Chorus export side by side ($documents documents, real PostgreSQL)"
  postgres_stop "$state" >/dev/null 2>&1 || true
  postgres_start "$state" >/dev/null
  FACTFLOW_TEST_DATABASE_URL="$(database_url "$state" test)" \
    "$BIN_DIR/factflow_chorus_export_bench" "$documents" || status=$?
  postgres_stop "$state"
  [ "$status" -eq 0 ] || die "the Chorus export benchmark failed (exit $status)"
}

# Upload -> staged on a stack of its own (.factflow/bench-stack, stopped and deleted after): the
# month-end export through factflowctl's client-streaming upload, parsed in segments and stored
# by COPY; then the importer's peak RSS over its whole life (VmHWM), which the upload dominates
# (issue 6: under 5 s idle, under 150 MB).
bench_upload() {
  local file="$1" state pid hwm status=0
  state=$(state_dir bench-stack)
  say "Upload -> staged ($(du -h "$file" | cut -f1), client streaming, COPY; a stack of its own)"
  stack_down "$state" >/dev/null 2>&1 || true
  stack_purge "$state" >/dev/null 2>&1 || true
  stack_up "$state" >/dev/null
  stack_ctl "$state" tenant create --demo >/dev/null || { stack_down "$state"; die "could not create the bench tenant"; }
  ( source "$state/env"; "$BIN_DIR/factflow_upload_probe" "$file" ) | sed 's/^/    /' || status=$?
  pid=$(cat "$state/pids/importer")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  info "importer peak RSS (VmHWM): $((hwm / 1024)) MiB (target < 150 MB = 143 MiB); load $(cut -d' ' -f1-3 /proc/loadavg)"
  stack_down "$state" >/dev/null
  stack_purge "$state" >/dev/null
  [ "$status" -eq 0 ] || die "the upload benchmark failed (logs were in ${state#$ROOT/}/logs)"
}

# Batch numbering and storing on a PostgreSQL of its own (stopped after), beside the bare
# UPDATE ... RETURNING + multi-row INSERT of the same rows (issues 6 and 9).
bench_numbering() {
  local invoices="$1" state
  state=$(state_dir bench-pg)
  say "Numbering side by side ($invoices invoices, best of 3, real PostgreSQL)"
  postgres_stop "$state" >/dev/null 2>&1 || true
  postgres_start "$state" >/dev/null
  FACTFLOW_TEST_DATABASE_URL="$(database_url "$state" test)" \
    "$BIN_DIR/factflow_numbering_bench" "$invoices" 3 || { postgres_stop "$state"; die "the numbering benchmark failed"; }
  postgres_stop "$state"
}

# The control grid on a private PostgreSQL (.factflow/bench-pg, stopped afterwards): the
# calculator on 100,000 checked rows and filtered grid pages (issue 7).
bench_grid() {
  local state="$ROOT/.factflow/bench-pg" status=0
  say "Control grid on PostgreSQL (40 000 orders / 100 000 rows)"
  postgres_start "$state"
  FACTFLOW_TEST_DATABASE_URL="$(database_url "$state" test)" \
    "$BIN_DIR/factflow_grid_bench" --benchmark_counters_tabular=true || status=$?
  postgres_stop "$state"
  [ "$status" -eq 0 ] || die "the grid benchmark failed (exit $status)"
}

# The parse measured as processes (CPU time, peak RSS), side by side on the same file: ours, the
# bare libzip+expat scan (the floor) and openpyxl read-only under Debian's python3 (issue 6).
bench_parse_side_by_side() {
  local file="$1" ours whole bare openpyxl
  say "Parse side by side (CPU seconds of one parse, as a process; load $(cut -d' ' -f1-3 /proc/loadavg))"
  ours="$("$BIN_DIR/factflow_parse_probe" ours "$file")" || die "our parse failed on $file"
  whole="$("$BIN_DIR/factflow_parse_probe" whole "$file")" || die "our whole parse failed on $file"
  bare="$("$BIN_DIR/factflow_parse_probe" bare "$file")" || die "the bare scan failed on $file"
  openpyxl="$("$PYTHON3" "$ROOT/tests/bench/openpyxl_read.py" "$file")" ||
    die "openpyxl failed on $file (python3-openpyxl installed?)"
  info "$ours"
  info "$whole"
  info "$bare"
  info "$openpyxl"
  "$PYTHON3" - "$ours" "$bare" "$openpyxl" <<'PY'
import sys
cpu = {line.split()[0]: float(line.split("cpu_s=")[1].split()[0]) for line in sys.argv[1:]}
print(f"    openpyxl / ours = {cpu['openpyxl'] / cpu['ours']:.1f}x faster (target >= 12x)")
print(f"    ours / bare libzip+expat = {cpu['ours'] / cpu['bare']:.2f}x the floor")
PY
}

# The shared CSV reader side by side with Python's csv module (Debian's python3) on the same
# 100,000-line ETA documents CSV with 5,000 unmapped codes (issue 8: target >= 1,000,000 lines/s).
bench_csv_side_by_side() {
  local dir="$1" file
  file="$dir/ImportDocuments-100000.csv"
  [ -f "$file" ] || "$PYTHON3" "$ROOT/tests/testdata/gen_eta_documents.py" --lines 100000 \
    --unmapped 5000 --seed 1 --out "$file"
  say "CSV parse side by side ($(du -h "$file" | cut -f1), 100,000 lines)"
  side_by_side_with_python_csv "$file" factflow_csv_probe ours
}

# Runs `probe FILE` (its line starts with `key`) and Python's csv module on FILE, prints both
# lines and our rate against the 1,000,000 lines/s target with Python's CPU time over ours.
side_by_side_with_python_csv() {
  local file="$1" probe="$2" key="$3" ours python
  ours="$("$BIN_DIR/$probe" "$file")" || die "$probe failed on $file"
  python="$("$PYTHON3" "$ROOT/tests/bench/python_csv_read.py" "$file")" ||
    die "Python's csv module failed on $file"
  info "$ours"
  info "$python"
  "$PYTHON3" - "$key" "$ours" "$python" <<'PY'
import sys
v = {l.split()[0]: dict(kv.split("=") for kv in l.split()[1:]) for l in sys.argv[2:]}
ours, py = v[sys.argv[1]], v["python"]
print(f"    {sys.argv[1]}: {float(ours['lines_per_s']):,.0f} lines/s (target >= 1,000,000); "
      f"python csv: {float(py['lines_per_s']):,.0f} lines/s; "
      f"python cpu / ours = {float(py['cpu_s']) / max(float(ours['cpu_s']), 1e-6):.2f}x")
PY
}

# A tenant CSV import profile (issue 7): the whole upload parse (reader, validation, grouping into
# orders) side by side with Python's csv module merely reading the same 100,000-line
# Amazon-like export (target >= 1,000,000 lines/s).
bench_profile_side_by_side() {
  local dir="$1" file
  file="$dir/amazon-100000.csv"
  [ -f "$file" ] || "$PYTHON3" "$ROOT/tests/testdata/gen_profile_csv.py" --lines 100000 \
    --seed 1 --out "$file"
  say "Tenant CSV profile side by side ($(du -h "$file" | cut -f1), 100,000 lines)"
  side_by_side_with_python_csv "$file" factflow_profile_probe profile
}
