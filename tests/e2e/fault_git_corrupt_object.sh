#!/usr/bin/env bash
# Corrupt loose objects in a repository: a blob that does not inflate is one error line naming its path,
# object id and the problem; a corrupt tree names the tree; exit 2; every readable blob's finding is
# still reported (history audit, and the range check of the commit that added it).
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" a.env "A=$(fake_aws_key_id)"$'\n' "one"
commit_file "$r" sub/b.env "B=$(fake_stripe_key)"$'\n' "two"
commit_file "$r" c.env "C=$(fake_aws_key_id)"$'\n' "three"
corrupt() {  # corrupt OBJECT-ID: overwrite its loose object with bytes that do not inflate
  local f="$r/.git/objects/${1:0:2}/${1:2}"
  [ -f "$f" ] || fail "setup: $1 is not a loose object"
  chmod u+w "$f"; printf 'not zlib at all' > "$f"
}
blob=$(git -C "$r" rev-parse HEAD~1:sub/b.env)
corrupt "$blob"

expect_status 2 "$KEYSNARE" git "$r" --format json
[ "$(json_values file | sort | tr '\n' ' ')" = "a.env c.env " ] || fail "readable findings: $(cat "$T/out")"
[ "$(error_lines | wc -l)" = 1 ] || fail "want one error line: $(cat "$T/err")"
error_lines | grep -q "^keysnare: error: sub/b.env: cannot read blob $blob: " || fail "error: $(cat "$T/err")"

expect_status 2 "$KEYSNARE" git "$r" --range HEAD~2..HEAD --format json
[ "$(json_values file)" = c.env ] || fail "range: readable finding lost: $(cat "$T/out")"
error_lines | grep -q "$blob" || fail "range: blob not named: $(cat "$T/err")"

# A corrupt tree: the commits that need it are named with it; older history is still scanned.
tree=$(git -C "$r" rev-parse HEAD^{tree})
corrupt "$tree"
expect_status 2 "$KEYSNARE" git "$r" --format json
[ "$(json_values file)" = a.env ] || fail "with a corrupt tree: $(cat "$T/out")"
[ "$(error_lines | grep -c "$tree")" -ge 1 ] || fail "tree not named: $(cat "$T/err")"
