#!/usr/bin/env bash
# A staged file over --max-file-size is skipped with a warning naming it: a pre-commit user must know
# what was not checked.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
cd "$r"
{ printf 'k = %s\n' "$(fake_aws_key_id)"; head -c 4000 /dev/zero | tr '\0' 'x'; printf '\n'; } > big.txt
git add big.txt
expect_status 0 "$KEYSNARE" staged --max-file-size 1K
grep -q 'warning: big.txt: staged file is larger than --max-file-size' "$T/err" || fail "no warning: $(cat "$T/err")"
grep -q '1 skipped' "$T/err" || fail "not counted: $(cat "$T/err")"
expect_status 1 "$KEYSNARE" staged
