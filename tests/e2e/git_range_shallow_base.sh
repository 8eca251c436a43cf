#!/usr/bin/env bash
# A base that is not in the clone never passes silently: in a shallow clone the error says to fetch
# more history; otherwise it names the revision. Both exit 2.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" a.txt $'1\n' "one"
base=$(git -C "$r" rev-parse HEAD)
commit_file "$r" a.txt $'2\n' "two"
commit_file "$r" b.env "K=$(fake_aws_key_id)"$'\n' "three"
git clone -q --depth 1 "file://$r" "$T/ci"

expect_status 2 "$KEYSNARE" git "$T/ci" --range "$base..HEAD"
grep -q "$base: not in this shallow clone; fetch more history" "$T/err" || fail "advice: $(cat "$T/err")"
grep -q "fetch-depth: 0" "$T/err" || fail "no fetch-depth advice: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "a report was written: $(cat "$T/out")"

expect_status 2 "$KEYSNARE" git "$r" --range no-such-branch..HEAD
grep -q "no-such-branch" "$T/err" || fail "revision not named: $(cat "$T/err")"
if grep -q "shallow" "$T/err"; then fail "shallow advice in a full clone"; fi

# With the base fetched, the shallow clone is scanned.
git -C "$T/ci" fetch -q --depth 3 origin main
expect_status 1 "$KEYSNARE" git "$T/ci" --range "$base..HEAD" --format json
[ "$(json_values file)" = b.env ] || fail "after fetching: $(cat "$T/out")"
