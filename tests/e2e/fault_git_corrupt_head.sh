#!/usr/bin/env bash
# A HEAD that is not a valid reference (garbage in .git/HEAD, or a branch file HEAD names holding
# garbage) is reported as a corrupt repository by every command - the audit used to skip HEAD
# silently and exit 1 on the other refs' findings - and the exit status is 2. So is a linked
# worktree's garbage HEAD in a history audit, which used to be skipped.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" a.txt "k = $(fake_aws_key_id)"$'\n' "base"
git -C "$r" branch side
commit_file "$r" b.txt $'clean\n' "second"
cd "$r"

check_all() {  # check_all PATTERN: every command exits 2 and says PATTERN
  local cmd
  for cmd in "git $r" "git --range side..main" "staged" "hook install"; do
    # shellcheck disable=SC2086
    expect_status 2 "$KEYSNARE" $cmd
    grep -q "$1" "$T/err" || fail "'$cmd': no diagnostic matching '$1': $(cat "$T/err")"
    [ "$(error_lines | wc -l)" = 1 ] || fail "'$cmd': want one error line: $(cat "$T/err")"
  done
  [ ! -e .git/hooks/pre-commit ] || fail "hook installed into a corrupt repository"
}

cp .git/HEAD "$T/HEAD"
echo 'garbage garbage' > .git/HEAD
check_all 'corrupt repository: HEAD is not a valid reference'
cp "$T/HEAD" .git/HEAD

# HEAD is fine, the branch it names is not.
cp .git/refs/heads/main "$T/main"
echo 'not an object id' > .git/refs/heads/main
check_all 'corrupt repository: HEAD (refs/heads/main) cannot be resolved'
cp "$T/main" .git/refs/heads/main
expect_status 1 "$KEYSNARE" git "$r"

# A linked worktree's garbage HEAD: the audit reports it (and still scans everything else).
git worktree add -q "$T/wt" side
echo 'garbage' > .git/worktrees/wt/HEAD
expect_status 2 "$KEYSNARE" git "$r" --format json
grep -q "worktree wt: cannot resolve its HEAD" "$T/err" || fail "worktree HEAD: $(cat "$T/err")"
[ "$(json_values file)" = a.txt ] || fail "the rest is still scanned: $(cat "$T/out")"
