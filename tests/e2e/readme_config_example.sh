#!/usr/bin/env bash
# The configuration example in README.md is a configuration keysnare accepts (an unknown rule id or key
# in it would be an error for every user who copies it).
source "$(dirname "$0")/common.sh"
awk '/^## Configuration/ {on = 1} on && /^```yaml/ {inside = 1; next} inside && /^```/ {exit} inside' \
  "$KEYSNARE_SOURCE_DIR/README.md" > "$T/config.yaml"
grep -q '^disable:' "$T/config.yaml" || fail "no configuration example found in README.md"
mkdir -p "$T/tree" && printf 'clean\n' > "$T/tree/a.txt"
expect_status 0 "$KEYSNARE" dir "$T/tree" --config "$T/config.yaml"
