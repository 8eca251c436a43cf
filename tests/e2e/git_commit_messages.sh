#!/usr/bin/env bash
# Commit messages are scanned as text, in the history audit and in --range: a secret in a message is a
# finding of its own, file "<commit-message>", at the commit and the line of the message that holds it
# (also when a file holds the same secret). Annotated tag messages too ("refs/tags/T:<tag-message>"),
# and with --unreachable those of deleted tags. A keysnare:allow marker in a message is listed with
# the range's other markers.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "base"
key=$(fake_aws_key_id)
other=$(fake_stripe_key)
commit_file "$r" app.cfg $'name = app\n' "$(printf 'configure the app\n\nused aws_access_key_id = %s for the test' "$key")"
msg_commit=$(git -C "$r" rev-parse HEAD)
commit_file "$r" keys.env "aws_access_key_id = $key"$'\n' "the same key, in a file"
git -C "$r" tag -a v1 -m "release notes: stripe key $other" HEAD

expect_status 1 "$KEYSNARE" git "$r" --format jsonl
[ "$(count_findings)" = 3 ] || fail "want the message, the file and the tag: $(cat "$T/out")"
grep -q "\"file\":\"<commit-message>\",\"line\":3,.*\"commit\":\"$msg_commit\"" "$T/out" || fail "message finding: $(cat "$T/out")"
grep -q '"file":"keys.env"' "$T/out" || fail "file finding: $(cat "$T/out")"
grep -q '"rule_id":"stripe-live-secret-key".*"file":"refs/tags/v1:<tag-message>"' "$T/out" || fail "tag message: $(cat "$T/out")"

# A deleted annotated tag leaves its object behind: --unreachable reads its message.
git -C "$r" tag -d v1 >/dev/null
expect_status 1 "$KEYSNARE" git "$r" --format jsonl
[ "$(count_findings)" = 2 ] || fail "without the tag: $(cat "$T/out")"
expect_status 1 "$KEYSNARE" git "$r" --unreachable --format jsonl
grep -q '"file":"(unreachable tag [0-9a-f]*):<tag-message>"' "$T/out" || fail "unreachable tag: $(cat "$T/out")"

# --range: the message of a commit in the range is scanned, every line of it.
cd "$r"
git checkout -q -b pr
commit_file . notes.md $'notes\n' "$(printf 'notes\n\nstaging key: %s' "$(fake_aws_key_id)")"
expect_status 1 "$KEYSNARE" git --range main..pr --format json
[ "$(json_values file)" = "<commit-message>" ] || fail "range: $(cat "$T/out")"
grep -q '"line":3,' "$T/out" || fail "range line: $(cat "$T/out")"
git reset -q --hard main
commit_file . notes.md $'notes\n' "$(printf 'notes\n\nstaging key: %s keysnare:allow' "$(fake_aws_key_id)")"
expect_status 0 "$KEYSNARE" git --range main..pr
grep -q "1 keysnare:allow marker added in the range: <commit-message>:3 (commit $(git rev-parse --short=7 HEAD))" "$T/err" ||
  fail "marker in a message not listed: $(cat "$T/err")"
