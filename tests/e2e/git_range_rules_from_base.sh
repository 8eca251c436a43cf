#!/usr/bin/env bash
# In range mode --rules, like the configuration and the baseline, are read from BASE's tree objects:
# a pull request that redefines aws-access-key-id with a regex that never matches (in the rules file CI
# passes, or in a rules folder) used to pass CI. Paths are placed in the work tree without following
# the checkout's links: a PR that turns .github into a link to a fixture does not choose which of
# BASE's files is the configuration, and a path that reaches the work tree only through a link is
# refused. --trust-head-config reads the work tree's files instead.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
cd "$r"
mkdir -p ci/rules .github tests/fixtures
cat > ci/rules.yaml <<'YAML'
rules:
  - id: acme-internal-token
    description: ACME internal token
    regex: '\b(acme_[a-z0-9]{32})\b'
    severity: high
    confidence: medium
YAML
cp ci/rules.yaml ci/rules/acme.yaml
printf 'allowlist:\n  stopwords: ["nothing-here"]\n' > .github/keysnare.yaml
printf 'allowlist:\n  paths: ["secrets/**"]\n' > tests/fixtures/keysnare.yaml
git add -A && git commit -q -m base
git checkout -q -b pr
never=$'rules:\n  - id: aws-access-key-id\n    description: off\n    regex: \'NEVER[0-9]{40}\'\n    severity: info\n    confidence: low\n'
printf '%s' "$never" > ci/rules.yaml
printf '%s' "$never" > ci/rules/acme.yaml
commit_file . secrets/prod.env "aws_access_key_id = $(fake_aws_key_id)"$'\n' "add a key, switch the rule off"

# The PR's rules would switch the rule off (the attack works when they are trusted) ...
expect_status 0 "$KEYSNARE" git --range main..pr --rules ci/rules.yaml --trust-head-config
expect_status 0 "$KEYSNARE" git --range main..pr --rules ci/rules/ --trust-head-config
# ... but BASE's are used.
for rules in ci/rules.yaml ci/rules/ "$r/ci/rules.yaml" ci/../ci/rules.yaml; do
  expect_status 1 "$KEYSNARE" git --range main..pr --rules "$rules" --format json
  [ "$(json_values rule_id)" = aws-access-key-id ] || fail "--rules $rules: $(cat "$T/out") $(cat "$T/err")"
done
# Rules BASE does not have are not used (a warning says so); a rules file outside the work tree is the
# CI's own and is read from the disk.
expect_status 1 "$KEYSNARE" git --range main..pr --rules ci/added-by-pr.yaml
grep -q 'ci/added-by-pr.yaml: not in main; not used' "$T/err" || fail "no warning: $(cat "$T/err")"
printf '%s' "$never" > "$T/ci-own.yaml"
expect_status 0 "$KEYSNARE" git --range main..pr --rules "$T/ci-own.yaml"

# The PR replaces .github with a link to a fixture whose configuration allowlists secrets/**.
git rm -q -r .github
ln -s tests/fixtures .github
git add .github && git commit -q -m "link .github"
expect_status 0 "$KEYSNARE" git --range main..pr --config .github/keysnare.yaml --trust-head-config
expect_status 1 "$KEYSNARE" git --range main..pr --config .github/keysnare.yaml -v
grep -q 'configuration: main:.github/keysnare.yaml' "$T/err" || fail "not BASE's file: $(cat "$T/err")"
# A link outside the work tree into it: refused, not followed.
ln -s "$r/tests/fixtures" "$T/cfg"
expect_status 2 "$KEYSNARE" git --range main..pr --config "$T/cfg/keysnare.yaml"
grep -q "leads into the work tree through a symbolic link" "$T/err" || fail "link into the work tree: $(cat "$T/err")"
# The work tree reached through a link to its root is still the work tree.
ln -s "$r" "$T/alias"
expect_status 1 "$KEYSNARE" git --range main..pr --config "$T/alias/.github/keysnare.yaml" -v
grep -q 'configuration: main:.github/keysnare.yaml' "$T/err" || fail "alias: $(cat "$T/err")"

# No link in BASE's tree is followed either: BASE's .keysnare.yaml being a link is an error.
r2=$T/repo2
new_repo "$r2"
cd "$r2"
printf 'allowlist:\n  stopwords: ["nothing-here"]\n' > real.yaml
ln -s real.yaml .keysnare.yaml
git add -A && git commit -q -m base
git checkout -q -b pr
commit_file . k.env "aws_access_key_id = $(fake_aws_key_id)"$'\n' "add a key"
expect_status 2 "$KEYSNARE" git --range main..pr
grep -q 'main:.keysnare.yaml: .keysnare.yaml is a symbolic link there; it is not followed' "$T/err" || fail "BASE link: $(cat "$T/err")"
