#!/usr/bin/env bash
# A renamed file adds nothing by being renamed (its secret is already in HEAD); a secret added in the
# same change is reported at the new path.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" old/a.env "A=$(fake_aws_key_id)"$'\nB=1\nC=2\nD=3\n' "base"
cd "$r"
mkdir -p new
git mv old/a.env new/b.env
expect_status 0 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 0 ] || fail "rename reported: $(cat "$T/out")"
printf 'E=%s\n' "$(fake_stripe_key)" >> new/b.env
git add new/b.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 1 ] || fail "want the added secret only: $(cat "$T/out")"
[ "$(json_values file)" = new/b.env ] || fail "file: $(json_values file)"
grep -q '"line":5,' "$T/out" || fail "line: $(cat "$T/out")"
