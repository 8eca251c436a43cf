#!/usr/bin/env bash
# The same secret in two branches (and at two paths) is one finding, located at its oldest commit;
# --all-occurrences lists the other places too.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
key=$(fake_aws_key_id)
git -C "$r" checkout -q -b feature-a
GIT_AUTHOR_DATE="2020-01-01T00:00:00+0000" GIT_COMMITTER_DATE="2020-01-01T00:00:00+0000" \
  commit_file "$r" a/creds.txt "key=$key"$'\n' "a adds it"
first=$(git -C "$r" rev-parse HEAD)
git -C "$r" checkout -q main
git -C "$r" checkout -q -b feature-b
GIT_AUTHOR_DATE="2020-06-01T00:00:00+0000" GIT_COMMITTER_DATE="2020-06-01T00:00:00+0000" \
  commit_file "$r" b/other.py "K = '$key'"$'\n' "b adds it too"
second=$(git -C "$r" rev-parse HEAD)
git -C "$r" checkout -q main

expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(count_findings)" = 1 ] || fail "want one finding: $(cat "$T/out")"
[ "$(json_values commit)" = "$first" ] || fail "not the oldest commit: $(cat "$T/out")"
[ "$(json_values file)" = a/creds.txt ] || fail "file: $(json_values file)"
grep -q '"occurrences":\[\]' "$T/out" || fail "occurrences listed without --all-occurrences"

expect_status 1 "$KEYSNARE" git "$r" --format json --all-occurrences
[ "$(count_findings)" = 1 ] || fail "--all-occurrences: want one finding: $(cat "$T/out")"
json_values commit | grep -qx "$second" || fail "--all-occurrences: second branch missing: $(cat "$T/out")"
json_values file | grep -qx b/other.py || fail "--all-occurrences: b/other.py missing"
