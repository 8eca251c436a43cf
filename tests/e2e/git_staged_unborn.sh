#!/usr/bin/env bash
# The first commit of a repository (unborn HEAD): everything staged is added.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
cd "$r"
printf 'hello\n' > README.md
git add README.md
expect_status 0 "$KEYSNARE" staged
printf 'k = %s\n' "$(fake_aws_key_id)" > first.txt
git add first.txt
expect_status 1 "$KEYSNARE" staged --format json
[ "$(json_values file)" = first.txt ] || fail "file: $(cat "$T/out")"
# Nothing staged at all, and not a repository.
rm -rf "$T/empty"; new_repo "$T/empty"
expect_status 0 "$KEYSNARE" staged --repo "$T/empty"
mkdir "$T/plain"
expect_status 2 "$KEYSNARE" staged --repo "$T/plain"
grep -q 'not a git repository' "$T/err" || fail "error: $(cat "$T/err")"
