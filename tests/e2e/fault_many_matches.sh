#!/usr/bin/env bash
# A generated file with 100,000 tokens: the report keeps the first 1000 (--max-findings-per-file), the
# summary counts the rest, a warning names the file, the exit status stays 1, other files are still
# reported in full, and memory stays bounded (no Finding is built past the cap).
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree"
python3 - "$T/tree/generated.txt" <<'PY'
import random, sys
r = random.Random(11)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        f.write("AK" + "IA" + "".join(r.choice(A) for _ in range(16)) + ("\n" if i % 10 == 9 else " "))
PY
printf 'k = %s\n' "$(fake_stripe_key)" > "$T/tree/other.env"
# How many are real findings (a random token may look like a placeholder): with no cap, all of them.
expect_status 1 "$KEYSNARE" dir "$T/tree/generated.txt" --max-findings-per-file 0 --format csv -q
n=$(( $(wc -l < "$T/out") - 1 ))
[ "$n" -ge 99990 ] || fail "--max-findings-per-file 0 must keep them all, got $n"
[ ! -s "$T/err" ] || fail "-q with no cap prints nothing: $(cat "$T/err")"

max_rss_kb "$KEYSNARE" dir "$T/tree" --format jsonl
[ "$rc" = 1 ] || fail "exit $rc: $(cat "$T/err")"
[ "$(grep -c '"file":"generated.txt"' "$T/out")" = 1000 ] || fail "want 1000 findings of generated.txt"
[ "$(grep -c '"file":"other.env"' "$T/out")" = 1 ] || fail "the other file's finding is missing"
# The first 1000 by position: lines 1..100.
[ "$(grep '"file":"generated.txt"' "$T/out" | tail -1 | grep -o '"line":[0-9]*')" = '"line":100' ] ||
  fail "not the first 1000: $(tail -1 "$T/out")"
grep -q "^keysnare: warning: generated.txt: $((n - 1000)) more findings not reported (over the limit of 1000 per file, --max-findings-per-file)$" "$T/err" ||
  fail "no warning naming the file: $(cat "$T/err")"
grep -q "1001 findings in .*; $((n - 1000)) findings dropped over the per-file limit$" "$T/err" || fail "summary: $(cat "$T/err")"
[ -z "$(error_lines)" ] || fail "the cap is not an error: $(cat "$T/err")"
if [ -n "$rss_kb" ]; then
  echo "[$testname] max RSS $((rss_kb / 1024)) MB" >&2
  [ "$rss_kb" -lt 400000 ] || fail "max RSS ${rss_kb} kB: findings past the cap are being kept"
fi

# A lower cap.
expect_status 1 "$KEYSNARE" dir "$T/tree/generated.txt" --max-findings-per-file 10 --format jsonl
[ "$(wc -l < "$T/out")" = 10 ] || fail "--max-findings-per-file 10"
grep -q "; $((n - 10)) findings dropped" "$T/err" || fail "summary with 10: $(cat "$T/err")"
# Dropped findings are findings: with the kept ones baselined, the exit status is still 1.
cp "$T/out" "$T/baseline.jsonl"
expect_status 1 "$KEYSNARE" dir "$T/tree/generated.txt" --max-findings-per-file 10 --baseline "$T/baseline.jsonl" --format jsonl
[ ! -s "$T/out" ] || fail "baselined findings reported: $(head -2 "$T/out")"
grep -q "0 findings in .*; $((n - 10)) findings dropped" "$T/err" || fail "summary with baseline: $(cat "$T/err")"
