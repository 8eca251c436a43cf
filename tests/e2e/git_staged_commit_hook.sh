#!/usr/bin/env bash
# A real pre-commit hook running `keysnare staged` blocks commits that add a secret, whether staged with
# `git add`, committed with `git commit -a` or as `git commit FILE` (git then hands the hook a
# temporary index in GIT_INDEX_FILE), and lets clean commits through.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" app.py $'print("hi")\n' "initial"
printf '#!/bin/sh\nexec "%s" staged\n' "$KEYSNARE" > "$r/.git/hooks/pre-commit"
chmod +x "$r/.git/hooks/pre-commit"
cd "$r"
head=$(git rev-parse HEAD)

printf 'KEY = "%s"\n' "$(fake_aws_key_id)" >> app.py
expect_status 1 git commit -q -a -m "commit -a with a secret"
grep -q 'aws-access-key-id' "$T/out" "$T/err" || fail "hook output missing: $(cat "$T/out" "$T/err")"
[ "$(git rev-parse HEAD)" = "$head" ] || fail "commit -a went through"
expect_status 1 git commit -q -m "commit FILE with a secret" app.py
grep -q 'aws-access-key-id' "$T/out" "$T/err" || fail "commit FILE: hook output missing: $(cat "$T/out" "$T/err")"
[ "$(git rev-parse HEAD)" = "$head" ] || fail "commit FILE went through"
git add app.py
expect_status 1 git commit -q -m "staged secret"
[ "$(git rev-parse HEAD)" = "$head" ] || fail "commit went through"

git reset -q --hard
printf 'print("bye")\n' >> app.py
expect_status 0 git commit -q -a -m "clean change"
[ "$(git rev-parse HEAD)" != "$head" ] || fail "clean commit blocked"
