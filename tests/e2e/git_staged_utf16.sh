#!/usr/bin/env bash
# A UTF-16 file (Windows editors write them) is checked on its added lines like any text file: the
# lines are counted on the text the scanner sees, not on the raw bytes.
source "$(dirname "$0")/common.sh"
command -v iconv >/dev/null || { echo "iconv missing: skipped"; exit 0; }
r=$T/repo
new_repo "$r"
printf 'one\r\ntwo\r\n' | iconv -f UTF-8 -t UTF-16 > "$r/settings.ini"
git -C "$r" add settings.ini; git -C "$r" commit -q -m base
cd "$r"
printf 'one\r\ntwo\r\nkey=%s\r\n' "$(fake_aws_key_id)" | iconv -f UTF-8 -t UTF-16 > settings.ini
git add settings.ini
expect_status 1 "$KEYSNARE" staged --format json
[ "$(json_values file)" = settings.ini ] || fail "UTF-16 secret not found: $(cat "$T/out") $(cat "$T/err")"
grep -q '"line":3,' "$T/out" || fail "line: $(cat "$T/out")"
