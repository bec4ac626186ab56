#!/usr/bin/env bash
# The conformance tests against the official EN 16931 validator skip, saying why and how to run
# them, when the validator is missing (a user's clone has no ../shared); with CI=true they fail
# instead. Runs the dispatch_einvoice_test binary given as $1 with a validator path that does
# not exist, once without and once with CI=true.
set -euo pipefail
binary="$1"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
fail() { cat "$out"; echo "FAIL: $*"; exit 1; }

missing=/nonexistent/einvoice/einvoice-validate.sh
if ! env -u CI FACTFLOW_EINVOICE_VALIDATOR="$missing" "$binary" >"$out" 2>&1; then
  fail "without the validator and without CI, the conformance tests must skip, not fail"
fi
grep -q '\[  SKIPPED \]' "$out" || fail "expected the tests to be reported as skipped"
grep -q "EN 16931 conformance check skipped: FACTFLOW_EINVOICE_VALIDATOR points to $missing" "$out" ||
  fail "the skip must say what was looked for"
grep -q "put the shared einvoice kit beside the clone" "$out" || fail "the skip must say how to run them"
grep -q '\[  PASSED  \] 0 tests' "$out" || fail "no conformance test may pass without the validator"

if CI=true FACTFLOW_EINVOICE_VALIDATOR="$missing" "$binary" >"$out" 2>&1; then
  fail "with CI=true a missing validator must fail the conformance tests"
fi
grep -q "CI=true requires the EN 16931 conformance checks" "$out" || fail "the failure must say why"
echo "validator skip-or-fail: ok"
