#!/usr/bin/env bash
# A shallow clone is scanned as far as it goes, with a warning that history is incomplete.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" old.env "A=$(fake_aws_key_id)"$'\n' "old secret"
git -C "$r" rm -q old.env; git -C "$r" commit -q -m "remove it"
for i in 1 2 3; do commit_file "$r" n.txt "$i"$'\n' "c$i"; done
commit_file "$r" new.env "B=$(fake_stripe_key)"$'\n' "new secret"
git clone -q --depth 2 "file://$r" "$T/shallow"
[ -f "$T/shallow/.git/shallow" ] || fail "setup: not shallow"

expect_status 1 "$KEYSNARE" git "$T/shallow" --format json
grep -q 'warning: .*shallow clone' "$T/err" || fail "no shallow warning: $(cat "$T/err")"
[ "$(count_findings)" = 1 ] || fail "want only the secret in the fetched history: $(cat "$T/out")"
[ "$(json_values file)" = new.env ] || fail "file: $(json_values file)"
