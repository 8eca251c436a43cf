#!/usr/bin/env bash
# A commit git fsck would reject for a parent line that is not an object id is an error in a history
# audit. libgit2 refuses such a commit at a branch tip, but below the tip keysnare reads commits
# itself, and it used to skip the bad line silently (exit 1 on the other findings, no error).
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" a.txt "k = $(fake_aws_key_id)"$'\n' "base"
tree=$(git -C "$r" rev-parse HEAD^{tree})
sig="A U Thor <a@example.test> 1700000000 +0000"
bad=$(printf 'tree %s\nparent not-an-object-id\nauthor %s\ncommitter %s\n\nbad parent\n' "$tree" "$sig" "$sig" |
  git -C "$r" hash-object -t commit -w --literally --stdin)
child=$(printf 'tree %s\nparent %s\nauthor %s\ncommitter %s\n\nchild\n' "$tree" "$bad" "$sig" "$sig" |
  git -C "$r" hash-object -t commit -w --literally --stdin)
echo "$child" > "$r/.git/refs/heads/side"  # git refuses to point a ref at it
expect_status 2 "$KEYSNARE" git "$r" --format json
grep -q "commit $bad: malformed parent line; history below it is not scanned" "$T/err" || fail "bad parent: $(cat "$T/err")"
[ "$(json_values file)" = a.txt ] || fail "the rest is scanned: $(cat "$T/out")"
