# Shared by every tests/e2e/*.sh script (mold's common.inc model). Each script tests one behaviour on
# real files and real git repositories, driving the real binary given in $KEYSNARE.
set -euo pipefail
: "${KEYSNARE:?set KEYSNARE to the keysnare binary}"
: "${KEYSNARE_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export NO_COLOR=1
export KEYSNARE_CACHE_DIR="${KEYSNARE_CACHE_DIR:-$(mktemp -d)}"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.test"
export GIT_COMMITTER_NAME="Test Committer" GIT_COMMITTER_EMAIL="committer@example.test"

testname=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/keysnare-e2e-$testname.XXXXXX")
trap 'rm -rf "$T"' EXIT

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
