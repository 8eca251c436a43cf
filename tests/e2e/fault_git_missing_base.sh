#!/usr/bin/env bash
# A range whose base is missing from a full (not shallow) repository — its commit object lost, or an id
# that was never there: one error line naming the revision, exit 2, no report; nothing passes silently.
# (A base outside a shallow clone, with the fetch advice, is git_range_shallow_base.sh.)
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" a.txt $'1\n' "one"
base=$(git -C "$r" rev-parse HEAD)
commit_file "$r" b.env "B=$(fake_aws_key_id)"$'\n' "two"

expect_status 2 "$KEYSNARE" git "$r" --range 0123456789abcdef0123456789abcdef01234567..HEAD
[ "$(error_lines)" = "keysnare: error: 0123456789abcdef0123456789abcdef01234567: unknown revision (revspec '0123456789abcdef0123456789abcdef01234567' not found)" ] ||
  fail "unknown id: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "a report was written: $(cat "$T/out")"

rm -f "$r/.git/objects/${base:0:2}/${base:2}"
expect_status 2 "$KEYSNARE" git "$r" --range "$base..HEAD"
[ "$(error_lines | wc -l)" = 1 ] || fail "want one error line: $(cat "$T/err")"
error_lines | grep -q "$base" || fail "base not named: $(cat "$T/err")"
! grep -q shallow "$T/err" || fail "shallow advice in a full clone: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "a report was written: $(cat "$T/out")"
# The history audit still reports what it can reach, and names the lost commit.
expect_status 2 "$KEYSNARE" git "$r" --format json
[ "$(json_values file)" = b.env ] || fail "history: $(cat "$T/out")"
error_lines | grep -q "parent $base not in the repository" || fail "history: lost commit not named: $(cat "$T/err")"
