#!/usr/bin/env bash
# One 200 MB line with a secret near its end, under --max-file-size 300M: the secret is found at the
# right column, the report keeps a short window of the line, and memory stays bounded (the blob plus
# the engine, not a multiple of the line per match).
source "$(dirname "$0")/common.sh"
key=$(fake_aws_key_id)
python3 - "$T/huge.txt" "$key" <<'PY'
import sys
path, key = sys.argv[1], sys.argv[2]
chunk = b"lorem ipsum dolor sit amet, " * 37449   # ~1 MB of words, no newline
with open(path, "wb") as f:
    for _ in range(199): f.write(chunk)
    f.write(b" aws_key = " + key.encode() + b" ; " + chunk[:4096] + b"\n")
PY
size=$(stat -c %s "$T/huge.txt")
[ "$size" -gt 200000000 ] || fail "setup: file is only $size bytes"
col=$((size - 4096 - 3 - 20))  # 1-based column of the key (ASCII: one byte, one column)

max_rss_kb "$KEYSNARE" dir "$T/huge.txt" --max-file-size 300M --format json
[ "$rc" = 1 ] || fail "exit $rc: $(cat "$T/err")"
[ "$(count_findings)" = 1 ] || fail "findings: $(head -c 2000 "$T/out")"
grep -q "\"line\":1,\"column\":$col," "$T/out" || fail "want line 1 column $col: $(head -c 600 "$T/out")"
[ "$(wc -c < "$T/out")" -lt 4000 ] || fail "the report carries the huge line"
if [ -n "$rss_kb" ]; then
  echo "[$testname] max RSS $((rss_kb / 1024)) MB for a $((size / 1048576)) MB line" >&2
  [ "$rss_kb" -lt 1500000 ] || fail "max RSS ${rss_kb} kB over 1.5 GB"
else
  echo "[$testname] /usr/bin/time not installed (apt package time): memory not checked" >&2
fi

# Over the limit it is skipped by policy, not an error.
expect_status 0 "$KEYSNARE" dir "$T/huge.txt"
grep -q '0 files (0 B) scanned, 1 skipped' "$T/err" || fail "default limit: $(cat "$T/err")"
