#!/usr/bin/env bash
# A partial clone (git clone --filter=blob:none) lacks the blobs of older commits. keysnare reads no
# network, so it cannot fetch them: it counts them, says once that the clone is partial and how to
# fetch them, and exits 2 (it used to print one "cannot read blob" error per blob, with no hint). The
# command it suggests works, and then the audit finds the secret that was in a missing blob.
source "$(dirname "$0")/common.sh"
src=$T/src
new_repo "$src"
key=$(fake_aws_key_id)
commit_file "$src" conf.env "K=$key"$'\n' "add key"
commit_file "$src" conf.env $'K=redacted\n' "remove key"
commit_file "$src" other.txt $'one\n' "one"
commit_file "$src" other.txt $'two\n' "two"
git clone -q --bare "$src" "$T/server.git"
git -C "$T/server.git" config uploadpack.allowFilter true
c=$T/clone
git clone -q --filter=blob:none "file://$T/server.git" "$c" 2>/dev/null || skip "git cannot make a partial clone here"
missing=$(git -C "$c" rev-list --objects --all --missing=print | grep -c '^?' || true)
[ "$missing" -ge 2 ] || skip "the clone is not partial ($missing blobs missing)"

expect_status 2 "$KEYSNARE" git "$c"
[ "$(error_lines | wc -l)" = 1 ] || fail "want one error: $(cat "$T/err")"
grep -q "partial clone (objects are fetched on demand from 'origin'): $missing blobs of the history are not in this clone" "$T/err" ||
  fail "no count ($missing): $(cat "$T/err")"
grep -q "fetch them first: git -C $c -c remote.origin.partialclonefilter= fetch --refetch origin" "$T/err" ||
  fail "no hint: $(cat "$T/err")"

# A range whose commits' blobs are missing: the same, for the range.
cd "$c"
expect_status 2 "$KEYSNARE" git --range HEAD~3..HEAD~1
[ "$(error_lines | wc -l)" = 1 ] || fail "range: want one error: $(cat "$T/err")"
grep -q "partial clone .*changed files\? of the range are not in this clone" "$T/err" || fail "range: $(cat "$T/err")"
cd "$T"

# Following the hint fetches every blob; the removed key is found.
git -C "$c" -c remote.origin.partialclonefilter= fetch -q --refetch origin
expect_status 1 "$KEYSNARE" git "$c" --format json
[ "$(json_values file)" = conf.env ] || fail "after fetching: $(cat "$T/out")"
