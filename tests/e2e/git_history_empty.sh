#!/usr/bin/env bash
# A repository without commits has nothing to scan: exit 0, no error.
source "$(dirname "$0")/common.sh"
new_repo "$T/repo"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/repo/untracked.txt"
expect_status 0 "$KEYSNARE" git "$T/repo" --format json
[ "$(count_findings)" = 0 ] || fail "findings in an empty repository: $(cat "$T/out")"
grep -q '^keysnare: 0 objects' "$T/err" || fail "summary: $(cat "$T/err")"
