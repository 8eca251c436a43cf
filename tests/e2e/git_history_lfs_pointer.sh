#!/usr/bin/env bash
# Git LFS pointer files are scanned as they are (a few lines of text): nothing is fetched, the sha256
# object id in a pointer is not a finding, and a secret next to the pointers is still found.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" .gitattributes $'*.bin filter=lfs diff=lfs merge=lfs -text\n' "lfs"
oid=$(printf 'model weights' | sha256sum | cut -d' ' -f1)
commit_file "$r" models/weights.bin "$(printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize 73400320\n' "$oid")" "pointer"
commit_file "$r" deploy/env.sh "export AWS_ACCESS_KEY_ID=$(fake_aws_key_id)"$'\n' "deploy"
# An LFS endpoint that cannot be reached: keysnare must not try (it makes no network connections).
git -C "$r" config lfs.url http://127.0.0.1:9/unreachable

expect_status 1 "$KEYSNARE" git "$r" --format json -v
[ "$(count_findings)" = 1 ] || fail "want only the AWS key: $(cat "$T/out")"
[ "$(json_values file)" = deploy/env.sh ] || fail "file: $(json_values file)"
grep -q 'models/weights.bin' "$T/err" && fail "pointer skipped or failed: $(cat "$T/err")"
grep -q '6 objects' "$T/err" || fail "the pointer, .gitattributes, env.sh and 3 commit messages are 6 objects: $(cat "$T/err")"
