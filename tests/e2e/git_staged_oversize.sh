#!/usr/bin/env bash
# A staged file over --max-file-size cannot be scanned, yet git shows it as text: the commit is refused
# (exit 2) with an error naming it, unless --allow-skipped lets it through with a warning. A real
# binary (a NUL byte in git's first 8000 bytes) is skipped as before, counted, exit 0.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "initial"
cd "$r"
{ printf 'k = %s\n' "$(fake_aws_key_id)"; head -c 4000 /dev/zero | tr '\0' 'x'; printf '\n'; } > big.txt
git add big.txt
expect_status 2 "$KEYSNARE" staged --max-file-size 1K
grep -q 'error: big.txt: added file not scanned: larger than --max-file-size (3.9 KiB)' "$T/err" ||
  fail "no error naming the file: $(cat "$T/err")"
grep -q -- '--allow-skipped' "$T/err" || fail "no hint: $(cat "$T/err")"
expect_status 0 "$KEYSNARE" staged --max-file-size 1K --allow-skipped
grep -q 'warning: big.txt: added file not scanned: larger than --max-file-size' "$T/err" || fail "no warning: $(cat "$T/err")"
grep -q '1 skipped' "$T/err" || fail "not counted: $(cat "$T/err")"
expect_status 1 "$KEYSNARE" staged

# A binary that git calls binary too is an ordinary skip.
git reset -q big.txt
{ printf 'PNG\0\0\0'; head -c 3000 /dev/urandom; } > image.png
git add image.png
expect_status 0 "$KEYSNARE" staged
grep -q '1 skipped' "$T/err" || fail "binary not counted: $(cat "$T/err")"
grep -q 'error\|warning' "$T/err" && fail "a real binary is not an error: $(cat "$T/err")"
true
