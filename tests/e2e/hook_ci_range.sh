#!/usr/bin/env bash
# hooks/ci/scan-commits.sh, which both CI templates run, scans the commits a push or merge request
# brings: BEFORE..HEAD when BEFORE is a commit in the clone; for a new branch (all zeros) or a vanished
# BEFORE (force push), the commits not on the default branch; on the default branch itself, the whole
# history. It writes SARIF and exits with keysnare's status.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/bin"
ln -s "$(readlink -f "$KEYSNARE")" "$T/bin/keysnare"
export PATH=$T/bin:$PATH
unset KEYSNARE
scan=$KEYSNARE_SOURCE_DIR/hooks/ci/scan-commits.sh
zero=0000000000000000000000000000000000000000

# origin: main has an old secret (main.env); the feature branch adds another (feature.env), then a
# clean commit.
o=$T/origin
new_repo "$o"
printf 'hello\n' > "$o/README"; git -C "$o" add README; git -C "$o" commit -q -m c0
printf 'KEY=%s\n' "$(fake_aws_key_id)" > "$o/main.env"; git -C "$o" add main.env; git -C "$o" commit -q -m m1
git -C "$o" checkout -q -b feature
printf 'KEY=%s\n' "$(fake_stripe_key)" > "$o/feature.env"; git -C "$o" add feature.env; git -C "$o" commit -q -m f1
f1=$(git -C "$o" rev-parse HEAD)
printf 'more\n' >> "$o/README"; git -C "$o" commit -q -am f2
git -C "$o" checkout -q main

# A CI clone of the feature branch, with the whole history.
git clone -q --branch feature "$o" "$T/ci"
cd "$T/ci"

# expect_scan WANT BEFORE FALLBACK: runs the script; WANT is its exit status.
expect_scan() {
  rm -f out.sarif
  expect_status "$1" "$scan" "$2" "$3" out.sarif
  [ -s out.sarif ] || fail "no SARIF written (before '$2')"
  grep -q '"version" *: *"2.1.0"' out.sarif || fail "not SARIF 2.1.0 (before '$2')"
}
reports() { grep -q "$1" "$T/out" "$T/err" && grep -q "$1" out.sarif; }

# A new branch: its own commits only, not main's older secret.
expect_scan 1 "$zero" origin/main
reports feature.env || fail "new branch: feature.env not reported: $(cat "$T/out" "$T/err")"
if reports main.env; then fail "new branch: main's history scanned too"; fi
grep -q 'scanning the commits in ' "$T/err" || fail "new branch: no range: $(cat "$T/err")"
expect_scan 1 "" origin/main

# A push after the secret: only the new clean commit.
expect_scan 0 "$f1" origin/main
# A pull request: everything the branch adds to its base.
expect_scan 1 origin/main origin/main
reports feature.env || fail "pull request: feature.env not reported"
# A force push whose previous tip is not in the clone: back to the default branch.
expect_scan 1 "$(printf 'ab%.0s' {1..20})" origin/main
reports feature.env || fail "vanished before: feature.env not reported"
if reports main.env; then fail "vanished before: main's history scanned too"; fi

# The first push of the default branch: the whole history.
git checkout -q main
expect_scan 1 "$zero" origin/main
grep -q 'scanning the whole history' "$T/err" || fail "default branch: not the whole history: $(cat "$T/err")"
reports main.env || fail "default branch: main.env not reported"

# An error (not a repository) is exit 2, not a pass.
cd "$T"
expect_status 2 "$scan" "$zero" origin/main out.sarif
