#!/usr/bin/env bash
# A binary blob is skipped (counted); a text file that .gitattributes calls binary is still scanned.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
cd "$r"
printf 'k = %s\n\0\1\2binary\n' "$(fake_aws_key_id)" > blob.bin
git add blob.bin
expect_status 0 "$KEYSNARE" staged -v
grep -q '1 skipped' "$T/err" || fail "binary not counted as skipped: $(cat "$T/err")"
grep -q 'skipped blob.bin: binary' "$T/err" || fail "binary not listed with -v: $(cat "$T/err")"

printf '*.env binary\n' > .gitattributes
printf 'K=%s\n' "$(fake_stripe_key)" > app.env
git add .gitattributes app.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(json_values file)" = app.env ] || fail "attribute 'binary' hid a text file: $(cat "$T/out")"
