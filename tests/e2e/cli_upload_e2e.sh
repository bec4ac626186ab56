#!/usr/bin/env bash
# End to end through the operator's command line at month-end scale (issue 6): `factflowctl
# upload` streams a 20,000-order export to the importer (UploadFileStream, 1 MiB chunks), which
# parses it in segments of whole orders and stores them by COPY. The staged batch is checked
# against the generator's own counts (rows, orders, valid orders, total of the valid ones); the
# same file again is refused as a duplicate and stages nothing; --allow-duplicate stages it again.
# Needs the environment exported by ./factflow test.
set -euo pipefail
: "${FACTFLOW_STATE_DIR:?run through ./factflow test}" "${FACTFLOW_BIN_DIR:?run through ./factflow test}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$FACTFLOW_STATE_DIR/cli-upload-e2e"
mkdir -p "$work"
tenant="e2e-upload-$$-$RANDOM"
ctl() { "$FACTFLOW_BIN_DIR/factflowctl" --tenant "$tenant" "$@"; }
out="$work/out.txt"
fail() { cat "$out"; echo "FAIL: $1"; exit 1; }
file="$work/commandes-terminees-$$.xlsx"
/usr/bin/python3 "$here/../testdata/gen_fnac_export.py" --orders 20000 --errors 0 --seed 6060 \
  --date 2026-11-30 --out "$file" --summary "$work/summary.json" 2>/dev/null

ctl tenant create --demo >"$out" 2>&1 || fail "tenant create"
ctl upload "$file" >"$out" 2>&1 || fail "upload"
ctl batches -o json >"$work/batches.json" 2>"$out" || fail "batches"
/usr/bin/python3 - "$work/summary.json" "$work/batches.json" <<'PY' || { cat "$out"; exit 1; }
import json, sys
from decimal import Decimal
expected = json.load(open(sys.argv[1]))
batches = json.load(open(sys.argv[2]))["batches"]
assert len(batches) == 1, f"one batch expected, got {len(batches)}"
b = batches[0]
checks = [("rowsRead", b["rowsRead"], expected["lines"]),
          ("documentCount", b["documentCount"], expected["orders"]),
          ("validDocumentCount", b["validDocumentCount"], expected["valid_orders"]),
          ("checkedDocumentCount", b["checkedDocumentCount"], expected["valid_orders"]),
          ("totalInclVat", Decimal(b["totalInclVat"]["value"]),
           Decimal(expected["total_incl_vat_valid"]))]
bad = [f"{name}: {got} != {want}" for name, got, want in checks if got != want]
assert not bad, "; ".join(bad)
assert b["status"] == "BATCH_STATUS_STAGED", b["status"]
print(f"cli upload e2e: {b['documentCount']} orders / {b['rowsRead']} rows staged, "
      f"{b['validDocumentCount']} valid, total {b['totalInclVat']['value']}")
PY

# The same content again: refused (ALREADY_EXISTS, exit 1), nothing staged.
if ctl upload "$file" >"$out" 2>&1; then fail "a duplicate upload was accepted"; fi
grep -Fq "déjà été intégré" "$out" || fail "expected the duplicate refusal in French"
ctl batches -o json >"$work/batches.json" 2>"$out" || fail "batches"
count=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["batches"]))' "$work/batches.json")
[ "$count" = 1 ] || fail "the refused duplicate staged a batch ($count batches)"
ctl upload --allow-duplicate "$file" >"$out" 2>&1 || fail "upload --allow-duplicate"
grep -Eq "^Lot n° 2 " "$out" || fail "expected batch 2"
echo "cli upload e2e: duplicate refused, then staged with --allow-duplicate"
