#!/usr/bin/env bash
# A linked worktree is a repository too; its detached HEAD, which no branch reaches, is scanned from
# the main work tree as well.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
git -C "$r" worktree add -q --detach "$T/wt"
commit_file "$T/wt" wt.txt "token $(fake_aws_key_id)"$'\n' "in the worktree"

expect_status 1 "$KEYSNARE" git "$T/wt" --format json
[ "$(json_values file)" = wt.txt ] || fail "from the worktree: $(cat "$T/out")"
expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(json_values file)" = wt.txt ] || fail "from the main work tree: $(cat "$T/out")"
