#!/usr/bin/env bash
# docs/RULES.md is generated from the rule files and must be current.
source "$(dirname "$0")/common.sh"
"$KEYSNARE" rules list --markdown > "$T/RULES.md"
diff -u "$KEYSNARE_SOURCE_DIR/docs/RULES.md" "$T/RULES.md" > "$T/diff" ||
  fail "docs/RULES.md is out of date: run ./dev docs ($(head -c 600 "$T/diff"))"
# Every rule appears once.
[ "$(grep -c '^| `' "$T/RULES.md")" = "$("$KEYSNARE" rules list | wc -l)" ] || fail "rule count differs"
