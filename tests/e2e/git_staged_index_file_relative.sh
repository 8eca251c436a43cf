#!/usr/bin/env bash
# GIT_INDEX_FILE is resolved as git resolves it: a relative path is relative to the top of the work
# tree, wherever the command starts (keysnare used the current directory, so from a subdirectory it
# read no index at all), and an index GIT_INDEX_FILE names that does not exist is an error (it used to
# count as an empty index: nothing staged, exit 0).
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "base"
cd "$r"
mkdir -p sub
printf 'aws_access_key_id = %s\n' "$(fake_aws_key_id)" > secret.env
GIT_INDEX_FILE=.git/alt-index git read-tree HEAD
GIT_INDEX_FILE=.git/alt-index git add secret.env

cd sub
# What git itself does, from the subdirectory:
[ "$(GIT_INDEX_FILE=.git/alt-index git diff --cached --name-only)" = secret.env ] || fail "setup: git's own reading"
GIT_INDEX_FILE=.git/alt-index expect_status 1 "$KEYSNARE" staged --format json
[ "$(json_values file)" = secret.env ] || fail "from sub: $(cat "$T/out") $(cat "$T/err")"
GIT_INDEX_FILE=$r/.git/alt-index expect_status 1 "$KEYSNARE" staged
cd "$T"
GIT_INDEX_FILE=.git/alt-index expect_status 1 "$KEYSNARE" staged --repo "$r/sub"
# The default index has nothing staged.
cd "$r/sub"
expect_status 0 "$KEYSNARE" staged

# A missing explicit index is an error, relative or absolute.
GIT_INDEX_FILE=.git/no-such-index expect_status 2 "$KEYSNARE" staged
grep -q "GIT_INDEX_FILE=.git/no-such-index: no such index ($r/.git/no-such-index)" "$T/err" || fail "missing: $(cat "$T/err")"
GIT_INDEX_FILE=$T/none expect_status 2 "$KEYSNARE" staged
# A repository with no index file yet (nothing ever staged) is still an empty index.
e=$T/empty
new_repo "$e"
cd "$e"
expect_status 0 "$KEYSNARE" staged
