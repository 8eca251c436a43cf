#!/usr/bin/env bash
# A hostile repository whose tree nests 100,000 directories (~30,000 used to overflow the stack with
# SIGSEGV in the history planner, the range diff and the staged check) is scanned like any other:
# the secret at the bottom is found by the history audit (also --all-occurrences) and by
# --range, and `staged` against such a HEAD neither crashes nor crawls (libgit2's tree iterator is
# quadratic in depth; keysnare never walks a tree through it).
source "$(dirname "$0")/common.sh"
depth=100000
r=$T/repo
new_repo "$r"
commit_file "$r" README.md $'hello\n' "base"
key=$(fake_aws_key_id)
# git fast-import itself crashes at this depth: the objects are written into a pack directly.
deep_pack() {  # deep_pack DEPTH TEXT PARENT: pack on stdout, commit id on stderr
  python3 - "$@" <<'PY'
import hashlib, struct, sys, zlib
depth, text, parent = int(sys.argv[1]), sys.argv[2].encode() + b"\n", sys.argv[3].encode()
objs = []
def obj(kind, body):
    objs.append((kind, body))
    return hashlib.sha1(b"%s %d\0" % (kind.encode(), len(body)) + body).digest()
tree = obj("tree", b"100644 f.txt\0" + obj("blob", text))
for _ in range(depth):
    tree = obj("tree", b"40000 d\0" + tree)
sig = b"Deep Author <deep@example.test> 1700000000 +0000"
commit = obj("commit", b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\ndeep\n" % (tree.hex().encode(), parent, sig, sig))
out = bytearray(b"PACK" + struct.pack(">II", 2, len(objs)))
for kind, body in objs:
    n = len(body)
    byte, n = ({"commit": 1, "tree": 2, "blob": 3}[kind] << 4) | (n & 15), n >> 4
    while n:
        out.append(byte | 0x80)
        byte, n = n & 0x7F, n >> 7
    out.append(byte)
    out += zlib.compress(body, 1)
out += hashlib.sha1(out).digest()
sys.stdout.buffer.write(out)
sys.stderr.write(commit.hex())
PY
}
deep_pack "$depth" "aws_access_key_id = $key" "$(git -C "$r" rev-parse HEAD)" 2>"$T/commit" | git -C "$r" index-pack --stdin >/dev/null
git -C "$r" update-ref refs/heads/pr "$(cat "$T/commit")"

expect_status 1 "$KEYSNARE" git "$r" --format json
[ "$(json_values rule_id)" = aws-access-key-id ] || fail "history: $(head -c 400 "$T/out")"
file=$(json_values file)
[ "${#file}" = $((depth * 2 + 5)) ] && [ "${file: -7}" = "d/f.txt" ] || fail "history path: ${file:0:40}... (${#file} chars)"
[ "$(json_values commit)" = "$(cat "$T/commit")" ] || fail "history commit"
expect_status 1 "$KEYSNARE" git "$r" --all-occurrences --format json
[ "$(json_values rule_id)" = aws-access-key-id ] || fail "--all-occurrences: $(head -c 400 "$T/err")"

cd "$r"
expect_status 1 "$KEYSNARE" git --range main..pr --format json
[ "$(json_values commit)" = "$(cat "$T/commit")" ] || fail "range: $(head -c 400 "$T/out") $(cat "$T/err")"

# staged: HEAD is the deep commit; the index holds another file only, so the whole deep tree is deleted.
git symbolic-ref HEAD refs/heads/pr
rm -f .git/index
git update-index --add --cacheinfo "100644,$(printf 'clean\n' | git hash-object -w --stdin),other.txt"
start=$(date +%s)
expect_status 0 "$KEYSNARE" staged
[ $(( $(date +%s) - start )) -lt 30 ] || fail "staged took $(( $(date +%s) - start )) s"
grep -q '1 files' "$T/err" || fail "staged: $(cat "$T/err")"
