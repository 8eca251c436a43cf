#!/usr/bin/env bash
# Paths that are not repositories: one error line naming the path and the problem, exit 2, no report.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/plain" "$T/fake/.git"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/plain/a.env"
printf 'not a repo\n' > "$T/file.txt"
printf 'gitdir: %s\n' "$T/nowhere" > "$T/plain/.git-file-holder"

one_error() {  # one_error PATTERN: exactly one error line, matching PATTERN
  [ "$(error_lines | wc -l)" = 1 ] || fail "want one error line: $(cat "$T/err")"
  error_lines | grep -q -- "$1" || fail "want '$1': $(cat "$T/err")"
  [ ! -s "$T/out" ] || fail "a report was written: $(cat "$T/out")"
}
expect_status 2 "$KEYSNARE" git "$T/plain"; one_error "$T/plain: not a git repository"
expect_status 2 "$KEYSNARE" git "$T/missing"; one_error "$T/missing: no such file or directory"
expect_status 2 "$KEYSNARE" git "$T/file.txt"; one_error "$T/file.txt: "
expect_status 2 "$KEYSNARE" git "$T/fake"; one_error "$T/fake: "
expect_status 2 "$KEYSNARE" git "$T/plain" --range HEAD~1..HEAD; one_error "$T/plain: not a git repository"
(cd "$T/plain" && GIT_CEILING_DIRECTORIES=$T expect_status 2 "$KEYSNARE" staged); one_error ": not a git repository"
# A .git file pointing nowhere (a moved worktree).
mv "$T/plain/.git-file-holder" "$T/plain/.git"
expect_status 2 "$KEYSNARE" git "$T/plain"; one_error "$T/plain: "
