#!/usr/bin/env bash
# UTF-16 files (Windows editors, PowerShell, .reg exports) are transcoded and scanned, not skipped as
# binary: with a little- or big-endian BOM, and little-endian without one. The secret is reported at
# the file's own line and column; a binary file that only looks similar stays binary.
source "$(dirname "$0")/common.sh"
mkdir -p "$T/tree"
key=$(fake_aws_key_id)
python3 - "$T/tree" "$key" <<'PY'
import os, sys
d, key = sys.argv[1], sys.argv[2]
text = "# \u00e9t\u00e9 config\r\n\r\n  aws_key = " + key + "  # \U0001F511\r\nend\r\n"
with open(os.path.join(d, "le-bom.ps1"), "wb") as f: f.write(b"\xff\xfe" + text.encode("utf-16-le"))
with open(os.path.join(d, "be-bom.txt"), "wb") as f: f.write(b"\xfe\xff" + text.encode("utf-16-be"))
ascii_text = "line one\nline two\nkey: " + key + "\n"
with open(os.path.join(d, "le-nobom.reg"), "wb") as f: f.write(ascii_text.encode("utf-16-le"))
# A lone surrogate before the secret becomes U+FFFD (one column), never a crash.
with open(os.path.join(d, "bad-surrogate.txt"), "wb") as f:
    f.write(b"\xff\xfe" + b"\x00\xd8" + (" k = " + key + "\n").encode("utf-16-le"))
with open(os.path.join(d, "image.bin"), "wb") as f: f.write(b"\x89PNG\r\n\x1a\n" + bytes(64) + b"k = " + key.encode())
PY

expect_status 1 "$KEYSNARE" dir "$T/tree" --format json -v
[ "$(count_findings)" = 4 ] || fail "want 4 findings: $(cat "$T/out")"
python3 - "$T/out" "$key" <<'PY' || fail "locations: $(cat "$T/out")"
import json, sys
want = {"le-bom.ps1": (3, 13), "be-bom.txt": (3, 13), "le-nobom.reg": (3, 6), "bad-surrogate.txt": (1, 7)}
doc = json.load(open(sys.argv[1]))
got = {f["file"]: (f["line"], f["column"]) for f in doc}
assert got == want, got
texts = {f["file"]: f["line_text"] for f in doc}
assert texts["le-bom.ps1"] == "  aws_key = " + sys.argv[2][:4] + "\u2026  # \U0001F511", texts
assert texts["bad-surrogate.txt"].startswith("\uFFFD k = "), texts
PY
grep -q 'skipped image.bin: binary' "$T/err" || fail "image.bin not binary: $(cat "$T/err")"
