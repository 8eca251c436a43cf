# Shared by every tests/e2e/*.sh script (mold's common.inc model). Each script tests one behaviour on
# real files and real git repositories, driving the real binary given in $KEYSNARE.
set -euo pipefail
: "${KEYSNARE:?set KEYSNARE to the keysnare binary}"
: "${KEYSNARE_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export NO_COLOR=1
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.test"
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL="committer@example.test"

testname=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/keysnare-e2e-$testname.XXXXXX")
trap 'rm -rf "$T"' EXIT
# ./dev test shares one fresh cache between the scripts (one database compile per run); a script run
# alone compiles into its own, removed with $T.
export KEYSNARE_CACHE_DIR="${KEYSNARE_CACHE_DIR:-$T/cache}"

fail() { echo "FAIL [$testname]: $*" >&2; exit 1; }

# Fake tokens are assembled at run time from pieces, so no file in this repository holds one.
# fake_token PREFIX LEN [ALPHABET]: PREFIX followed by LEN pseudo-random characters (seeded by $RANDOM).
fake_token() {
  local prefix=$1 len=$2 alphabet=${3:-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789}
  local out=$prefix i
  for ((i = 0; i < len; i++)); do out+=${alphabet:RANDOM % ${#alphabet}:1}; done
  printf '%s' "$out"
}
# An AWS access key id: the AKIA prefix and 16 base32 characters.
fake_aws_key_id() { fake_token "AK""IA" 16 ABCDEFGHIJKLMNOPQRSTUVWXYZ234567; }
# A Stripe-shaped live secret key (no checksum).
fake_stripe_key() { fake_token "sk_""live_" 24; }

# expect_status WANT CMD...: runs CMD, fails unless it exits WANT. Output in $T/out, $T/err.
expect_status() {
  local want=$1; shift
  set +e
  "$@" >"$T/out" 2>"$T/err"
  local got=$?
  set -e
  [ "$got" = "$want" ] || { echo "--- stdout"; cat "$T/out"; echo "--- stderr"; cat "$T/err"; fail "'$*' exited $got, want $want"; } >&2
}

new_repo() {  # new_repo DIR: an empty repository with a stable identity
  git init -q -b main "$1"
}

# commit_file REPO PATH TEXT [MESSAGE]: writes TEXT to PATH in REPO's work tree, stages and commits it.
commit_file() {
  local repo=$1 path=$2 text=$3 msg=${4:-"edit $2"}
  mkdir -p "$(dirname "$repo/$path")"
  printf '%s' "$text" > "$repo/$path"
  git -C "$repo" add -- "$path"
  git -C "$repo" commit -q -m "$msg"
}
# json_values KEY [FILE]: the string values of "KEY":"..." in a JSON report ($T/out by default).
json_values() { grep -o "\"$1\":\"[^\"]*\"" "${2:-$T/out}" | cut -d'"' -f4 || true; }
# count_findings [FILE]: how many findings a JSON report ($T/out by default) holds.
count_findings() { grep -c '"rule_id"' "${1:-$T/out}" || true; }
# fake_private_key: a PEM block shaped like a private key, with a random body (not a key).
fake_private_key() {
  local b64=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ i
  printf -- '-----BEGIN %s-----\n' "PRIVATE"" KEY"
  for ((i = 0; i < 8; i++)); do fake_token "" 64 "$b64"; printf '\n'; done
  printf -- '-----END %s-----\n' "PRIVATE"" KEY"
}

# ---- fault-injection helpers (tests/e2e/fault_*.sh) ----
# skip REASON: ends the test as skipped (ctest SKIP_RETURN_CODE 77), saying why.
skip() { echo "SKIP [$testname]: $*" >&2; exit 77; }
# error_lines [FILE]: the diagnostics that are errors ($T/err by default).
error_lines() { grep '^keysnare: error: ' "${1:-$T/err}" || true; }
# as_unprivileged CMD...: runs CMD as user nobody when we are root (permissions do not stop root),
# else as ourselves. Sets up a cache directory nobody can write. Skips the test when impossible.
as_unprivileged() {
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  local run
  if command -v setpriv >/dev/null; then run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  elif command -v runuser >/dev/null; then run=(runuser -u nobody --)
  else skip "running as root and neither setpriv nor runuser exists to drop privileges"; fi
  "${run[@]}" env KEYSNARE_CACHE_DIR="$T/nobody-cache" "$@"
}
# prepare_unprivileged: lets user nobody reach $T and run $KEYSNARE (call before as_unprivileged).
prepare_unprivileged() {
  [ "$(id -u)" = 0 ] || return 0
  chmod 755 "$T"
  mkdir -p "$T/nobody-cache" && chmod 777 "$T/nobody-cache"
  # A compiled database from our own cache saves nobody a compile (only time; absent is fine).
  cp -p "$KEYSNARE_CACHE_DIR"/* "$T/nobody-cache/" 2>/dev/null && chown -R 65534 "$T/nobody-cache" || true
  as_unprivileged test -x "$KEYSNARE" || skip "user nobody cannot execute $KEYSNARE (a parent directory is private)"
}
# max_rss_kb CMD...: runs CMD under /usr/bin/time -v, output in $T/out and $T/err, its exit status in
# $rc and its peak resident memory in $rss_kb (empty when GNU time is not installed: apt package `time`).
max_rss_kb() {
  rss_kb=
  set +e
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$T/time" "$@" >"$T/out" 2>"$T/err"; rc=$?
    rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$T/time")
  else
    "$@" >"$T/out" 2>"$T/err"; rc=$?
  fi
  set -e
}
