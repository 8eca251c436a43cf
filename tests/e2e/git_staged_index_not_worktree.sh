#!/usr/bin/env bash
# `keysnare staged` scans the index, never the work tree: a secret typed after `git add` is not what
# will be committed and is not reported; a staged secret already deleted from the work tree is.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
cd "$r"
printf 'name = app\n' > app.cfg
git add app.cfg
printf 'key = %s\n' "$(fake_aws_key_id)" >> app.cfg
expect_status 0 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 0 ] || fail "work-tree edit reported: $(cat "$T/out")"
grep -q '^keysnare: 1 files' "$T/err" || fail "summary: $(cat "$T/err")"

printf 'token = %s\n' "$(fake_stripe_key)" > gone.env
git add gone.env
rm gone.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 1 ] || fail "want the staged secret: $(cat "$T/out")"
[ "$(json_values file)" = gone.env ] || fail "file: $(json_values file)"
[ "$(json_values source)" = staged ] || fail "source: $(json_values source)"
# --repo from elsewhere gives the same.
cd "$T"
expect_status 1 "$KEYSNARE" staged --repo "$r" --format json
[ "$(json_values file)" = gone.env ] || fail "--repo: $(cat "$T/out")"
