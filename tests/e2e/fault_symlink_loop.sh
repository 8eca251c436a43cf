#!/usr/bin/env bash
# Symbolic link loops never hang a scan: links below a root are not followed (each real file is scanned
# once, at its own path); a root that is itself a loop is one error naming it.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree/sub/deep"
printf 'k = %s\n' "$(fake_aws_key_id)" > "$T/tree/sub/deep/real.txt"
ln -s . "$T/tree/self"
ln -s .. "$T/tree/sub/up"
ln -s "$T/tree" "$T/tree/sub/deep/root"
ln -s loop-b "$T/tree/loop-a"
ln -s loop-a "$T/tree/loop-b"
ln -s "$T/tree/sub" "$T/tree-link"

expect_status 1 timeout 20 "$KEYSNARE" dir "$T/tree" --format json
[ "$(count_findings)" = 1 ] || fail "want the real file once: $(cat "$T/out")"
[ "$(json_values file)" = sub/deep/real.txt ] || fail "file: $(json_values file)"
[ -z "$(error_lines)" ] || fail "links below a root are skipped, not errors: $(cat "$T/err")"

# A root given as a link is followed; the loops inside it still are not.
expect_status 1 timeout 20 "$KEYSNARE" dir "$T/tree-link" --format json
[ "$(json_values file)" = deep/real.txt ] || fail "through a root link: $(cat "$T/out")"

# A root that is a loop: one error naming it, exit 2, the other root still scanned.
expect_status 2 timeout 20 "$KEYSNARE" dir "$T/tree/loop-a" "$T/tree/sub" --format json
[ "$(error_lines)" = "keysnare: error: $T/tree/loop-a: Too many levels of symbolic links" ] ||
  fail "loop root: $(cat "$T/err")"
[ "$(count_findings)" = 1 ] || fail "other root not scanned: $(cat "$T/out")"
