#!/usr/bin/env bash
# During a merge with conflicts: conflicted paths are skipped with a warning (the commit cannot happen
# until they are resolved), cleanly merged files are checked, and a resolution is checked once staged.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" shared.txt $'base\n' "base"
git -C "$r" checkout -q -b topic
commit_file "$r" shared.txt $'topic\n' "topic edit"
commit_file "$r" topic.env "T=$(fake_aws_key_id)"$'\n' "topic secret"
git -C "$r" checkout -q main
commit_file "$r" shared.txt $'main\n' "main edit"
cd "$r"
if git merge -q topic >/dev/null 2>&1; then fail "setup: merge did not conflict"; fi
expect_status 1 "$KEYSNARE" staged --format json
grep -q 'warning: shared.txt: unmerged (conflicted)' "$T/err" || fail "no conflict warning: $(cat "$T/err")"
[ "$(json_values file)" = topic.env ] || fail "merged file not checked: $(cat "$T/out")"

printf 'K=%s\n' "$(fake_stripe_key)" > shared.txt
git add shared.txt
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 2 ] || fail "resolution not checked: $(cat "$T/out")"
if grep -q 'unmerged' "$T/err"; then fail "still warned after resolving"; fi
