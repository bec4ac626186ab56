# ./factflow fuzz [SECONDS] [TARGET...]: runs the libFuzzer targets of tests/fuzz, each for
# SECONDS (default 60), on a clang build with ASan+UBSan in build-fuzz/. Each target starts from
# its seed corpus (tests/fuzz/corpus/<target>) and keeps what it finds in .factflow/fuzz/corpus.
# Prints executions and corpus size per target; a crash is kept in .factflow/fuzz/crashes and
# fails the command. Sourced by ./factflow.
source "$ROOT/deploy/lib/build.sh"

FUZZ_TARGETS=(fuzz_xlsx_reader fuzz_fnac_profile fuzz_token fuzz_cii_writer fuzz_csv_reader)

factflow_fuzz() {
  local seconds=60 targets=() target dir="$ROOT/.factflow/fuzz" failed=0
  if [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds="$1"; shift; fi
  targets=("$@")
  (( ${#targets[@]} )) || targets=("${FUZZ_TARGETS[@]}")
  ensure_packages
  FACTFLOW_EXTRA_PACKAGES="clang libclang-rt-14-dev" ensure_extra_packages
  local build="$ROOT/build-fuzz"
  say "Building the fuzz targets (clang, libFuzzer, ASan+UBSan) in ${build#"$ROOT"/}"
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$ROOT"
  if [ ! -f "$build/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S "$ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DFACTFLOW_FUZZ=ON >/dev/null || die "cmake could not configure the fuzz build"
  fi
  cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" || die "the fuzz build failed"
  mkdir -p "$dir/crashes"
  printf '    %-20s %10s %12s %8s %s\n' target seconds executions corpus result
  for target in "${targets[@]}"; do
    local corpus="$dir/corpus/$target" log="$dir/$target.log" execs files result=ok
    mkdir -p "$corpus"
    [ -d "$ROOT/tests/fuzz/corpus/$target" ] && cp -n "$ROOT/tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
    if ! ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" "$build/tests/fuzz/$target" "$corpus" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 \
        -artifact_prefix="$dir/crashes/$target-" -print_final_stats=1 >"$log" 2>&1; then
      result="CRASH (see ${log#"$ROOT"/})"; failed=1
    fi
    execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}') || true
    files=$(find "$corpus" -type f | wc -l)
    printf '    %-20s %10s %12s %8s %s\n' "$target" "$seconds" "${execs:-?}" "$files" "$result"
  done
  (( failed == 0 )) || die "a fuzz target crashed: the inputs are in ${dir#"$ROOT"/}/crashes"
}
