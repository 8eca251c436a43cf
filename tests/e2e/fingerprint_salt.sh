#!/usr/bin/env bash
# Fingerprints are salted per repository (pipeline/fingerprint.h, cli/salt.h): the same in every clone
# and on every run, different in another repository; `keysnare init` pins a salt in .keysnare.yaml;
# `dir` inside a repository uses its salt; baselines with the unsalted fingerprints of earlier
# versions (v1) still suppress.
source "$(dirname "$0")/common.sh"
key=$(fake_aws_key_id)
fp_of() { json_values fingerprint "$T/out" | head -1; }

new_repo "$T/a"
commit_file "$T/a" app.env "AWS=$key"$'\n' "first"
expect_status 1 "$KEYSNARE" git "$T/a" --format json -v
fa=$(fp_of)
[ ${#fa} = 40 ] || fail "a v2 fingerprint has 40 hex digits: '$fa'"
root=$(git -C "$T/a" rev-list --max-parents=0 HEAD)
grep -q "fingerprint salt: root commit ${root:0:12}" "$T/err" || fail "-v does not say which salt: $(cat "$T/err")"
expect_status 1 "$KEYSNARE" git "$T/a" --format json
[ "$(fp_of)" = "$fa" ] || fail "the fingerprint changed between two runs"
git clone -q "$T/a" "$T/clone"
commit_file "$T/clone" more.txt "more"$'\n' "a later commit"
expect_status 1 "$KEYSNARE" git "$T/clone" --format json
[ "$(fp_of)" = "$fa" ] || fail "a clone computes another fingerprint"
expect_status 1 "$KEYSNARE" dir "$T/clone" --format json
[ "$(fp_of)" = "$fa" ] || fail "dir inside the repository does not use its salt"
commit_file "$T/clone" copy.env "AWS2=$key"$'\n' "a copy"
expect_status 1 "$KEYSNARE" git "$T/clone" --range HEAD~1..HEAD --format json  # BASE's root: the same
[ "$(fp_of)" = "$fa" ] || fail "git --range computes another fingerprint"

# Another repository, the same secret: another fingerprint. A plain directory: the default salt.
new_repo "$T/b"
commit_file "$T/b" app.env "AWS=$key"$'\n' "other"
expect_status 1 "$KEYSNARE" git "$T/b" --format json
fb=$(fp_of)
[ "$fb" != "$fa" ] || fail "two repositories share a fingerprint for the same secret"
mkdir -p "$T/plain" && printf 'AWS=%s\n' "$key" > "$T/plain/app.env"
expect_status 1 "$KEYSNARE" dir "$T/plain" --format json
fp_plain=$(fp_of)
printf 'x AWS=%s\n' "$key" | { expect_status 1 "$KEYSNARE" stdin --format json; }
[ "$(fp_of)" = "$fp_plain" ] || fail "stdin and a plain directory use different default salts"

# keysnare init pins a salt, keeps what the file held, and is idempotent.
printf 'allowlist:\n  paths: ["docs/**"]\n' > "$T/a/.keysnare.yaml"
(cd "$T/a" && expect_status 0 "$KEYSNARE" init)
grep -q 'wrote a fingerprint_salt' "$T/err" || fail "init says nothing: $(cat "$T/err")"
grep -q '^fingerprint_salt: [0-9a-f]\{32\}$' "$T/a/.keysnare.yaml" || fail "no salt written: $(cat "$T/a/.keysnare.yaml")"
grep -q 'docs/\*\*' "$T/a/.keysnare.yaml" || fail "init lost the existing configuration"
salt=$(sed -n 's/^fingerprint_salt: //p' "$T/a/.keysnare.yaml")
(cd "$T/a" && expect_status 0 "$KEYSNARE" init)
grep -q 'already has a fingerprint_salt' "$T/err" || fail "a second init: $(cat "$T/err")"
[ "$(sed -n 's/^fingerprint_salt: //p' "$T/a/.keysnare.yaml")" = "$salt" ] || fail "a second init changed the salt"
expect_status 1 "$KEYSNARE" git "$T/a" --format json -v
fi=$(fp_of)
[ "$fi" != "$fa" ] || fail "the configured salt is not used"
grep -q 'fingerprint salt' "$T/err" && fail "the root commit's salt was used despite the configuration"
expect_status 1 "$KEYSNARE" dir "$T/a" --format json
[ "$(fp_of)" = "$fi" ] || fail "dir and git disagree with a configured salt"
mkdir -p "$T/fresh"
expect_status 0 "$KEYSNARE" init "$T/fresh"
grep -q '^fingerprint_salt: ' "$T/fresh/.keysnare.yaml" || fail "init in a new directory wrote nothing"
[ "$(sed -n 's/^fingerprint_salt: //p' "$T/fresh/.keysnare.yaml")" != "$salt" ] || fail "two inits gave one salt"
printf '{ allowlist: {paths: [x]} }\n' > "$T/fresh/flow.yaml"
mkdir -p "$T/flow" && cp "$T/fresh/flow.yaml" "$T/flow/.keysnare.yaml"
expect_status 2 "$KEYSNARE" init "$T/flow"
cmp -s "$T/fresh/flow.yaml" "$T/flow/.keysnare.yaml" || fail "a failed init changed the file"
printf 'fingerprint_salt: short\n' > "$T/short.yaml"
expect_status 2 "$KEYSNARE" dir "$T/plain" --config "$T/short.yaml"
grep -q "short.yaml:1: 'fingerprint_salt' must be at least 16 characters" "$T/err" || fail "a short salt: $(cat "$T/err")"

# A baseline written before v2: unsalted 32-digit fingerprints, still matched (JSON and SARIF).
v1=$(printf 'keysnare-fingerprint-v1\0%s\0%s' aws-access-key-id "$key" | sha256sum | cut -c1-32)
printf '[{"fingerprint":"%s"}]\n' "$v1" > "$T/v1.json"
expect_status 0 "$KEYSNARE" git "$T/a" --baseline "$T/v1.json"
printf '{"runs":[{"tool":{"driver":{"name":"keysnare"}},"results":[{"partialFingerprints":{"keysnare/v1":"%s"}}]}]}\n' "$v1" > "$T/v1.sarif"
expect_status 0 "$KEYSNARE" dir "$T/plain" --baseline "$T/v1.sarif"
printf 'allowlist:\n  fingerprints: ["%s"]\n' "$v1" > "$T/v1.yaml"
expect_status 0 "$KEYSNARE" dir "$T/plain" --config "$T/v1.yaml"
# And a baseline of the current format, from each report format.
for fmt in json jsonl sarif; do
  expect_status 1 "$KEYSNARE" git "$T/a" --format "$fmt" -o "$T/base.$fmt"
  expect_status 0 "$KEYSNARE" git "$T/a" --baseline "$T/base.$fmt"
done
