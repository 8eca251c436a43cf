#!/usr/bin/env bash
# A reader that closes the pipe early (`keysnare ... | head -1`) ends the scan quietly: no error on
# stderr, no hang, and the exit status is still the scan's (1: findings), not a SIGPIPE death.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/big"
python3 - "$T/big" <<'PY'
import os, random, sys
r = random.Random(7)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
for i in range(3000):  # a report of ~1.5 MB: far more than a pipe holds
    key = "AK" + "IA" + "".join(r.choice(A) for _ in range(16))
    with open(os.path.join(sys.argv[1], f"f{i:05d}.env"), "w") as f:
        f.write(f"AWS_ACCESS_KEY_ID={key}\n")
PY

for fmt in jsonl text; do
  set +e
  timeout 30 "$KEYSNARE" dir "$T/big" --format "$fmt" 2>"$T/err" | head -1 >"$T/out"
  codes=("${PIPESTATUS[@]}")
  set -e
  [ "${codes[0]}" != 124 ] || fail "$fmt: keysnare hung writing to a closed pipe"
  [ "${codes[0]}" = 1 ] || fail "$fmt: exit status ${codes[0]}, want 1: $(cat "$T/err")"
  [ "$(wc -l < "$T/out")" = 1 ] || fail "$fmt: head got nothing"
  ! grep -qi 'error' "$T/err" || fail "$fmt: error message on a closed pipe: $(cat "$T/err")"
  grep -q '^keysnare: 3000 files .* 3000 findings' "$T/err" || fail "$fmt: summary: $(cat "$T/err")"
done
