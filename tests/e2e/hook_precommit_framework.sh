#!/usr/bin/env bash
# The pre-commit framework (https://pre-commit.com) runs keysnare from this project's
# .pre-commit-hooks.yaml: `pre-commit install`, then a commit adding a secret is refused and a clean one
# is accepted; the manual keysnare-history hook scans the whole history. Offline: the hook repository is
# a local git repository holding a copy of the manifest, as pre-commit would clone it at a rev.
# Needs the `pre-commit` command (Debian package pre-commit, installed by ./dev setup).
source "$(dirname "$0")/common.sh"
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIP: pre-commit not installed"
  exit 0
fi
export PRE_COMMIT_HOME=$T/pre-commit-home
# `language: system` hooks run whatever keysnare is on PATH: put the binary under test first.
mkdir -p "$T/bin"
ln -s "$(readlink -f "$KEYSNARE")" "$T/bin/keysnare"
export PATH=$T/bin:$PATH
unset KEYSNARE

# The hook repository, as a user's pre-commit would clone it.
new_repo "$T/keysnare-hooks"
cp "$KEYSNARE_SOURCE_DIR/.pre-commit-hooks.yaml" "$T/keysnare-hooks/"
git -C "$T/keysnare-hooks" add .pre-commit-hooks.yaml
git -C "$T/keysnare-hooks" commit -q -m "hooks"
rev=$(git -C "$T/keysnare-hooks" rev-parse HEAD)

p=$T/project
new_repo "$p"
cat > "$p/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $T/keysnare-hooks
    rev: $rev
    hooks:
      - id: keysnare
      - id: keysnare-history
EOF
printf 'hello\n' > "$p/README"
git -C "$p" add .pre-commit-config.yaml README
cd "$p"
expect_status 0 pre-commit install
grep -q 'pre-commit' .git/hooks/pre-commit || fail "pre-commit install wrote no hook"
expect_status 0 git commit -q -m "clean start"

key=$(fake_stripe_key)
printf 'STRIPE_KEY=%s\n' "$key" > billing.env
git add billing.env
head=$(git rev-parse HEAD)
expect_status 1 git commit -q -m "add a secret"
[ "$(git rev-parse HEAD)" = "$head" ] || fail "the commit adding a secret was made"
grep -q 'keysnare (secrets in staged changes).*Failed' "$T/out" "$T/err" || fail "keysnare hook did not fail: $(cat "$T/out" "$T/err")"
grep -q 'billing.env' "$T/out" "$T/err" || fail "findings not shown: $(cat "$T/out" "$T/err")"
if grep -qF "$key" "$T/out" "$T/err"; then fail "the secret was printed in clear"; fi

git rm -q --cached billing.env
rm billing.env
printf 'more\n' >> README
git add README
expect_status 0 git commit -q -m "clean change"
grep -q 'keysnare (secrets in staged changes).*Passed' "$T/out" "$T/err" || fail "keysnare hook did not run: $(cat "$T/out" "$T/err")"

# keysnare-history is for CI and audits (stage manual): never at commit time, and it sees history.
if grep -q 'keysnare (secrets in the git history)' "$T/out" "$T/err"; then
  fail "the manual history hook ran at commit time"
fi
expect_status 0 pre-commit run --hook-stage manual keysnare-history
printf 'STRIPE_KEY=%s\n' "$(fake_stripe_key)" > old.env
git add old.env
expect_status 0 git commit -q --no-verify -m "a secret committed on purpose"
git rm -q old.env
expect_status 0 git commit -q -m "remove it again"
expect_status 1 pre-commit run --hook-stage manual keysnare-history
grep -q 'old.env' "$T/out" "$T/err" || fail "history hook did not report the old secret: $(cat "$T/out" "$T/err")"
