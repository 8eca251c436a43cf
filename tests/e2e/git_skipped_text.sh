#!/usr/bin/env bash
# A text file keysnare cannot scan while git shows it as text must not pass quietly. keysnare calls a
# file binary for a NUL byte in its first 8 KiB, git for one in its first 8000 bytes: a NUL at byte
# 8100 hid a secret from keysnare (exit 0) and from nobody reading the diff; so did padding past
# --max-file-size. In --range and staged such an added file is an error naming it (exit 2) unless
# --allow-skipped; the history audit names such files next to its summary. A file git calls binary too
# is an ordinary skip, counted only.
source "$(dirname "$0")/common.sh"
late_nul() {  # late_nul FILE: a secret on line 1, lines of text, a NUL byte at offset 8100, more text
  { printf 'aws_access_key_id = %s\n' "$(fake_aws_key_id)"
    for ((i = 0; i < 200; i++)); do printf 'line %03d of plain text, nothing to see here\n' "$i"; done; } > "$1"
  printf '\0' | dd of="$1" bs=1 seek=8100 conv=notrunc status=none
}
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "base"
cd "$r"
git checkout -q -b pr
late_nul notes.txt
[ "$(head -c 8000 notes.txt | tr -d '\0' | wc -c)" = 8000 ] && [ "$(head -c 8192 notes.txt | tr -d '\0' | wc -c)" = 8191 ] ||
  fail "setup: the NUL must be between bytes 8000 and 8192"
printf 'PNG\0\0\0binary' > image.png
git add notes.txt image.png

# staged
expect_status 2 "$KEYSNARE" staged
grep -q 'error: notes.txt: added file not scanned: a NUL byte after byte 8000 makes it look binary to keysnare, while git shows it as text' "$T/err" ||
  fail "staged: $(cat "$T/err")"
grep -q 'image.png' "$T/err" && fail "a real binary is not an error: $(cat "$T/err")"
expect_status 0 "$KEYSNARE" staged --allow-skipped
grep -q 'warning: notes.txt: added file not scanned' "$T/err" || fail "staged --allow-skipped: $(cat "$T/err")"
grep -q '2 skipped' "$T/err" || fail "staged counts: $(cat "$T/err")"

# range
git commit -q -m "notes and an image"
expect_status 2 "$KEYSNARE" git --range main..pr
grep -q "error: notes.txt (commit $(git rev-parse --short=7 HEAD)): added file not scanned: a NUL byte after byte 8000" "$T/err" ||
  fail "range: $(cat "$T/err")"
[ "$(error_lines | wc -l)" = 1 ] || fail "range: one error: $(cat "$T/err")"
expect_status 0 "$KEYSNARE" git --range main..pr --allow-skipped
# Padding past --max-file-size.
{ printf 'aws_access_key_id = %s\n' "$(fake_aws_key_id)"; head -c 3000 /dev/zero | tr '\0' 'y'; printf '\n'; } > padded.env
git add padded.env && git commit -q -m padded
expect_status 0 "$KEYSNARE" git --range main..pr --max-file-size 2K --allow-skipped --exclude notes.txt
expect_status 1 "$KEYSNARE" git --range main..pr --allow-skipped  # scanned under the default limit
expect_status 2 "$KEYSNARE" git --range main..pr --max-file-size 2K --exclude notes.txt
grep -q 'error: padded.env (commit .*): added file not scanned: larger than --max-file-size (3.0 KiB)' "$T/err" || fail "padded: $(cat "$T/err")"

# history: named next to the summary, not an error; the binary is not named.
expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(json_values file)" = padded.env ] || fail "history: $(cat "$T/out")"
grep -q 'warning: 1 file that git shows as text was not scanned: notes.txt (a NUL byte after byte 8000 made it look binary)' "$T/err" ||
  fail "history: $(cat "$T/err")"
expect_status 0 "$KEYSNARE" git "$r" --max-file-size 2K
grep -q 'warning: 2 files that git shows as text were not scanned: notes.txt (larger than --max-file-size (8.6 KiB)); padded.env (larger than --max-file-size (3.0 KiB))' "$T/err" ||
  fail "history, small limit: $(cat "$T/err")"
grep -q 'image.png' "$T/err" && fail "history names a real binary: $(cat "$T/err")"
true
