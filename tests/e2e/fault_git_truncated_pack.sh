#!/usr/bin/env bash
# A truncated pack file: the objects in it cannot be read. Each blob that cannot be read is one error
# line naming its path and object id, the lost parent commit is named, exit 2, and the finding in a
# blob stored outside the pack (a later, loose commit) is still reported.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
for i in 1 2 3; do printf '%s\n' "$(fake_token "" 2000)" > "$r/filler$i.txt"; done
printf 'A=%s\n' "$(fake_aws_key_id)" > "$r/a.env"
git -C "$r" add -A && git -C "$r" commit -q -m "packed"
git -C "$r" gc -q
commit_file "$r" b.env "B=$(fake_stripe_key)"$'\n' "loose"
pack=$(ls "$r"/.git/objects/pack/*.pack)
chmod u+w "$pack"
truncate -s $(( $(stat -c %s "$pack") / 2 )) "$pack"
a_blob=$(git -C "$r" ls-tree HEAD a.env | awk '{print $3}')

expect_status 2 timeout 20 "$KEYSNARE" git "$r" --format json
[ "$(json_values file)" = b.env ] || fail "the loose finding is missing: $(cat "$T/out")"
error_lines | grep -q "^keysnare: error: a.env: cannot read blob $a_blob: " || fail "lost blob not named: $(cat "$T/err")"
error_lines | grep -q "parent .* not in the repository" || fail "lost commit not named: $(cat "$T/err")"
grep -q "; $(error_lines | wc -l) error(s)" "$T/err" || fail "summary count: $(cat "$T/err")"
