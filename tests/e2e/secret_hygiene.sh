#!/usr/bin/env bash
# keysnare never writes a secret in clear where the user did not ask for it: not in the report, the
# summary, verbose diagnostics, error messages, temporary files or its cache; and core dumps are off
# while it holds secrets in memory. Every case runs in every format, to stdout and to an -o file, and
# checks stdout, stderr and every file written:
#   - findings and their lines (a secret next to another on the same line);
#   - secrets not reported themselves but found on a reported line: dropped by the per-file cap,
#     --min-confidence, --baseline, an allowlisted fingerprint (issue 17);
#   - the history audit, where a secret's oldest place is in another file than a line showing it
#     (commit a.txt: aws=A, then b.txt: both=G A; issue 19), and commit messages and author fields
#     holding secrets the run found;
#   - configuration errors: an unknown key, a disabled id, a bad regex, a bad allowlist regex, a
#     baseline that is no report — each holding a secret.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree" "$T/tmp"
key=$(fake_aws_key_id)
stripe=$(fake_stripe_key)
key2=$(fake_aws_key_id)
stripe2=$(fake_stripe_key)
pw="Zq8v""Rt2pLm9x"  # a password the generic rule finds at low confidence
secrets=("$key" "$stripe" "$key2" "$stripe2" "$pw")
printf 'AWS_ACCESS_KEY_ID=%s\nSTRIPE=%s\n' "$key" "$stripe" > "$T/tree/app.env"

# leaks FILE...: the files holding a planted secret in clear (or its last 12 characters: a piece a
# shortened line cut).
leaks() {
  local args=() s
  for s in "${secrets[@]}"; do args+=(-e "$s" -e "${s: -12}"); done
  grep -rlF "${args[@]}" "$@" 2>/dev/null || true
}
# hygienic NAME WANT CMD...: runs CMD in every format, to stdout and with -o; fails on any leak.
hygienic() {
  local name=$1 want=$2 fmt; shift 2
  for fmt in text json jsonl sarif csv; do
    expect_status "$want" "$@" -v --format "$fmt"
    [ -z "$(leaks "$T/out" "$T/err")" ] || fail "$name, $fmt to stdout: a secret in clear: $(cat "$T/out" "$T/err")"
    expect_status "$want" "$@" -v --format "$fmt" -o "$T/report-$name.$fmt"
    [ -z "$(leaks "$T/report-$name.$fmt" "$T/out" "$T/err")" ] || fail "$name, $fmt to a file: a secret in clear"
  done
}
# clean_error NAME CMD...: CMD fails with exit 2, naming something, quoting no secret.
clean_error() {
  local name=$1; shift
  expect_status 2 "$@"
  grep -q 'keysnare: error: ' "$T/err" || fail "$name: no error message: $(cat "$T/err")"
  [ -z "$(leaks "$T/out" "$T/err")" ] || fail "$name: the error quotes a secret: $(cat "$T/err")"
}

export TMPDIR=$T/tmp
hygienic plain 1 "$KEYSNARE" dir "$T/tree"

# Neighbours on one line that are not reported themselves.
mkdir -p "$T/cap" "$T/conf" "$T/base"
printf 'cap = %s %s\n' "$key" "$stripe" > "$T/cap/a.txt"
hygienic cap 1 "$KEYSNARE" dir "$T/cap" --max-findings-per-file 1
grep -q '"line_text":"cap = AKIA…' "$T/report-cap.json" || fail "cap: the reported finding's line is not there"
printf 'id = %s password = "%s"\n' "$key" "$pw" > "$T/conf/a.txt"
hygienic min-confidence 1 "$KEYSNARE" dir "$T/conf" --min-confidence high
[ "$(count_findings "$T/report-min-confidence.json")" = 1 ] || fail "min-confidence: want the aws finding only"
# A baseline holding the aws key (from a file of its own); the line shows it next to the stripe key.
printf 'old = %s\n' "$key" > "$T/base/old.txt"
expect_status 1 "$KEYSNARE" dir "$T/base" --format json -o "$T/baseline.json"
printf 'both = %s %s\n' "$stripe" "$key" > "$T/base/new.txt"
hygienic baseline 1 "$KEYSNARE" dir "$T/base" --baseline "$T/baseline.json"
[ "$(count_findings "$T/report-baseline.json")" = 1 ] || fail "baseline: want the stripe finding only"
fp=$(json_values fingerprint "$T/baseline.json" | head -1)
printf 'allowlist:\n  fingerprints: ["%s"]\n' "$fp" > "$T/allow.yaml"
hygienic fingerprint-allowlist 1 "$KEYSNARE" dir "$T/base" --config "$T/allow.yaml"
[ "$(count_findings "$T/report-fingerprint-allowlist.json")" = 1 ] || fail "fingerprint allowlist: want one finding"

