#!/usr/bin/env bash
# Binary files, files over --max-file-size, .git, excluded globs and symlinks are skipped; skipped files
# are counted and listed with -v, and a scan that only skipped by policy still exits 0.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree/.git" "$T/tree/vendor/lib" "$T/outside"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/tree/.git/config"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/tree/vendor/lib/x.js"
printf 'k = %s\n\0binary\n' "$(fake_aws_key_id)" > "$T/tree/image.bin"
{ printf 'k = %s\n' "$(fake_aws_key_id)"; head -c 3000 /dev/zero | tr '\0' 'a'; } > "$T/tree/big.txt"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/outside/secret.txt"
ln -s "$T/outside" "$T/tree/link-out"
ln -s "$T/outside/secret.txt" "$T/tree/link-file"
mkfifo "$T/tree/fifo"
printf 'clean\n' > "$T/tree/ok.txt"

expect_status 0 "$KEYSNARE" dir "$T/tree" --max-file-size 2K --exclude 'vendor/' -v
grep -q 'big.txt: larger than --max-file-size' "$T/err" || fail "oversize file not listed: $(cat "$T/err")"
grep -q 'image.bin: binary' "$T/err" || fail "binary file not listed"
grep -q 'fifo: not a regular file' "$T/err" || fail "fifo not skipped"
grep -q '1 files (6 B) scanned, 3 skipped' "$T/err" || fail "counts wrong: $(cat "$T/err")"

# Without the exclude and the size limit both secrets count.
expect_status 1 "$KEYSNARE" dir "$T/tree" --format json
[ "$(grep -c '"rule_id"' "$T/out")" = 2 ] || fail "expected 2 findings: $(cat "$T/out")"
