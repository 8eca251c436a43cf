#!/usr/bin/env bash
# Deleting files (with secrets) adds nothing.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" leak.env "A=$(fake_aws_key_id)"$'\n' "leak"
commit_file "$r" dir/more.env "B=$(fake_stripe_key)"$'\n' "more"
cd "$r"
git rm -q leak.env
git rm -q -r dir
expect_status 0 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 0 ] || fail "deletion reported: $(cat "$T/out")"
grep -q '^keysnare: 0 files' "$T/err" || fail "summary: $(cat "$T/err")"
