#!/usr/bin/env bash
# keysnare never writes a secret in clear where the user did not ask for it: not in the report, the
# summary, verbose diagnostics, error messages, temporary files or its cache; and core dumps are off
# while it holds secrets in memory.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree" "$T/tmp"
key=$(fake_aws_key_id)
stripe=$(fake_stripe_key)
printf 'AWS_ACCESS_KEY_ID=%s\nSTRIPE=%s\n' "$key" "$stripe" > "$T/tree/app.env"
# A config that fails to parse, with a secret in the offending line: the error must not quote it.
printf 'allowlist:\n  secrets: [%s\n' "$stripe" > "$T/bad.yaml"
leaks() { grep -rlF -e "$key" -e "$stripe" "$@" 2>/dev/null || true; }

export TMPDIR=$T/tmp
for fmt in text json jsonl sarif csv; do
  expect_status 1 "$KEYSNARE" dir "$T/tree" -v --format "$fmt" -o "$T/report.$fmt"
  [ -z "$(leaks "$T/report.$fmt" "$T/out" "$T/err")" ] || fail "$fmt: a secret in clear in the report or on stderr"
done
expect_status 2 "$KEYSNARE" dir "$T/tree" --config "$T/bad.yaml"
grep -q 'bad.yaml' "$T/err" || fail "the config error does not name the file: $(cat "$T/err")"
[ -z "$(leaks "$T/out" "$T/err")" ] || fail "the config error quotes the secret: $(cat "$T/err")"
printf 'x = "%s"\n' "$key" | { expect_status 1 "$KEYSNARE" stdin --label leak.txt -v; }
[ -z "$(leaks "$T/out" "$T/err")" ] || fail "stdin scan: a secret in clear"
[ -z "$(leaks "$T/tmp" "$KEYSNARE_CACHE_DIR")" ] || fail "a secret in a temporary or cache file: $(leaks "$T/tmp" "$KEYSNARE_CACHE_DIR")"

# Asked for, it is shown.
expect_status 1 "$KEYSNARE" dir "$T/tree" --show-secrets --format json
grep -qF "$key" "$T/out" || fail "--show-secrets did not show the secret"

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
