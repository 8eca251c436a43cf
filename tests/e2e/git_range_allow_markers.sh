#!/usr/bin/env bash
# Every keysnare:allow marker a range adds is listed on stderr, so reviewers see each bypass; markers
# BASE already had are not listed.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" old.py "X = '$(fake_aws_key_id)'  # keysnare:allow"$'\n' "base"
git -C "$r" checkout -q -b pr
commit_file "$r" a.py $'one\n'"K = '$(fake_stripe_key)'  # keysnare:allow"$'\n' "bypass one"
c1=$(git -C "$r" rev-parse --short=7 HEAD)
commit_file "$r" lib/b.py "T = 'test fixture'  # keysnare:allow"$'\n' "bypass two"
c2=$(git -C "$r" rev-parse --short=7 HEAD)

expect_status 0 "$KEYSNARE" git "$r" --range main..pr
grep -q "keysnare: 2 keysnare:allow markers added in the range:" "$T/err" || fail "no marker list: $(cat "$T/err")"
grep -q "a.py:2 (commit $c1)" "$T/err" || fail "a.py:2 not listed: $(cat "$T/err")"
grep -q "lib/b.py:1 (commit $c2)" "$T/err" || fail "lib/b.py:1 not listed: $(cat "$T/err")"
if grep -q "old.py" "$T/err"; then fail "BASE's marker listed"; fi
