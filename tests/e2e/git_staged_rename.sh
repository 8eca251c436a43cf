#!/usr/bin/env bash
# A renamed file adds nothing by being renamed (its secret is already in HEAD); a secret added in the
# same change is reported at the new path.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" old/a.env "A=$(fake_aws_key_id)"$'\nB=1\nC=2\nD=3\n' "base"
cd "$r"
mkdir -p new
git mv old/a.env new/b.env
expect_status 0 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 0 ] || fail "rename reported: $(cat "$T/out")"
printf 'E=%s\n' "$(fake_stripe_key)" >> new/b.env
git add new/b.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 1 ] || fail "want the added secret only: $(cat "$T/out")"
[ "$(json_values file)" = new/b.env ] || fail "file: $(json_values file)"
grep -q '"line":5,' "$T/out" || fail "line: $(cat "$T/out")"
git commit -q -m "rename and add" --no-verify

# A copy of a file the same commit modifies is detected as a copy (as `git diff --cached -C` does):
# only the lines added to the copy count. Copies of unmodified files are new files, every line added
# (git itself only finds those with --find-copies-harder, which reads every file in HEAD: too slow
# for a pre-commit check), so the copied secrets are reported too, under the new path.
for i in $(seq 1 12); do printf 'G%s=value number %s of the settings\n' "$i" "$i" >> new/b.env; done
git add new/b.env
git commit -q -m "more settings" --no-verify
printf 'H=1\n' >> new/b.env
cp new/b.env new/c.env
printf 'F=%s\n' "$(fake_aws_key_id)" >> new/c.env
git add new/b.env new/c.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 1 ] || fail "copy: want the added secret only: $(cat "$T/out")"
[ "$(json_values file)" = new/c.env ] || fail "copy: file: $(json_values file)"
grep -q '"line":19,' "$T/out" || fail "copy: line: $(cat "$T/out")"
git commit -q -m "copy" --no-verify

cp new/b.env new/d.env
git add new/d.env
expect_status 1 "$KEYSNARE" staged --format json
[ "$(count_findings)" = 2 ] || fail "copy of an unmodified file: want both copied secrets: $(cat "$T/out")"
