#!/usr/bin/env bash
# Errors are one line naming the file and the problem, with exit status 2; findings are still reported.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/tree/a.txt"

expect_status 2 "$KEYSNARE" dir --no-such-flag
grep -q 'keysnare: error: .*no-such-flag' "$T/err" || fail "bad flag message: $(cat "$T/err")"
expect_status 2 "$KEYSNARE" dir "$T/tree" --format xml
grep -q "unknown format 'xml'" "$T/err" || fail "bad format message"
expect_status 2 "$KEYSNARE" dir "$T/tree" --max-file-size 10Q
expect_status 2 "$KEYSNARE"

# A missing path alongside a readable one: the finding is reported and the exit status is 2.
expect_status 2 "$KEYSNARE" dir "$T/tree" "$T/missing" --format json
grep -q '"rule_id"' "$T/out" || fail "findings lost when another path errors"
grep -q "$T/missing: No such file or directory" "$T/err" || fail "missing path not named: $(cat "$T/err")"

# Corrupt YAML rules and a regex the engines refuse name file and line.
printf 'rules:\n  - id: x\n    regex: [oops\n' > "$T/bad.yaml"
expect_status 2 "$KEYSNARE" dir "$T/tree" --rules "$T/bad.yaml"
grep -Eq "$T/bad.yaml:[0-9]+: invalid YAML" "$T/err" || fail "corrupt YAML message: $(cat "$T/err")"
printf 'rules:\n  - id: backref\n    regex: (a)\\1\n' > "$T/refused.yaml"
expect_status 2 "$KEYSNARE" rules check --no-default-rules "$T/refused.yaml"
grep -q "$T/refused.yaml:2: rule backref: RE2: " "$T/out" || fail "refused regex not reported: $(cat "$T/out")"
expect_status 2 "$KEYSNARE" dir "$T/tree" --rules "$T/refused.yaml"
grep -q "rule backref" "$T/err" || fail "scan with a refused rule: $(cat "$T/err")"

# A configuration that does not parse is an error, never silently ignored.
printf 'allowlist: [\n' > "$T/tree/.keysnare.yaml"
expect_status 2 "$KEYSNARE" dir "$T/tree"
grep -q '.keysnare.yaml:' "$T/err" || fail "bad config not named"

# A report that cannot be written: exit 2 and no partial file left behind.
rm "$T/tree/.keysnare.yaml"
expect_status 2 "$KEYSNARE" dir "$T/tree" -o "$T/no-such-dir/report.json"
grep -q "report.json: cannot create report" "$T/err" || fail "unwritable output: $(cat "$T/err")"
expect_status 1 "$KEYSNARE" dir "$T/tree" -f json -o "$T/report.json"
[ "$(stat -c %a "$T/report.json")" = 600 ] || fail "report not created with mode 0600"
! ls "$T" | grep -q keysnare-tmp || fail "temporary report file left behind"

# A device as the output is written in place, never replaced: /dev/full fails with ENOSPC, exit 2.
expect_status 2 "$KEYSNARE" dir "$T/tree" -f json -o /dev/full
grep -q "/dev/full: cannot write report: No space left on device" "$T/err" || fail "/dev/full: $(cat "$T/err")"
[ -c /dev/full ] || fail "/dev/full is no longer a character device"
expect_status 2 "$KEYSNARE" dir "$T/tree" -f json -o "$T"
grep -q "is a directory" "$T/err" || fail "directory as output: $(cat "$T/err")"
# Standard output to /dev/full is an error too.
set +e; "$KEYSNARE" dir "$T/tree" -f json > /dev/full 2> "$T/err"; rc=$?; set -e
[ "$rc" = 2 ] || fail "stdout to /dev/full exited $rc"
grep -q "standard output: write error" "$T/err" || fail "stdout /dev/full message: $(cat "$T/err")"
