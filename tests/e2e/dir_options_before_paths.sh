#!/usr/bin/env bash
# Repeatable options (--rules, --exclude) take one value each: a path after them is a path to scan,
# not a second rules file or glob (`keysnare dir --rules R TREE` once read TREE as rules and scanned .).
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree" "$T/elsewhere"
cat > "$T/r.yaml" <<'YAML'
rules:
  - id: test-widget-key
    description: test widget key
    regex: '\b(wdgt_[a-z0-9]{24})\b'
    severity: high
    tags: [test]
YAML
printf 'key = %s\n' "$(fake_token wdgt_ 24 abcdefghijklmnopqrstuvwxyz0123456789)" > "$T/tree/a.txt"
printf 'key = %s\n' "$(fake_aws_key_id)" > "$T/tree/b.md"
cd "$T/elsewhere"  # the current directory holds nothing: a scan of . would find nothing

expect_status 1 "$KEYSNARE" dir --rules "$T/r.yaml" --no-default-rules "$T/tree" --format json
[ "$(json_values rule_id)" = test-widget-key ] || fail "--rules R TREE did not scan TREE with R: $(cat "$T/out")"

expect_status 1 "$KEYSNARE" dir --exclude '*.md' "$T/tree" --rules "$T/r.yaml" --format json
[ "$(json_values rule_id)" = test-widget-key ] || fail "--exclude G TREE: $(cat "$T/out")"

expect_status 0 "$KEYSNARE" dir --exclude '*.md' --exclude '*.txt' "$T/tree" --format json
[ "$(count_findings)" = 0 ] || fail "two --exclude options: $(cat "$T/out")"
