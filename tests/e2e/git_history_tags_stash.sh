#!/usr/bin/env bash
# Every ref is a root: a tag on a commit no branch has any more, a detached HEAD, and every stash
# (older ones live in refs/stash's reflog).
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
git -C "$r" checkout -q -b release
commit_file "$r" release.cfg "k=$(fake_aws_key_id)"$'\n' "release only"
git -C "$r" tag -a -m "v1" v1
git -C "$r" checkout -q main
git -C "$r" branch -q -D release
printf 'stash1 = %s\n' "$(fake_aws_key_id)" >> "$r/README.md"
git -C "$r" stash -q
printf 'stash2 = %s\n' "$(fake_stripe_key)" > "$r/README.md"
git -C "$r" stash -q
[ "$(git -C "$r" stash list | wc -l)" = 2 ] || fail "setup: two stashes"
commit_file "$r" side.txt $'x\n' "side"
git -C "$r" checkout -q --detach HEAD
commit_file "$r" detached.txt "d=$(fake_aws_key_id)"$'\n' "detached"

expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(count_findings)" = 4 ] || fail "want 4 findings: $(cat "$T/out")"
json_values file | grep -qx release.cfg || fail "tagged commit not scanned"
json_values file | grep -qx detached.txt || fail "detached HEAD not scanned"
[ "$(json_values file | grep -cx README.md)" = 2 ] || fail "both stashes not scanned: $(cat "$T/out")"
