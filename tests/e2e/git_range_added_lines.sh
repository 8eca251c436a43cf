#!/usr/bin/env bash
# `git --range BASE..HEAD` reports only what the range's commits add, each finding at the commit that
# added the line: a secret BASE already had is not reported even in a file the range edits, and a
# later edit of the same file does not move the finding to the later commit.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" app.cfg "old = $(fake_aws_key_id)"$'\nname = app\n' "base"
git -C "$r" checkout -q -b pr
printf 'new = %s\n' "$(fake_stripe_key)" >> "$r/app.cfg"
GIT_AUTHOR_NAME="Pat Request" git -C "$r" commit -q -am "add a key"
adder=$(git -C "$r" rev-parse HEAD)
sed -i 's/name = app/name = renamed-app/' "$r/app.cfg"
git -C "$r" commit -q -am "rename app"
commit_file "$r" docs.md $'# docs\n' "docs"

cd "$r"
expect_status 1 "$KEYSNARE" git --range main..pr --format json
[ "$(count_findings)" = 1 ] || fail "want only the added secret: $(cat "$T/out")"
[ "$(json_values rule_id)" = stripe-live-secret-key ] || fail "rule: $(json_values rule_id)"
[ "$(json_values commit)" = "$adder" ] || fail "not attributed to the adding commit: $(cat "$T/out")"
[ "$(json_values author)" = "Pat Request" ] || fail "author: $(json_values author)"
grep -q '"line":3,' "$T/out" || fail "line: $(cat "$T/out")"
grep -q '6 objects' "$T/err" || fail "summary: 3 changed files and 3 commit messages: $(cat "$T/err")"

# --since REV is REV..HEAD; HEAD defaults when the range ends in '..'.
git checkout -q pr
expect_status 1 "$KEYSNARE" git --since main --format json
[ "$(json_values commit)" = "$adder" ] || fail "--since: $(cat "$T/out")"
expect_status 1 "$KEYSNARE" git --range main.. --format json
[ "$(count_findings)" = 1 ] || fail "main..: $(cat "$T/out")"
# After the secret: nothing.
expect_status 0 "$KEYSNARE" git --range "$adder..pr"
# A malformed range is an error, not a pass.
expect_status 2 "$KEYSNARE" git --range main...pr
expect_status 2 "$KEYSNARE" git --range main
