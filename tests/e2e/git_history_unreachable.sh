#!/usr/bin/env bash
# Objects no ref reaches (a blob written but never committed, a commit amended away) are scanned only
# with --unreachable; the amended commit is then named as the blob's commit.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
printf 'orphan = %s\n' "$(fake_aws_key_id)" > "$T/orphan.txt"
orphan=$(git -C "$r" hash-object -w "$T/orphan.txt")
commit_file "$r" conf.ini "key = $(fake_stripe_key)"$'\n' "oops"
amended=$(git -C "$r" rev-parse HEAD)
printf 'key = from-env\n' > "$r/conf.ini"
git -C "$r" commit -q -a --amend -m "config"
git -C "$r" reflog expire --expire=now --all

expect_status 0 "$KEYSNARE" git "$r" --format json
[ "$(count_findings)" = 0 ] || fail "unreachable objects scanned by default: $(cat "$T/out")"

expect_status 1 "$KEYSNARE" git "$r" --format json --unreachable
[ "$(count_findings)" = 2 ] || fail "want 2 findings with --unreachable: $(cat "$T/out")"
json_values blob | grep -qx "$orphan" || fail "orphan blob not reported: $(cat "$T/out")"
json_values commit | grep -qx "$amended" || fail "amended commit not named: $(cat "$T/out")"
