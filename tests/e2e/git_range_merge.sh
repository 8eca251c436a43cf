#!/usr/bin/env bash
# A range with merges: a secret added on a side branch is reported at the side commit; a clean merge
# adds nothing of its own; a line the merge commit itself adds (an evil merge) is reported at it.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" base.txt $'base\n' "base"
git -C "$r" branch -q start
git -C "$r" checkout -q -b side
commit_file "$r" side.env "S=$(fake_aws_key_id)"$'\n' "side secret"
side=$(git -C "$r" rev-parse HEAD)
git -C "$r" checkout -q main
commit_file "$r" main.txt $'main\n' "main work"
git -C "$r" merge -q --no-edit --no-ff side
# An evil merge: the merge commit adds a line neither parent had.
git -C "$r" checkout -q -b evil start
commit_file "$r" e.txt $'e\n' "e"
git -C "$r" checkout -q main
git -C "$r" merge -q --no-commit --no-ff evil >/dev/null
printf 'M=%s\n' "$(fake_stripe_key)" >> "$r/main.txt"
git -C "$r" add main.txt
git -C "$r" commit -q --no-edit
evil=$(git -C "$r" rev-parse HEAD)

expect_status 1 "$KEYSNARE" git "$r" --range start..main --format json
[ "$(count_findings)" = 2 ] || fail "want 2 findings: $(cat "$T/out")"
json_values commit | grep -qx "$side" || fail "side secret not at the side commit: $(cat "$T/out")"
json_values commit | grep -qx "$evil" || fail "evil merge line not at the merge: $(cat "$T/out")"
