#!/usr/bin/env bash
# A bare repository (a server's copy) is scanned like a work tree; a path that is not a repository is
# an error naming it.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" app.py "KEY = '$(fake_aws_key_id)'"$'\n' "add app"
git clone -q --bare "$r" "$T/bare.git"

expect_status 1 "$KEYSNARE" git "$T/bare.git" --format json
[ "$(count_findings)" = 1 ] || fail "bare: want 1 finding: $(cat "$T/out")"
[ "$(json_values file)" = app.py ] || fail "bare: file"

mkdir "$T/plain"
expect_status 2 "$KEYSNARE" git "$T/plain"
grep -q "$T/plain: not a git repository" "$T/err" || fail "error message: $(cat "$T/err")"
expect_status 2 "$KEYSNARE" git "$T/missing"
grep -q "$T/missing" "$T/err" || fail "missing path not named: $(cat "$T/err")"
