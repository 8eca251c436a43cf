#!/usr/bin/env bash
# A submodule is another repository: adding one does not scan its content.
source "$(dirname "$0")/common.sh"
new_repo "$T/sub"
commit_file "$T/sub" creds.txt "k=$(fake_aws_key_id)"$'\n' "sub secret"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
cd "$r"
git -c protocol.file.allow=always submodule add -q "$T/sub" vendor/sub 2>/dev/null
[ -f vendor/sub/creds.txt ] || fail "setup: submodule not checked out"
expect_status 0 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 0 ] || fail "submodule content scanned: $(cat "$T/out")"
