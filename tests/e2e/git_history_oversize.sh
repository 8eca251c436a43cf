#!/usr/bin/env bash
# A history audit skips blobs over --max-file-size without inflating them: counted as skipped, named in
# a warning next to the summary (git shows such a file as text, so it must not pass unnoticed), not an
# error (exit 0 when nothing else is found). Under the default limit the same blob is scanned and its
# secret found.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
{ printf 'AWS_ACCESS_KEY_ID=%s\n' "$(fake_aws_key_id)"; head -c 3000000 /dev/zero | tr '\0' 'x' | fold -w 100; } > "$T/big.env"
cp "$T/big.env" "$r/big.env"
git -C "$r" add big.env && git -C "$r" commit -q -m "big"
commit_file "$r" small.txt $'clean\n' "small"

expect_status 0 "$KEYSNARE" git "$r" --max-file-size 1MiB -v
grep -q 'big.env: larger than --max-file-size' "$T/err" || fail "oversize blob not listed: $(cat "$T/err")"
# small.txt and the two commit messages ("big", "small").
grep -q '3 objects (16 B) scanned, 1 skipped' "$T/err" || fail "counts: $(cat "$T/err")"
expect_status 0 "$KEYSNARE" git "$r" --max-file-size 1MiB
grep -q 'warning: 1 file that git shows as text was not scanned: big.env (larger than --max-file-size (2.9 MiB))' "$T/err" ||
  fail "oversize blob not named without -v: $(cat "$T/err")"
expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(json_values file)" = big.env ] || fail "under the default limit the secret is found: $(cat "$T/out")"
