#!/usr/bin/env bash
# End to end through the operator's command line: `factflowctl batches cancel` against the test
# stack — the typed « oui » confirmation, the French refusal of a batch whose invoices were sent,
# and a cancel that rewinds the series. Needs the environment exported by ./factflow test.
set -euo pipefail
: "${FACTFLOW_STATE_DIR:?run through ./factflow test}" "${FACTFLOW_BIN_DIR:?run through ./factflow test}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$FACTFLOW_STATE_DIR/cli-cancel-e2e"
mkdir -p "$work"
tenant="e2e-cancel-$$-$RANDOM"
ctl() { "$FACTFLOW_BIN_DIR/factflowctl" --tenant "$tenant" "$@"; }
fail() { cat "$out"; echo "FAIL: $1"; exit 1; }
expect() { grep -Fq -- "$1" "$out" || fail "expected: $1"; }
export_file() {
  /usr/bin/python3 "$here/../testdata/gen_fnac_export.py" --orders "$2" --errors 0 --seed "$3" \
    --date 2026-11-20 --out "$1" --summary "$work/summary-$3.json"
}
year=$(date +%Y)
out="$work/out.txt"

# Batch 1: the whole demo job, its invoices sent and archived.
export_file "$work/sent-$$.xlsx" 5 7101
ctl job fnac --file "$work/sent-$$.xlsx" >"$out" 2>&1 || fail "job fnac"

# Batch 2: uploaded and generated, still EN_ATTENTE.
export_file "$work/pending-$$.xlsx" 4 7102
ctl upload "$work/pending-$$.xlsx" >"$out" 2>&1 || fail "upload"
ctl generate 2 --wait >"$out" 2>&1 || fail "generate"

# Batch 1 cannot be cancelled: batch 2 comes after it, and its invoices were sent.
if ctl batches cancel 1 --yes >"$out" 2>&1; then fail "cancel of a sent batch accepted"; fi
expect "Impossible d'annuler le lot n° 1"
expect "FA$year-000006 : numéro attribué après ce lot"
expect "FA$year-000001 : facture du lot qui n'est plus en attente ni prête"
expect "établissez plutôt un avoir total pour chacune"
expect "(FAILED_PRECONDITION)"

# No terminal and no --yes: nothing is done.
if ctl batches cancel 2 </dev/null >"$out" 2>&1; then fail "cancel without confirmation"; fi
expect "relancez avec --yes"

# Typed answers on a terminal: « non » abandons, « oui » cancels.
printf 'non\n' | script -qec "$FACTFLOW_BIN_DIR/factflowctl --tenant $tenant batches cancel 2" \
  /dev/null >"$out" 2>&1 || true
expect "Tapez « oui » pour confirmer"
expect "annulation abandonnée"
printf 'oui\n' | script -qec "$FACTFLOW_BIN_DIR/factflowctl --tenant $tenant batches cancel 2" \
  /dev/null >"$out" 2>&1 || fail "typed oui"
expect "Lot n° 2 : 4 factures supprimées (FA$year-000006 → FA$year-000009)"
expect "1 lot annulé"

ctl batches >"$out" 2>&1 || fail "batches"
grep -Eq "^ *2 .*annulé" "$out" || fail "batch 2 not shown cancelled"
ctl numbering check >"$out" 2>&1 || fail "numbering check"
grep -Eq "^Chaîne continue +: oui" "$out" || fail "numbering not continuous after the cancel"

# The file of the cancelled batch can be uploaded again; its numbers are reused.
ctl upload "$work/pending-$$.xlsx" >"$out" 2>&1 || fail "re-upload of a cancelled file"
ctl generate 3 --wait >"$out" 2>&1 || fail "generate again"
expect "FA$year-000006"
echo "cli cancel e2e: refusal in French, typed confirmation, rewind and re-upload"
