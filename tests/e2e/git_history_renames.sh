#!/usr/bin/env bash
# A file renamed (same content, so the same blob) and then edited stays one finding, at the commit and
# path that first had the secret.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
key=$(fake_aws_key_id)
commit_file "$r" old/name.cfg "id = $key"$'\n' "add"
added=$(git -C "$r" rev-parse HEAD)
git -C "$r" mv old/name.cfg new-name.cfg
git -C "$r" commit -q -m "rename"
printf 'more = 1\n' >> "$r/new-name.cfg"
git -C "$r" commit -q -am "edit after rename"

expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(count_findings)" = 1 ] || fail "want one finding: $(cat "$T/out")"
[ "$(json_values file)" = old/name.cfg ] || fail "file: $(json_values file)"
[ "$(json_values commit)" = "$added" ] || fail "commit: $(json_values commit)"
# Every place is known with --all-occurrences: the edited blob at its new path.
expect_status 1 "$KEYSNARE" git "$r" --format json --all-occurrences
json_values file | grep -qx new-name.cfg || fail "renamed path missing from occurrences: $(cat "$T/out")"
