#!/usr/bin/env bash
# A sha256 repository (git init --object-format=sha256) cannot be read by this build's libgit2 (1.5,
# sha1 only): every command says so plainly in one line and exits 2, instead of "corrupt repository:
# unsupported extension name extensions.objectformat". A sha1 repository that declares its format
# explicitly is fine.
source "$(dirname "$0")/common.sh"
r=$T/repo
git init -q -b main --object-format=sha256 "$r" 2>/dev/null || skip "this git cannot create sha256 repositories"
commit_file "$r" a.txt "k = $(fake_aws_key_id)"$'\n' "base"
commit_file "$r" b.txt $'clean\n' "second"
cd "$r"
for cmd in "git $r" "git --range HEAD~1..HEAD" "staged" "hook install"; do
  # shellcheck disable=SC2086
  expect_status 2 "$KEYSNARE" $cmd
  grep -q "the sha256 object format is not supported by this build (libgit2 [0-9.]* reads sha1 repositories only)" "$T/err" ||
    fail "'$cmd': $(cat "$T/err")"
  [ "$(wc -l < "$T/err")" = 1 ] || fail "'$cmd': want one line: $(cat "$T/err")"
done

s=$T/sha1
new_repo "$s"
git -C "$s" config core.repositoryformatversion 1
git -C "$s" config extensions.objectformat sha1
commit_file "$s" a.txt "k = $(fake_aws_key_id)"$'\n' "base"
expect_status 1 "$KEYSNARE" git "$s"
