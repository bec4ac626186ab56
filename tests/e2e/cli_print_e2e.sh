#!/usr/bin/env bash
# End to end through the operator's command line (issue 9): the selection criteria of
# `factflowctl invoices list|print|preview|bills`, the ZIP of a print streamed to a file (read
# back with unzip and pdftotext), DUPLICATA on a reprint, the bills' CFONB remittance, tenant
# settings and the nightly send's dry run. Needs the environment exported by ./factflow test.
set -euo pipefail
: "${FACTFLOW_STATE_DIR:?run through ./factflow test}" "${FACTFLOW_BIN_DIR:?run through ./factflow test}"
work="$FACTFLOW_STATE_DIR/cli-print-e2e"
rm -rf "$work"
mkdir -p "$work"
tenant="e2e-print-$$-$RANDOM"
ctl() { "$FACTFLOW_BIN_DIR/factflowctl" --tenant "$tenant" "$@"; }
out="$work/out.txt"
fail() { cat "$out"; echo "FAIL: $1"; exit 1; }
expect() { grep -Fq -- "$1" "$out" || fail "expected: $1"; }
count() { ctl invoices list "$@" -o json | jq '.invoices | length'; }
create() {  # operator, client, payment, extra options...
  local operator="$1" client="$2" payment="$3"; shift 3
  ctl --operator "$operator" invoice create --client "$client" --address "4 rue des Tanneurs" \
    --postal-code 69002 --city Lyon --siren 732829320 --ht --payment "$payment" \
    --line "libellé=Pose de parquet;qté=3;prix=38.40;tva=20" "$@" >"$out" 2>&1 || fail "create"
}

ctl tenant create --demo >"$out" 2>&1 || fail "tenant create"
for i in 1 2 3; do create alice "Client A$i SARL" virement; done
for i in 1 2; do create bob "Client B$i SARL" virement; done

# Criteria reach the service.
[ "$(count --created-by alice)" = 3 ] || fail "--created-by"
[ "$(count --state EN_ATTENTE --state PRET)" = 5 ] || fail "--state"
[ "$(count --state PRET)" = 0 ] || fail "--state PRET"
today=$(date +%d/%m/%Y)
[ "$(count --from "$today" --to "$today")" = 5 ] || fail "--from/--to"
[ "$(count --from 01/01/2020 --to 31/12/2020)" = 0 ] || fail "--from/--to past"
if ctl invoices list --from 2026-13-45 >"$out" 2>&1; then fail "impossible date accepted"; fi
expect "criteria.date_from"
if ctl invoices list --printed-from demain >"$out" 2>&1; then fail "malformed date accepted"; fi
expect "JJ/MM/AAAA"

# Print alice's invoices as carol: a ZIP of 3 PDFs named by number; then the criteria see it.
ctl --operator carol invoices print --created-by alice --out "$work/a.zip" >"$out" 2>&1 || fail "print"
expect "Archive écrite"
[ "$(unzip -Z1 "$work/a.zip" | wc -l)" = 3 ] || fail "3 PDFs expected"
first=$(unzip -Z1 "$work/a.zip" | head -1)
unzip -p "$work/a.zip" "$first" | pdftotext - - >"$out"
expect "Client A1 SARL"
if grep -q DUPLICATA "$out"; then fail "first print marked DUPLICATA"; fi
[ "$(count --printed-by carol)" = 3 ] || fail "--printed-by"
[ "$(count --without-print-date)" = 2 ] || fail "--without-print-date"
[ "$(count --printed-from "$today" --printed-to "$today")" = 3 ] || fail "--printed-from/to"
[ "$(count --without-dematerialisation)" = 5 ] || fail "--without-dematerialisation"

# The default filter (without print date): a second print takes bob's two only.
ctl invoices print --out "$work/b.zip" >"$out" 2>&1 || fail "default print"
[ "$(unzip -Z1 "$work/b.zip" | wc -l)" = 2 ] || fail "default filter"

# A reprint by number: DUPLICATA; a preview changes nothing.
number="${first%.pdf}"
ctl invoices print --invoice "$number" --out "$work/dup.zip" >"$out" 2>&1 || fail "reprint"
unzip -p "$work/dup.zip" "$first" | pdftotext - - >"$out"
expect "DUPLICATA"
create dave "Client D SARL" virement
ctl invoices preview --created-by dave --out "$work/p.zip" >"$out" 2>&1 || fail "preview"
[ "$(unzip -Z1 "$work/p.zip" | wc -l)" = 1 ] || fail "preview PDF"
[ "$(count --created-by dave --without-print-date)" = 1 ] || fail "preview recorded a print"

# Bills: an LCR with the client's IBAN, refused for a transfer, the CFONB remittance.
create erin "Client E SARL" lcr --client-iban "FR1420041010050500013M02606" --client-bank "SG Lyon"
ctl invoices bills --created-by erin --out "$work/lcr.zip" >"$out" 2>&1 || fail "bills"
unzip -p "$work/lcr.zip" remise-LCR.txt >"$work/remise.txt" || fail "no remise-LCR.txt"
[ "$(wc -l <"$work/remise.txt")" = 3 ] || fail "3 CFONB records"
awk '{ sub(/\r$/, ""); if (length($0) != 160) exit 1 }' "$work/remise.txt" || fail "160 chars"
grep -q "^0660" "$work/remise.txt" || fail "detail record"
ctl invoices bills --created-by bob --include-printed >"$out" 2>&1 || true
expect "ne concerne que les factures payables par LCR ou billet à ordre"

# Settings and the nightly send's dry run.
ctl tenant settings --nightly-send oui --days-before-send 3 --zero-amount conserver >"$out" 2>&1 \
  || fail "tenant settings"
expect "conservées en interne"
ctl invoices nightly-send --dry-run --date 2026-11-29 >"$out" 2>&1 || fail "dry run"
expect "30/11/2026"
if ctl tenant settings --nightly-send peut-etre >"$out" 2>&1; then fail "bad yes/no accepted"; fi
expect "attendu oui ou non"
echo "cli_print_e2e: OK"
