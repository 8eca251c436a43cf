#!/usr/bin/env bash
# A candidate one rule rejects does not hide it from another: a ghp_-shaped token failing GitHub's
# checksum is still reported by a user's own rule for the same text, and by the default rules'
# catch-alls, at the confidence of the rule that accepts it.
source "$(dirname "$0")/common.sh"
bad=$(fake_token "gh""p_" 36)   # 36 random characters: the CRC32 suffix is wrong with near certainty
printf 'GITHUB_TOKEN=%s\n' "$bad" > "$T/app.env"
cat > "$T/rules.yaml" <<'YAML'
rules:
  - id: acme-internal-gh-token
    description: Our internal tokens share GitHub's shape
    regex: '\b(ghp_[A-Za-z0-9]{36})\b'
    confidence: medium
    tags: [internal, acme]
YAML
expect_status 1 "$KEYSNARE" dir "$T/app.env" --rules "$T/rules.yaml" --format jsonl
json_values rule_id | grep -qx acme-internal-gh-token || fail "user rule hidden by the rejected default rule: $(cat "$T/out")"
[ "$(count_findings)" = 1 ] || fail "one secret, one finding: $(cat "$T/out")"
# Without the user rule, something still reports it (never silently dropped), at low confidence.
expect_status 1 "$KEYSNARE" dir "$T/app.env" --format jsonl
[ "$(json_values confidence)" = low ] || fail "rejected token not reported at low confidence: $(cat "$T/out")"
