#!/usr/bin/env bash
# End to end through the operator's command line: `factflowctl job fnac` — what ./factflow run
# prints — against the test stack, for a new tenant, on a generated export. Checks the summary
# against the generator's own counts. Needs the environment exported by ./factflow test.
set -euo pipefail
: "${FACTFLOW_STATE_DIR:?run through ./factflow test}" "${FACTFLOW_BIN_DIR:?run through ./factflow test}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$FACTFLOW_STATE_DIR/cli-job-e2e"
mkdir -p "$work"
file="$work/commandes-terminees-$$.xlsx"
/usr/bin/python3 "$here/../testdata/gen_fnac_export.py" --orders 12 --errors 1 --seed 4242 \
  --date 2026-11-20 --out "$file" --summary "$work/summary.json"
valid=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["valid_orders"])' \
  "$work/summary.json")
tenant="e2e-cli-$$-$RANDOM"

out="$work/job.txt"
if ! "$FACTFLOW_BIN_DIR/factflowctl" --tenant "$tenant" job fnac --file "$file" >"$out" 2>&1; then
  cat "$out"; echo "FAIL: factflowctl job fnac exited non-zero"; exit 1
fi
expect() {
  grep -Eq "$1" "$out" || { cat "$out"; echo "FAIL: expected a line matching: $1"; exit 1; }
}
year=$(date +%Y)
expect "^Factures générées +: $valid \(FA$year-000001 → FA$year-$(printf %06d "$valid")\)"
expect "^Factures envoyées +: $valid$"
expect "^PDF archivés +: $valid$"
expect "^Fichiers e-facture CII écrits +: $valid$"
"$FACTFLOW_BIN_DIR/factflowctl" --tenant "$tenant" numbering check >"$work/numbering.txt"
grep -Eq "^Chaîne continue +: oui" "$work/numbering.txt" || { cat "$work/numbering.txt"; exit 1; }
echo "cli job e2e: $valid invoices generated, sent, archived; numbering continuous"
