#!/usr/bin/env bash
# Standard input is scanned and reported under --label.
source "$(dirname "$0")/common.sh"
printf 'log line\nkey=%s\n' "$(fake_aws_key_id)" > "$T/in"
expect_status 1 "$KEYSNARE" stdin --label build.log --format jsonl < "$T/in"
grep -q '"file":"build.log","line":2' "$T/out" || fail "label/line wrong: $(cat "$T/out")"
grep -q '"source":"stdin"' "$T/out" || fail "source kind missing"
printf 'clean\n' | { expect_status 0 "$KEYSNARE" stdin; }
