#!/usr/bin/env bash
# `keysnare git` finds a secret that was added and later removed: history keeps it. The finding names
# the commit that introduced it, with its author, email, date and message.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
key=$(fake_aws_key_id)
GIT_AUTHOR_NAME="Dana Leak" GIT_AUTHOR_EMAIL="dana@example.test" GIT_AUTHOR_DATE="2021-03-04T05:06:07+0200" \
  commit_file "$r" config/settings.env "AWS_ACCESS_KEY_ID=$key"$'\n' "add settings"
added=$(git -C "$r" rev-parse HEAD)
git -C "$r" rm -q config/settings.env
git -C "$r" commit -q -m "remove settings"
[ ! -e "$r/config/settings.env" ] || fail "setup: file still present"

expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(count_findings)" = 1 ] || fail "want 1 finding: $(cat "$T/out")"
[ "$(json_values file)" = config/settings.env ] || fail "file: $(json_values file)"
[ "$(json_values commit)" = "$added" ] || fail "commit: $(json_values commit), want $added"
[ "$(json_values author)" = "Dana Leak" ] || fail "author: $(json_values author)"
[ "$(json_values email)" = dana@example.test ] || fail "email: $(json_values email)"
[ "$(json_values date)" = 2021-03-04T05:06:07+02:00 ] || fail "date: $(json_values date)"
[ "$(json_values message)" = "add settings" ] || fail "message: $(json_values message)"
[ "$(json_values source)" = commit ] || fail "source: $(json_values source)"
grep -q '"line":1,' "$T/out" || fail "line"
if grep -q "$key" "$T/out" "$T/err"; then fail "secret printed in clear"; fi
grep -q 'objects' "$T/err" || fail "summary does not count objects: $(cat "$T/err")"

# From inside the work tree, without REPO, the same.
mkdir -p "$r/sub" && cd "$r/sub"
expect_status 1 "$KEYSNARE" git --format json
[ "$(json_values commit)" = "$added" ] || fail "without REPO: $(cat "$T/out")"
