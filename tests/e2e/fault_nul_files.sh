#!/usr/bin/env bash
# Files of NUL bytes are binary: skipped, counted and listed with -v, never an error — whatever their
# size, and also when a secret follows the NULs (git and ripgrep's heuristic: a NUL in the first 8 KiB).
# Even-sized NUL runs are not mistaken for BOM-less UTF-16.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree"
head -c 4096 /dev/zero > "$T/tree/zeros-4k.bin"
head -c 3000000 /dev/zero > "$T/tree/zeros-3m.bin"
: > "$T/tree/empty.txt"
{ head -c 100 /dev/zero; printf 'k = %s\n' "$(fake_aws_key_id)"; } > "$T/tree/nul-then-secret.dat"
printf 'k = %s\n' "$(fake_stripe_key)" > "$T/tree/real.env"

expect_status 1 "$KEYSNARE" dir "$T/tree" --format json -v
[ "$(count_findings)" = 1 ] || fail "want only the text file's finding: $(cat "$T/out")"
[ "$(json_values file)" = real.env ] || fail "file: $(json_values file)"
for f in zeros-4k.bin zeros-3m.bin nul-then-secret.dat; do
  grep -q "skipped $f: binary" "$T/err" || fail "$f not listed as binary: $(cat "$T/err")"
done
grep -q '2 files (.*) scanned, 3 skipped, 1 finding' "$T/err" || fail "counts: $(cat "$T/err")"
[ -z "$(error_lines)" ] || fail "binary files are not errors: $(cat "$T/err")"
