#!/usr/bin/env bash
# Only added lines count: a secret HEAD already holds does not block a commit that edits the same file;
# a secret the commit adds does, at its line.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" conf.env "OLD=$(fake_aws_key_id)"$'\nNAME=app\n' "existing secret"
cd "$r"
printf 'PORT=8080\n' >> conf.env
git add conf.env
expect_status 0 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 0 ] || fail "pre-existing secret reported: $(cat "$T/out")"

printf 'NEW=%s\n' "$(fake_stripe_key)" >> conf.env
git add conf.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 1 ] || fail "want only the new secret: $(cat "$T/out")"
[ "$(json_values rule_id)" = stripe-live-secret-key ] || fail "rule: $(json_values rule_id)"
grep -q '"line":4,' "$T/out" || fail "line: $(cat "$T/out")"