# History: the aws key first in a.txt, then in b.txt on a line with another secret; commit messages
# and an author carrying secrets the run found.
repo=$T/repo
new_repo "$repo"
commit_file "$repo" a.txt "aws=$key"$'\n' "add a"
commit_file "$repo" b.txt "both=$stripe $key"$'\n' "add b"
commit_file "$repo" c.txt "k=$key2"$'\n' "rotate $stripe2 and $key2"
GIT_AUTHOR_NAME="ci $stripe2" GIT_AUTHOR_EMAIL="$key2@example.test" commit_file "$repo" d.txt "s=$stripe2"$'\n' "add d: $stripe"
hygienic history 1 "$KEYSNARE" git "$repo"
hygienic history-all 1 "$KEYSNARE" git "$repo" --all-occurrences
hygienic range 1 "$KEYSNARE" git "$repo" --range HEAD~3..HEAD
grep -q '"file":"b.txt"' "$T/report-history.json" || fail "history: the b.txt finding is missing"

# Configuration errors holding a secret.
printf 'AKIA%s: 1\n' "${key#AKIA}" > "$T/bad-key.yaml"
clean_error unknown-key "$KEYSNARE" dir "$T/tree" --config "$T/bad-key.yaml"
grep -q 'bad-key.yaml:1: unknown key' "$T/err" || fail "unknown key: no file:line: $(cat "$T/err")"
printf 'disable: [%s]\n' "$stripe" > "$T/bad-disable.yaml"
clean_error disable "$KEYSNARE" dir "$T/tree" --config "$T/bad-disable.yaml"
printf 'rules:\n  - id: mine\n    regex: "(%s(["\n' "$stripe" > "$T/bad-regex.yaml"
clean_error bad-regex "$KEYSNARE" dir "$T/tree" --config "$T/bad-regex.yaml"
grep -q 'bad-regex.yaml:2: rule mine: RE2: ' "$T/err" || fail "bad regex: no file:line: $(cat "$T/err")"
printf 'allowlist:\n  secrets: ["%s("]\n' "$key" > "$T/bad-allow.yaml"
clean_error bad-allowlist-regex "$KEYSNARE" dir "$T/tree" --config "$T/bad-allow.yaml"
printf 'allowlist:\n  secrets: [%s\n' "$stripe" > "$T/bad.yaml"  # does not parse
clean_error yaml "$KEYSNARE" dir "$T/tree" --config "$T/bad.yaml"
grep -q 'bad.yaml' "$T/err" || fail "the config error does not name the file: $(cat "$T/err")"
printf '[{"fingerprint": "%s"}]\n' "$key" > "$T/bad-baseline.json"
clean_error baseline-value "$KEYSNARE" dir "$T/tree" --baseline "$T/bad-baseline.json"
printf '{"fingerprint": "%s", %s\n' "$fp" "$stripe" > "$T/bad-baseline.jsonl"
clean_error baseline-syntax "$KEYSNARE" dir "$T/tree" --baseline "$T/bad-baseline.jsonl"
grep -q 'bad-baseline.jsonl:1:' "$T/err" || fail "baseline error without file:line: $(cat "$T/err")"
[ -z "$(cat "$T/out")" ] || fail "a report was printed despite the bad baseline"

printf 'x = "%s"\n' "$key" | { expect_status 1 "$KEYSNARE" stdin --label leak.txt -v; }
[ -z "$(leaks "$T/out" "$T/err")" ] || fail "stdin scan: a secret in clear"
[ -z "$(leaks "$T/tmp" "$KEYSNARE_CACHE_DIR")" ] || fail "a secret in a temporary or cache file: $(leaks "$T/tmp" "$KEYSNARE_CACHE_DIR")"

# Asked for, it is shown.
expect_status 1 "$KEYSNARE" dir "$T/tree" --show-secrets --format json
grep -qF "$key" "$T/out" || fail "--show-secrets did not show the secret"
expect_status 1 "$KEYSNARE" dir "$T/cap" --max-findings-per-file 1 --show-secrets --format json
grep -qF "$stripe" "$T/out" || fail "--show-secrets did not show the line as it is"

# Core dumps are off: the running process's own limit, read while it waits on standard input.
mkfifo "$T/fifo"
"$KEYSNARE" stdin < "$T/fifo" > /dev/null 2>&1 &
pid=$!
exec 3> "$T/fifo"
limit=
for _ in $(seq 1 100); do
  limit=$(awk '/^Max core file size/ {print $5, $6}' "/proc/$pid/limits" 2>/dev/null) || true
  [ "$limit" = "0 0" ] && break
  sleep 0.05
done
exec 3>&-
wait "$pid" || true
[ "$limit" = "0 0" ] || fail "core file size limit while scanning: '$limit', want '0 0'"
