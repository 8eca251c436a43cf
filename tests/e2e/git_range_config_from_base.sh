#!/usr/bin/env bash
# In range mode the configuration and the baseline come from BASE's tree: a pull request that adds an
# allowlist (or a baseline) for the secret it adds is still caught. --trust-head-config opts out.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "base"
git -C "$r" checkout -q -b pr
commit_file "$r" secrets/prod.env "K=$(fake_aws_key_id)"$'\n' "add secret"
printf 'allowlist:\n  paths: ["secrets/**"]\n' > "$r/.keysnare.yaml"
git -C "$r" add .keysnare.yaml; git -C "$r" commit -q -m "allowlist my secret"

cd "$r"
expect_status 1 "$KEYSNARE" git --range main..pr --format json
[ "$(json_values file)" = secrets/prod.env ] || fail "PR's own allowlist was trusted: $(cat "$T/out")"
expect_status 0 "$KEYSNARE" git --range main..pr --trust-head-config

# A baseline the PR adds is not trusted either.
"$KEYSNARE" git --range main..pr --format json --output baseline.json --trust-head-config --config /dev/null 2>/dev/null || true
git add baseline.json; git commit -q -m "baseline my secret"
rm .keysnare.yaml; git commit -q -am "drop allowlist"
expect_status 1 "$KEYSNARE" git --range main..pr --baseline baseline.json
grep -q 'baseline.json: not in main' "$T/err" || fail "no warning about the untrusted baseline: $(cat "$T/err")"
expect_status 0 "$KEYSNARE" git --range main..pr --baseline baseline.json --trust-head-config

# Configuration present in BASE applies.
git checkout -q main
printf 'allowlist:\n  paths: ["secrets/**"]\n' > .keysnare.yaml
git add .keysnare.yaml; git commit -q -m "base allowlist"
git checkout -q pr
expect_status 0 "$KEYSNARE" git --range main..pr
