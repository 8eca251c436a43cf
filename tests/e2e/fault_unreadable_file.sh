#!/usr/bin/env bash
# A file keysnare may not read: one error line naming it, exit 2, and every other finding still
# reported. Root reads anything, so as root the scan runs as user nobody (setpriv or runuser).
source "$(dirname "$0")/common.sh"
prepare_unprivileged
mkdir -p "$T/tree/sub"
printf 'a = %s\n' "$(fake_aws_key_id)" > "$T/tree/a.txt"
printf 'b = %s\n' "$(fake_aws_key_id)" > "$T/tree/sub/locked.txt"
printf 'c = %s\n' "$(fake_stripe_key)" > "$T/tree/z.txt"
chmod -R a+rX "$T/tree"
chmod 000 "$T/tree/sub/locked.txt"

expect_status 2 as_unprivileged "$KEYSNARE" dir "$T/tree" --format jsonl
[ "$(count_findings)" = 2 ] || fail "want the 2 readable findings: $(cat "$T/out")"
grep -q '"file":"a.txt"' "$T/out" && grep -q '"file":"z.txt"' "$T/out" || fail "findings: $(cat "$T/out")"
[ "$(error_lines)" = "keysnare: error: $T/tree/sub/locked.txt: cannot open: Permission denied" ] ||
  fail "error line: $(cat "$T/err")"
grep -q '2 findings in .*; 1 error(s)' "$T/err" || fail "summary: $(cat "$T/err")"

# The same with nothing else to find: still exit 2, never 0.
rm "$T/tree/a.txt" "$T/tree/z.txt"
expect_status 2 as_unprivileged "$KEYSNARE" dir "$T/tree"
[ "$(error_lines | wc -l)" = 1 ] || fail "want one error line: $(cat "$T/err")"
