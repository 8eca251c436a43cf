#!/usr/bin/env bash
# A history audit attributes a secret to the oldest commit in topological order that has it: an
# ancestor always before its descendants, whatever the dates say; dates only order unrelated commits.
# It used to pick the oldest author date, i.e. the descendant after a rebase, a cherry-pick or a skewed
# clock. Each case puts the same secret in two different files (two blobs), the descendant carrying the
# older date.
source "$(dirname "$0")/common.sh"
at() {  # at DATE CMD...: run CMD with both git dates set to DATE
  local d=$1; shift
  GIT_AUTHOR_DATE="$d" GIT_COMMITTER_DATE="$d" "$@"
}
audit() {  # audit REPO: the commit (subject) the one finding is attributed to, and every other place
  expect_status 1 "$KEYSNARE" git "$1" --format json --all-occurrences
  [ "$(count_findings)" = 1 ] || fail "want one finding: $(cat "$T/out")"
  git -C "$1" log -1 --format=%s "$(json_values commit | head -1)"
}

# A skewed clock: the child claims to be ten years older than its parent.
r=$T/skew
new_repo "$r"
key=$(fake_aws_key_id)
at "2020-06-01T00:00:00Z" commit_file "$r" a.txt "K=$key"$'\n' "introduce"
at "2010-06-01T00:00:00Z" commit_file "$r" b.txt "copy of K=$key"$'\n' "copy with a skewed clock"
[ "$(audit "$r")" = introduce ] || fail "skewed clock: $(cat "$T/out")"
grep -q '"file":"b.txt"' "$T/out" || fail "the copy is an occurrence: $(cat "$T/out")"

# A rebase: the feature commit keeps its 2021 author date but now sits on main's 2022 commit, which
# added the same secret first.
r=$T/rebase
new_repo "$r"
key=$(fake_aws_key_id)
at "2020-01-01T00:00:00Z" commit_file "$r" README.md $'readme\n' "root"
git -C "$r" checkout -q -b feature
GIT_AUTHOR_DATE="2021-01-01T00:00:00Z" commit_file "$r" f.txt "feature K=$key"$'\n' "feature adds the key"
git -C "$r" checkout -q main
at "2022-01-01T00:00:00Z" commit_file "$r" m.txt "main K=$key"$'\n' "main adds the key"
git -C "$r" checkout -q feature
git -C "$r" rebase -q main
git -C "$r" checkout -q main && git -C "$r" merge -q --ff-only feature && git -C "$r" branch -q -D feature
[ "$(git -C "$r" log -1 --format=%ad --date=short)" = 2021-01-01 ] || fail "setup: the rebased commit's author date"
[ "$(audit "$r")" = "main adds the key" ] || fail "rebase: $(cat "$T/out")"

# A cherry-pick: the picked commit keeps its 2019 author date and lands on top of a 2023 commit that
# has the secret already; the original branch is deleted.
r=$T/pick
new_repo "$r"
key=$(fake_aws_key_id)
at "2018-01-01T00:00:00Z" commit_file "$r" README.md $'readme\n' "root"
git -C "$r" checkout -q -b topic
at "2019-01-01T00:00:00Z" commit_file "$r" t.txt "topic K=$key"$'\n' "topic adds the key"
picked=$(git -C "$r" rev-parse HEAD)
git -C "$r" checkout -q main
at "2023-01-01T00:00:00Z" commit_file "$r" a.txt "main K=$key"$'\n' "main adds the key"
git -C "$r" cherry-pick "$picked" >/dev/null
git -C "$r" branch -q -D topic
[ "$(audit "$r")" = "main adds the key" ] || fail "cherry-pick: $(cat "$T/out")"

# Unrelated commits are ordered by date: an orphan branch from 2000 with the same secret wins.
git -C "$r" checkout -q --orphan old
git -C "$r" rm -q -rf .
at "2000-01-01T00:00:00Z" commit_file "$r" legacy.txt "legacy K=$key"$'\n' "legacy key"
[ "$(audit "$r")" = "legacy key" ] || fail "unrelated commits by date: $(cat "$T/out")"
