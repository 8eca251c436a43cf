#!/usr/bin/env bash
# A directory keysnare may not list: one error line naming it, exit 2, the rest of the tree scanned.
source "$(dirname "$0")/common.sh"
prepare_unprivileged
mkdir -p "$T/tree/open" "$T/tree/closed/deeper"
printf 'a = %s\n' "$(fake_aws_key_id)" > "$T/tree/open/a.txt"
printf 'b = %s\n' "$(fake_aws_key_id)" > "$T/tree/closed/deeper/b.txt"
printf 'c = %s\n' "$(fake_stripe_key)" > "$T/tree/z.txt"
chmod -R a+rX "$T/tree"
chmod 000 "$T/tree/closed"

expect_status 2 as_unprivileged "$KEYSNARE" dir "$T/tree" --format json
[ "$(count_findings)" = 2 ] || fail "want the 2 reachable findings: $(cat "$T/out")"
[ "$(json_values file | sort | tr '\n' ' ')" = "open/a.txt z.txt " ] || fail "files: $(json_values file)"
[ "$(error_lines)" = "keysnare: error: $T/tree/closed: cannot read directory: Permission denied" ] ||
  fail "error line: $(cat "$T/err")"
