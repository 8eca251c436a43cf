#!/usr/bin/env bash
# Directories deleted and files rewritten while a scan runs: no crash, no hang, and an exit status that
# agrees with what was read. Something listed that could not be read is one error line naming it
# (exit 2); a run that lost nothing exits 1 with no error. The stable file's finding is always there.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree/stable"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/tree/stable/keep.env"
cat > "$T/churn.py" <<'PY'
import os, random, shutil, sys, time
root, mode = sys.argv[1], sys.argv[2]
r = random.Random(3)
A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
def fill(d):
    os.makedirs(d, exist_ok=True)
    for i in range(40):
        with open(os.path.join(d, f"f{i:02d}.txt"), "w") as f:
            f.write("x = 1\n" * r.randint(1, 50) + ("k = AK" + "IA" + "".join(r.choice(A) for _ in range(16)) + "\n" if i == 7 else ""))
dirs = [os.path.join(root, f"d{i:03d}") for i in range(150)]
if mode == "make":
    for d in dirs: fill(d)
    sys.exit()
deadline = time.time() + 30
while time.time() < deadline and not os.path.exists(root + ".stop"):
    for d in r.sample(dirs, len(dirs)):
        if os.path.exists(root + ".stop"): break
        shutil.rmtree(d, ignore_errors=True)      # a directory vanishes
        other = r.choice(dirs)
        if os.path.isdir(other):                   # a file changes under the reader
            p = os.path.join(other, "f03.txt")
            try:
                with open(p, "w") as f: f.write("y = 2\n" * r.randint(0, 400))
            except OSError: pass
        fill(d)                                    # and comes back
PY
python3 "$T/churn.py" "$T/tree/churn" make

errored=0
for run in 1 2 3 4 5; do
  rm -f "$T/tree/churn.stop"
  python3 "$T/churn.py" "$T/tree/churn" churn & churn=$!
  sleep 0.2
  set +e
  timeout 60 "$KEYSNARE" dir "$T/tree" -j 2 --format jsonl >"$T/out" 2>"$T/err"; rc=$?
  set -e
  touch "$T/tree/churn.stop"; wait "$churn"
  case $rc in
    1) [ -z "$(error_lines)" ] || fail "run $run: exit 1 with errors: $(cat "$T/err")" ;;
    2) errored=$((errored + 1))
       n=$(error_lines | wc -l)
       [ "$n" -ge 1 ] || fail "run $run: exit 2 without an error line: $(cat "$T/err")"
       bad=$(error_lines | grep -Ev "^keysnare: error: $T/tree/churn/d[0-9]{3}(/f[0-9]{2}\.txt)?: (cannot open|cannot read directory|error while listing): No such file or directory$" || true)
       [ -z "$bad" ] || fail "run $run: unexpected error: $bad"
       grep -q "; $n error(s)" "$T/err" || fail "run $run: summary does not count $n errors: $(tail -1 "$T/err")" ;;
    *) fail "run $run: exit status $rc (crash or hang?): $(tail -5 "$T/err")" ;;
  esac
  grep -q '"file":"stable/keep.env"' "$T/out" || fail "run $run: the stable finding is missing"
done
echo "[$testname] $errored of 5 runs met a vanished path" >&2
