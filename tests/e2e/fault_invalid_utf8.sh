#!/usr/bin/env bash
# Invalid UTF-8 around a secret: the file is scanned (no NUL: it is text), the secret is found at its
# line with columns counting each invalid byte once, and every report format stays valid: JSON, JSONL
# and SARIF parse strictly (bytes shown as \xNN), CSV keeps one row per finding.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree"
key=$(fake_aws_key_id)
# Overlong NUL, a lone continuation byte, an encoded surrogate, 0xFF, a truncated sequence, C1 and bidi.
printf 'head \xc0\x80 \x80\n\xed\xa0\x80 \xff k = %s \xe2\x82\n\xc2\x9b\xe2\x80\xae tail\n' "$key" > "$T/tree/mixed.txt"

expect_status 1 "$KEYSNARE" dir "$T/tree" --format json
python3 - "$T/out" <<'PY' || fail "JSON report invalid: $(cat "$T/out")"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))
assert len(doc) == 1, doc
f = doc[0]
assert f["line"] == 2 and f["column"] == 9, (f["line"], f["column"])
assert "\\xED\\xA0\\x80" in f["line_text"] and "\\xFF" in f["line_text"], f["line_text"]
PY
for fmt in jsonl sarif; do
  expect_status 1 "$KEYSNARE" dir "$T/tree" --format "$fmt"
  python3 -c '
import json, sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "strict")
docs = [json.loads(l) for l in text.splitlines()] if sys.argv[2] == "jsonl" else [json.loads(text)]
assert docs' "$T/out" "$fmt" || fail "$fmt report invalid: $(cat "$T/out")"
done
expect_status 1 "$KEYSNARE" dir "$T/tree" --format csv
python3 -c '
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], "rb").read().decode("utf-8", "strict"), newline="")))
assert len(rows) == 2 and len(set(map(len, rows))) == 1, rows' "$T/out" || fail "CSV invalid: $(cat "$T/out")"
# The text report shows the bytes escaped, never raw control or bidi characters.
expect_status 1 "$KEYSNARE" dir "$T/tree" --format text
! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/out" || fail "raw control bytes in the text report"
! grep -q $'\xe2\x80\xae' "$T/out" || fail "raw bidi override in the text report"
