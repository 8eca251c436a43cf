#!/usr/bin/env bash
# The scanned root's .keysnare.yaml allowlists paths, secrets and fingerprints and disables rules;
# the inline keysnare:allow marker suppresses its line only; a baseline hides known findings.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree/fixtures"
k1=$(fake_aws_key_id); k2=$(fake_aws_key_id); k3=$(fake_aws_key_id)
printf 'a = %s\n' "$k1" > "$T/tree/fixtures/a.txt"
printf 'b = %s  # keysnare:allow\nc = %s\n' "$k2" "$k3" > "$T/tree/b.txt"

expect_status 1 "$KEYSNARE" dir "$T/tree" --format json
[ "$(grep -c '"rule_id"' "$T/out")" = 2 ] || fail "marker did not suppress exactly its line: $(cat "$T/out")"

printf 'allowlist:\n  paths: ["fixtures/**"]\n' > "$T/tree/.keysnare.yaml"
expect_status 1 "$KEYSNARE" dir "$T/tree" --format json
[ "$(grep -c '"rule_id"' "$T/out")" = 1 ] || fail "path allowlist ignored"
fp=$(grep -o '"fingerprint":"[0-9a-f]*"' "$T/out" | cut -d'"' -f4)

# A baseline from that report hides it, and the summary counts stale entries.
cp "$T/out" "$T/baseline.json"
expect_status 0 "$KEYSNARE" dir "$T/tree" --baseline "$T/baseline.json"
grep -q '0 stale baseline entries' "$T/err" || fail "stale count missing: $(cat "$T/err")"
# A new secret on the same line is not hidden by the baseline.
printf 'b = %s  # keysnare:allow\nc = %s\n' "$k2" "$(fake_aws_key_id)" > "$T/tree/b.txt"
expect_status 1 "$KEYSNARE" dir "$T/tree" --baseline "$T/baseline.json"
grep -q '1 stale baseline entry' "$T/err" || fail "stale entry not counted: $(cat "$T/err")"

# --config replaces the discovered .keysnare.yaml, so it repeats the path allowlist.
printf 'allowlist:\n  paths: ["fixtures/**"]\n  fingerprints: ["%s"]\n' "$fp" > "$T/cfg.yaml"
printf 'c = %s\n' "$k3" > "$T/tree/b.txt"
expect_status 0 "$KEYSNARE" dir "$T/tree" --config "$T/cfg.yaml"

rule=$(grep -o '"rule_id":"[^"]*"' "$T/baseline.json" | head -1 | cut -d'"' -f4)
printf 'allowlist:\n  paths: ["fixtures/**"]\ndisable: [%s]\n' "$rule" > "$T/cfg2.yaml"
expect_status 0 "$KEYSNARE" dir "$T/tree" --config "$T/cfg2.yaml"
printf 'disable: [no-such-rule]\n' > "$T/cfg3.yaml"
expect_status 2 "$KEYSNARE" dir "$T/tree" --config "$T/cfg3.yaml"
grep -q "disable: entry 1 names no rule ('no-…' (12 characters)" "$T/err" || fail "unknown disabled id accepted"
