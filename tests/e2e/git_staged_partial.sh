#!/usr/bin/env bash
# Partial staging (what `git add -p` does, here with `git apply --cached` of one hunk): only the staged
# hunk is checked.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" app.py "$(printf 'line%s\n' $(seq 1 20))"$'\n' "base"
cd "$r"
staged_key=$(fake_aws_key_id)
{ printf 'A = "%s"\n' "$staged_key"; printf 'line%s\n' $(seq 1 20); printf 'B = "%s"\n' "$(fake_stripe_key)"; } > app.py
git diff -U0 app.py > "$T/full.patch"
[ "$(grep -c '^@@' "$T/full.patch")" = 2 ] || fail "setup: want two hunks"
awk '/^@@/{n++} n<2' "$T/full.patch" > "$T/first.patch"
git apply --cached --unidiff-zero "$T/first.patch"
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 1 ] || fail "want only the staged hunk: $(cat "$T/out")"
[ "$(json_values rule_id)" = aws-access-key-id ] || fail "rule: $(json_values rule_id)"
grep -q '"line":1,' "$T/out" || fail "line: $(cat "$T/out")"
