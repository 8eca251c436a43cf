#!/usr/bin/env bash
# A secret in a tree is found (exit 1), redacted everywhere by default, shown with --show-secrets.
source "$(dirname "$0")/common.sh"
key=$(fake_aws_key_id)
mkdir -p "$T/tree/src"
printf 'import os\n\nAWS_KEY = "%s"\n' "$key" > "$T/tree/src/app.py"
printf 'nothing to see\n' > "$T/tree/README"

for fmt in text json jsonl sarif csv; do
  expect_status 1 "$KEYSNARE" dir "$T/tree" --format "$fmt"
  if grep -q "$key" "$T/out" "$T/err"; then fail "$fmt output holds the secret in clear"; fi
done
expect_status 1 "$KEYSNARE" dir "$T/tree" --format json
grep -q '"file":"src/app.py"' "$T/out" || fail "file not relative to the root"
grep -q '"line":3,"column":12' "$T/out" || fail "line/column wrong: $(cat "$T/out")"
grep -q '"secret":"AKIA…"' "$T/out" || fail "secret not redacted to 4 characters"
grep -q 'keysnare: 2 files' "$T/err" || fail "summary missing: $(cat "$T/err")"

expect_status 1 "$KEYSNARE" dir "$T/tree" --format json --show-secrets
grep -q "$key" "$T/out" || fail "--show-secrets does not show the secret"

expect_status 7 "$KEYSNARE" dir "$T/tree" --exit-code 7
expect_status 0 "$KEYSNARE" dir "$T/tree/README"
[ ! -s "$T/out" ] || fail "clean text scan printed a report"
