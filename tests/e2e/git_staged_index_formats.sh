#!/usr/bin/env bash
# The index is read in the formats git writes: versions 2, 3 (extended flags, e.g. `git add -N`) and
# 4 (compressed paths). Intent-to-add entries are not part of the next commit and are not reported.
# A split index is refused with exit 2 and how to turn it off, never passed unchecked.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
for d in a b c; do commit_file "$r" "$d/deep/file.txt" $'x\n' "add $d"; done
cd "$r"
printf 'K=%s\n' "$(fake_aws_key_id)" >> b/deep/file.txt
printf 'S=%s\n' "$(fake_stripe_key)" > b/new.env
git add b/deep/file.txt b/new.env
printf 'I=%s\n' "$(fake_aws_key_id)" > intent.txt
git add -N intent.txt

check() {
  expect_status 1 "$KEYSNARE" staged --format json
  [ "$(count_findings)" = 2 ] || fail "$1: want 2 findings: $(cat "$T/out") $(cat "$T/err")"
  json_values file | grep -qx b/deep/file.txt || fail "$1: modified file missing"
  json_values file | grep -qx b/new.env || fail "$1: added file missing"
}
check "version 3"
git update-index --index-version 2 2>/dev/null && check "version 2" || true
git update-index --index-version 4
check "version 4"
git update-index --split-index
[ -n "$(ls .git/sharedindex.* 2>/dev/null)" ] || fail "setup: no split index"
expect_status 2 "$KEYSNARE" staged
grep -q 'split index (core.splitIndex) is not supported; `git update-index --no-split-index`' "$T/err" ||
  fail "split index: $(cat "$T/err")"
git update-index --no-split-index
check "after --no-split-index"
