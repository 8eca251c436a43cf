#!/usr/bin/env bash
# `keysnare hook install` puts a pre-commit hook where git runs it (core.hooksPath relative or absolute,
# the common git dir of a linked worktree) that refuses a commit adding a secret, lets clean commits and
# `--no-verify` through, and fails closed when keysnare cannot run. It never replaces someone else's
# hook without --force, and `hook uninstall` removes only its own.
source "$(dirname "$0")/common.sh"
ks=$(readlink -f "$KEYSNARE")
git=$(command -v git)
marker='# installed by keysnare hook install'
# Commits run as a user would: the hook must use the binary it was installed from, not $KEYSNARE.
# $commit_path, when set, is the PATH the commit (and so the hook) sees.
commit() { env -u KEYSNARE PATH="${commit_path:-$PATH}" "$git" "$@"; }

# new_project DIR: a repository with one clean commit.
new_project() {
  new_repo "$1"
  printf 'hello\n' > "$1/README"
  "$git" -C "$1" add README
  "$git" -C "$1" commit -q -m init
}
# expect_refused DIR MESSAGE: a commit in DIR of what is staged is refused; HEAD does not move.
expect_refused() {
  local head
  head=$("$git" -C "$1" rev-parse HEAD)
  expect_status 1 commit -C "$1" commit -q -m "$2"
  [ "$("$git" -C "$1" rev-parse HEAD)" = "$head" ] || fail "$2: the commit was made"
  grep -q -- 'git commit --no-verify' "$T/err" || fail "$2: no bypass advice: $(cat "$T/err")"
}
stage_secret() {  # stage_secret DIR FILE: stages FILE holding a fresh fake AWS key id
  key=$(fake_aws_key_id)
  printf 'aws_access_key_id = "%s"\n' "$key" > "$1/$2"
  "$git" -C "$1" add "$2"
}

# --- install, then a secret is refused (with the findings, redacted), clean and --no-verify pass.
new_project "$T/r1"
expect_status 0 "$KEYSNARE" hook install --repo "$T/r1"
hook=$T/r1/.git/hooks/pre-commit
[ -x "$hook" ] || fail "hook not executable"
[ "$(stat -c %a "$hook")" = 755 ] || fail "hook mode is $(stat -c %a "$hook"), want 755"
grep -qxF "$marker" "$hook" || fail "hook lacks the marker line"
grep -qxF "KEYSNARE_INSTALLED='$ks'" "$hook" || fail "hook does not name the installing binary: $(grep KEYSNARE_INSTALLED= "$hook")"
# hooks/pre-commit, the copy for installing by hand, is the same script after its header.
diff <(sed '1,/^KEYSNARE_INSTALLED=/d' "$hook") <(sed '1,/^KEYSNARE_INSTALLED=/d' "$KEYSNARE_SOURCE_DIR/hooks/pre-commit") \
  || fail "hooks/pre-commit and the installed hook differ"

stage_secret "$T/r1" config.py
expect_refused "$T/r1" "add a secret"
grep -q 'config.py' "$T/out" "$T/err" || fail "findings not shown: $(cat "$T/out" "$T/err")"
if grep -qF "$key" "$T/out" "$T/err"; then fail "the hook printed the secret in clear"; fi
expect_status 0 commit -C "$T/r1" commit -q --no-verify -m "on purpose"

printf 'more\n' >> "$T/r1/README"
"$git" -C "$T/r1" add README
expect_status 0 commit -C "$T/r1" commit -q -m "clean change"

# `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the hook must scan that one.
printf 'token = "%s"\n' "$(fake_aws_key_id)" >> "$T/r1/README"
head=$("$git" -C "$T/r1" rev-parse HEAD)
expect_status 1 commit -C "$T/r1" commit -q -a -m "commit -a with a secret"
[ "$("$git" -C "$T/r1" rev-parse HEAD)" = "$head" ] || fail "commit -a let a secret through"
"$git" -C "$T/r1" checkout -q README

# Re-installing over its own hook needs no --force.
expect_status 0 "$KEYSNARE" hook install --repo "$T/r1"

# --- core.hooksPath relative to the work tree (install run from a subdirectory, without --repo).
new_project "$T/r2"
"$git" -C "$T/r2" config core.hooksPath .githooks
mkdir "$T/r2/sub"
(cd "$T/r2/sub" && expect_status 0 "$KEYSNARE" hook install)
[ -f "$T/r2/.githooks/pre-commit" ] || fail "relative core.hooksPath ignored: $(cat "$T/out")"
[ ! -e "$T/r2/.git/hooks/pre-commit" ] || fail "hook written to .git/hooks despite core.hooksPath"
[ ! -e "$T/r2/sub/.githooks" ] || fail "relative core.hooksPath taken from the current directory"
stage_secret "$T/r2" sub/settings.ini
expect_refused "$T/r2" "secret under a relative hooksPath"

