#!/usr/bin/env bash
# Paths the configuration allowlists, or --exclude names, are not scanned; content that first appeared
# at such a path and later elsewhere (a copied file, a moved directory) is reported at that later
# place, not lost with the first.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
key=$(fake_aws_key_id)
printf 'allowlist:\n  paths: ["fixtures/**", "old/fixtures/**"]\n' > "$r/.keysnare.yaml"
git -C "$r" add .keysnare.yaml
commit_file "$r" fixtures/sample.env "K=$key"$'\n' "fixture"
commit_file "$r" vendor/lib.txt "v=$(fake_stripe_key)"$'\n' "vendored"
cp "$r/fixtures/sample.env" "$r/prod.env"
git -C "$r" add prod.env; git -C "$r" commit -q -m "copied into production"
copied=$(git -C "$r" rev-parse HEAD)

expect_status 1 "$KEYSNARE" git "$r" --format json --exclude 'vendor/**'
[ "$(count_findings)" = 1 ] || fail "want one finding: $(cat "$T/out")"
[ "$(json_values file)" = prod.env ] || fail "file: $(json_values file)"
[ "$(json_values commit)" = "$copied" ] || fail "commit: $(json_values commit)"

# A directory moved out of an allowlisted place: the same tree, now scanned.
commit_file "$r" old/fixtures/deep.env "D=$(fake_aws_key_id)"$'\n' "allowlisted fixture"
git -C "$r" mv old new
git -C "$r" commit -q -m "move old to new"
moved=$(git -C "$r" rev-parse HEAD)
expect_status 1 "$KEYSNARE" git "$r" --format json --exclude 'vendor/**'
[ "$(count_findings)" = 2 ] || fail "want two findings: $(cat "$T/out")"
json_values file | grep -qx new/fixtures/deep.env || fail "moved directory not scanned: $(cat "$T/out")"
json_values commit | grep -qx "$moved" || fail "not at the move: $(cat "$T/out")"
