#!/usr/bin/env bash
# A corrupt index (truncated, garbage, empty): `keysnare staged` cannot know what is staged, so it says
# so in one line naming the index file and the problem, reports no finding, and exits 2 — never 0.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" x.txt $'x\n' "one"
printf 'B=%s\n' "$(fake_aws_key_id)" > "$r/b.env"
git -C "$r" add b.env
cp "$r/.git/index" "$T/index.good"
index=$(cd "$r/.git" && pwd)/index

check() {  # check WHAT: staged must fail on the current index with one line naming it
  (cd "$r" && expect_status 2 "$KEYSNARE" staged --format json)
  [ "$(error_lines | wc -l)" = 1 ] || fail "$1: want one error line: $(cat "$T/err")"
  error_lines | grep -q "$index: " || fail "$1: index not named: $(cat "$T/err")"
  [ "$(count_findings)" = 0 ] || fail "$1: findings from an unreadable index: $(cat "$T/out")"
}
truncate -s $(( $(stat -c %s "$T/index.good") - 30 )) "$index"; check truncated
printf 'DIRC\0\0\0\2garbage' > "$index"; check garbage
: > "$index"; check empty
head -c 4096 /dev/urandom > "$index"; check random

cp "$T/index.good" "$index"
(cd "$r" && expect_status 1 "$KEYSNARE" staged --format json)
[ "$(json_values file)" = b.env ] || fail "good index: $(cat "$T/out")"
