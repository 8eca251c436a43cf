#!/usr/bin/env bash
# Deleting a file, or a whole directory, does not remove its secret from history; a branch deleted
# after a merge neither.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
k1=$(fake_aws_key_id); k2=$(fake_stripe_key)
commit_file "$r" deploy/keys/prod.txt "$k1"$'\n' "add prod key"
git -C "$r" checkout -q -b topic
commit_file "$r" topic.env "STRIPE=$k2"$'\n' "topic key"
git -C "$r" rm -q topic.env
git -C "$r" commit -q -m "drop topic key"
git -C "$r" checkout -q main
git -C "$r" merge -q --no-edit --no-ff topic
git -C "$r" branch -q -D topic
git -C "$r" rm -q -r deploy
git -C "$r" commit -q -m "remove deploy dir"

expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(count_findings)" = 2 ] || fail "want 2 findings: $(cat "$T/out")"
json_values file | grep -qx deploy/keys/prod.txt || fail "deleted directory's secret missing"
json_values file | grep -qx topic.env || fail "deleted file's secret missing"
