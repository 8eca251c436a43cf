#!/usr/bin/env bash
# A tree of 100,000 small files: the scan completes in reasonable time, counts every file, and finds
# exactly the planted secrets.
source "$(dirname "$0")/common.sh"
python3 - "$T/tree" <<'PY'
import os, random, sys
root = sys.argv[1]
r = random.Random(5)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
for d in range(200):
    dd = os.path.join(root, f"pkg{d:03d}", "src")
    os.makedirs(dd)
    for i in range(500):
        with open(os.path.join(dd, f"m{i:03d}.py"), "w") as f:
            f.write(f"value = {d * 500 + i}\n")
            if (d * 500 + i) % 5000 == 0:
                f.write("AWS_ACCESS_KEY_ID = \"AK" + "IA" + "".join(r.choice(A) for _ in range(16)) + "\"\n")
PY
start=$(date +%s)
expect_status 1 "$KEYSNARE" dir "$T/tree" --format jsonl
secs=$(( $(date +%s) - start ))
grep -q '^keysnare: 100000 files (.*) scanned, 0 skipped, 20 findings in' "$T/err" || fail "counts: $(cat "$T/err")"
[ "$(wc -l < "$T/out")" = 20 ] || fail "want 20 findings"
[ "$(head -1 "$T/out" | grep -o '"file":"[^"]*"')" = '"file":"pkg000/src/m000.py"' ] || fail "order: $(head -1 "$T/out")"
echo "[$testname] 100000 files scanned in ${secs}s" >&2
[ "$secs" -lt 60 ] || fail "took ${secs}s"