# --- core.hooksPath absolute, to a folder that does not exist yet.
new_project "$T/r3"
"$git" -C "$T/r3" config core.hooksPath "$T/shared hooks"
expect_status 0 "$KEYSNARE" hook install --repo "$T/r3"
[ -x "$T/shared hooks/pre-commit" ] || fail "absolute core.hooksPath ignored: $(cat "$T/out")"
stage_secret "$T/r3" app.env
expect_refused "$T/r3" "secret under an absolute hooksPath"

# --- a linked worktree: hooks live in the common git dir.
new_project "$T/r4"
"$git" -C "$T/r4" worktree add -q "$T/r4-wt"
(cd "$T/r4-wt" && expect_status 0 "$KEYSNARE" hook install)
[ -f "$T/r4/.git/hooks/pre-commit" ] || fail "worktree install did not use the common hooks dir: $(cat "$T/out")"
stage_secret "$T/r4-wt" wt.py
expect_refused "$T/r4-wt" "secret in a linked worktree"

# --- someone else's hook: kept without --force, replaced with it; uninstall removes only ours.
new_project "$T/r5"
foreign=$'#!/bin/sh\necho my own hook\n'
printf '%s' "$foreign" > "$T/r5/.git/hooks/pre-commit"
chmod 755 "$T/r5/.git/hooks/pre-commit"
expect_status 2 "$KEYSNARE" hook install --repo "$T/r5"
grep -q 'already exists.*--force' "$T/err" || fail "refusal does not say why: $(cat "$T/err")"
[ "$(wc -l < "$T/err")" = 1 ] || fail "refusal is not one line: $(cat "$T/err")"
[ "$(cat "$T/r5/.git/hooks/pre-commit")" = "${foreign%$'\n'}" ] || fail "foreign hook changed without --force"
expect_status 2 "$KEYSNARE" hook uninstall --repo "$T/r5"
[ -f "$T/r5/.git/hooks/pre-commit" ] || fail "uninstall removed a foreign hook"
expect_status 0 "$KEYSNARE" hook install --repo "$T/r5" --force
grep -qxF "$marker" "$T/r5/.git/hooks/pre-commit" || fail "--force did not replace the hook"
expect_status 0 "$KEYSNARE" hook uninstall --repo "$T/r5"
[ ! -e "$T/r5/.git/hooks/pre-commit" ] || fail "uninstall left our hook"
expect_status 0 "$KEYSNARE" hook uninstall --repo "$T/r5"  # nothing left: nothing to do
expect_status 2 "$KEYSNARE" hook install --repo "$T/not-a-repo"

# --- fail closed: the installing binary is gone and no keysnare is on PATH.
new_project "$T/r6"
mkdir -p "$T/copy" "$T/empty-path"
cp "$ks" "$T/copy/keysnare"
expect_status 0 "$T/copy/keysnare" hook install --repo "$T/r6"
grep -qxF "KEYSNARE_INSTALLED='$T/copy/keysnare'" "$T/r6/.git/hooks/pre-commit" || fail "hook does not name the copy"
rm "$T/copy/keysnare"
printf 'clean\n' > "$T/r6/notes.txt"
"$git" -C "$T/r6" add notes.txt
commit_path=$T/empty-path expect_refused "$T/r6" "keysnare missing"
grep -q 'keysnare was not found' "$T/err" || fail "missing keysnare not explained: $(cat "$T/err")"
# ... and when keysnare runs but fails (exit status 2), also closed.
printf '#!/bin/sh\nexit 2\n' > "$T/copy/broken"
chmod 755 "$T/copy/broken"
KEYSNARE=$T/copy/broken expect_status 1 "$git" -C "$T/r6" commit -q -m "keysnare broken"
grep -q 'failed (exit status 2)' "$T/err" || fail "keysnare error not explained: $(cat "$T/err")"
grep -q -- '--no-verify' "$T/err" || fail "no bypass advice on error"
# keysnare on PATH is the fallback when the installing binary is gone.
ln -s "$ks" "$T/empty-path/keysnare"
commit_path=$T/empty-path expect_status 0 commit -C "$T/r6" commit -q -m "keysnare found on PATH"
