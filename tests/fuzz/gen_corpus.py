#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/<target>/ (committed; rerun after changing a target's
input format). Seeds are small and hold no token-shaped string: the repository scans itself. The
detect target reaches real tokens through its "\\x01 HI LO" expansion of rule examples at run time
(see detect_fuzz.cc), so its seeds only hold contexts and example numbers.

    python3 tests/fuzz/gen_corpus.py          # rewrites every corpus directory
"""
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SEP = b"\xff\xff"  # fuzz_input.h Pieces separator
rng = random.Random(20240501)


def write(target, seeds):
    d = os.path.join(HERE, "corpus", target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for i, s in enumerate(seeds):
        with open(os.path.join(d, f"seed-{i:03d}"), "wb") as f:
            f.write(s if isinstance(s, bytes) else s.encode())


def utf16(text, be=False, bom=True):
    b = text.encode("utf-16-be" if be else "utf-16-le")
    return ((b"\xfe\xff" if be else b"\xff\xfe") if bom else b"") + b


# ---- rules: rule files, valid and broken ----
RULE = """rules:
  - id: demo-{n}
    description: 'Demo rule {n}'
    regex: '{regex}'
    severity: {sev}
    confidence: {conf}
    tags: [demo, t{n}]
"""
regexes = [r"\b(demo_[A-Za-z0-9]{{20}})\b", r"(?i)key\s*[:=]\s*([a-z0-9]{{16,40}})", r"(-----BEGIN DEMO-----[\s\S]+?-----END DEMO-----)",
           r"x(a|b)*y", r"(?:^|[^A-Za-z0-9])(q[0-9a-f]{{32}})(?:[^A-Za-z0-9]|$)", r"(", r"a{{1000}}{{1000}}", r"\p{{Greek}}+",
           r"(?P<name>z+)", r"(a)(b)(c)"]
rules = []
for n, rx in enumerate(regexes):
    rules.append(RULE.format(n=n, regex=rx.replace("{{", "{").replace("}}", "}"), sev=["critical", "high", "medium", "low", "info", "bogus"][n % 6],
                             conf=["high", "medium", "low"][n % 3]))
rules += [
    "rules:\n  - id: ex\n    regex: 'ab(c+)'\n    secret_group: 1\n    entropy: 2.5\n    validators: [github-crc32, jwt]\n"
    "    allowlist:\n      paths: ['**/test/**']\n      secrets: ['^c+$']\n      stopwords: [dummy]\n"
    "    examples:\n      - text: 'x abccc'\n        secret: 'ccc'\n        path: 'a.txt'\n    negative_examples:\n      - 'abd'\n",
    "rules:\n  - &r {id: a, regex: 'a+b'}\n  - *r\n  - *r\n",
    "rules:\n  - id: a\n    regex: 'x'\n    unknown: 1\n",
    "rules: {}\n", "rules: [1, 2, 3]\n", "- a\n- b\n", "", "rules:\n", "rules: [", "rules:\n  - id: [x]\n    regex: y\n",
    "rules:\n  - id: a\n    regex: b\n    secret_group: notanint\n", "rules:\n  - id: a\n    regex: b\n    entropy: 99\n",
    "rules:\n  - id: dup\n    regex: a\n  - id: dup\n    regex: b\n", "rules:\n  - id: 'sp ace'\n    regex: a\n",
    "rules:\n  - id: a\n    regex: b\n    examples: notalist\n", "rules:\n  - id: a\n    regex: b\n    examples: [{text: t}]\n",
    "rules:\n  - id: a\n    regex: b\n    negative_examples: [{text: t, secret: s}]\n",
    "%YAML 1.2\n---\nrules: []\n...\n", "rules: !!map {}\n", "rules:\n  - ? complex\n    : key\n",
    "rules:\n  - id: \"\\u00e9t\\xe9\"\n    regex: \"\\x00\"\n", "\ufeffrules: []\n", "rules:\n" + "  - [" * 40 + "]" * 40 + "\n",
    "rules:\n  - id: a\n    regex: |\n      multi\n      line\n", "rules:\n  - id: a\n    regex: b\n    tags: t\n    validators: nope\n",
]
write("rules", rules)

# ---- config: .keysnare.yaml documents ----
configs = [
    "allowlist:\n  paths: ['rules/**', docs/RULES.md, '*.min.js', 'vendor/']\n",
    "allowlist:\n  secrets: ['^AKIA', '(?i)example', '[']\n  stopwords: [test, dummy]\n",
    "allowlist:\n  fingerprints: ['0123456789abcdef0123456789abcdef']\n",
    "disable: [generic-password]\n", "disable: [no-such-rule]\n", "disable: generic-api-key\n",
    "rules:\n  - id: mine\n    regex: 'mine_([a-z0-9]{20})'\n    severity: high\n",
    "rules:\n  - id: aws-access-key-id\n    regex: 'AKIA[A-Z0-9]{16}'\n",
    "allowlist: []\n", "allowlist: x\n", "unknown: 1\n", "allowlist:\n  paths: {a: b}\n", "", "---\n", "[1, 2]\n",
    "allowlist:\n  paths: &p ['a/**', 'b/**']\n  stopwords: *p\n", "allowlist:\n  paths: ['" + "*" * 50 + "a']\n",
    "allowlist:\n  paths: ['**/**/**/**/**/x']\n", "allowlist:\n  paths: ['[a-', '\\\\', '[!]]', '?']\n",
    "disable: []\nallowlist: {}\nrules: []\n", "allowlist:\n  secrets: ['(a+)+$']\n", "allowlist:\n  secrets: ['\\\\C']\n",
    "rules:\n  - id: x\n    regex: 'a(?=b)'\n", "rules:\n  - id: x\n    regex: '(a)\\\\1'\n", "allowlist: !!binary aGVsbG8=\n",
    "a: &a [*a]\n", "allowlist:\n  paths:\n" + "".join(f"    - 'p{i}/**'\n" for i in range(30)),
]
write("config", configs)

# ---- detect: contexts with rule-example expansions (\x01 HI LO) and plain hostile text ----
def ex(k):
    return b"\x01" + bytes([k >> 8, k & 0xFF])


detect = []
for s in range(36):  # 36 seeds x 15 examples reach every rule example (~530)
    body = b"\x01"
    for j in range(15):
        k = s * 15 + j
        ctx = [b"%s\n", b"  value: %s\r\n", b'{"k": "%s"}\n', b"x = '%s'  # note\n", b"\xc3\xa9\xe2\x82\xac %s\n"][k % 5]
        body += ctx % ex(k)
    detect.append(body)
detect += [
    b"\x01" + ex(3) + b" " + ex(40) + b" " + ex(77) + b"\n",  # several secrets on one line
    b"\x01" + b"a" * 400 + ex(5) + b"b" * 400 + b"\n",  # a long line: line_text window
    b"\x01" + ex(9) + b" keysnare:allow\n" + ex(9) + b"\n",
    b"\x01" + ex(12) + b"\n" + ex(12) + b"\n" + ex(12),  # the same secret three times
    b"\x01\xef\xbb\xbf" + ex(20) + b"\n",  # UTF-8 BOM
    b"\x01" + b"\xff\xfe\x00\xd8" + ex(30),  # junk bytes before a secret
    b"-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n",
    b"password = \"hunter2hunter2\"\napi_key: 0123456789abcdef0123456789abcdef\n",
    utf16("config:\n  token = not-a-secret\n"), utf16("line one\nline two\n", be=True), utf16("bom-less text here\n", bom=False),
    b"\x00" * 64, b"\n" * 200, b"\r\n" * 50, bytes(range(256)), b"",
]
write("detect", detect)

# ---- diff: OLD FF FF NEW FF FF OLD2 ----
diffs = [
    (b"a\nb\nc\n", b"a\nB\nc\nd\n", b"a\nb\n"), (b"", b"x\ny\n", b"x\n"), (b"x\ny\n", b"", b""),
    (b"same\n", b"same\n", b"other\n"), (b"no newline", b"no newline\n", b"no newline"), (b"a\r\nb\r\n", b"a\nb\n", b""),
    (b"\x00bin\x00\n", b"\x00bin\x00\nmore\n", b"more\n"), (b"1\n2\n3\n4\n5\n", b"5\n4\n3\n2\n1\n", b"1\n3\n5\n"),
    (b"a\n" * 20, b"a\n" * 10 + b"b\n" + b"a\n" * 10, b"b\n"), (b"\n\n\n", b"\n\n\n\n", b"\n"),
    (b"x", b"y", b"x"), (b"long " * 100 + b"\n", b"long " * 101 + b"\n", b""),
    (b"p\nq\nr\n", b"p\nx\nq\ny\nr\nz\n", b"p\nq\nr\nz\n"), (b"\xff\xfe\n", b"\xfe\xff\n", b"\xff\n"),
]
write("diff", [SEP.join(d) for d in diffs])

# ---- report: FLAGS then 14 pieces per finding (11 without git) ----
def finding(i, git, secret, line, embed):
    p = [b"rule-%d" % i, b"Rule number %d" % i, [b"critical", b"high", b"medium", b"low", b"info"][i % 5],
         [b"high", b"medium", b"low"][i % 3], b"dir %d/f,i\"le\n.txt" % i, secret]
    p += [b"before ", b" after"] if embed else [line]
    p += [b"note %d" % i, b"tag%d" % i, b"" if i % 2 else b"other/path.txt"]
    if git:
        p += [b"%040x" % (i * 7919), b"Au, \"thor\"", b"a@example.test", b"summary =cmd|' /C calc'!A0"]
    return p


reports = []
secrets = [b"Q7fM2xLk9pWz4RtY8vNc", b"\xff\xfe\x80 bytes\x00\x1b[31m", b"line1\nline2\r\nline3", b"=HYPERLINK(\"x\")",
           b"\xe2\x80\xae\xe2\x80\x8f bidi", b"short", b"\"quote\\back\"", "\u00e9\u00e8\u20ac\U0001F600".encode(), b"", b"a" * 300]
for n, s in enumerate(secrets):
    for git in (False, True):
        flags = bytes([(1 if git else 0) | (2 if n % 2 else 0) | (4 if n % 3 else 0) | (8 if n % 4 == 0 else 0) | ((n % 3) << 4),
                       n, n * 3, 200, 7, 8, 9, 0x60, 0x00, 0x10, 0x20, 0x50])
        pieces = [flags]
        for i in range(1 + (n % 3)):
            pieces += finding(i, git, s, b"\t x=" + s + b" y=" + s + b" " + b"z" * (n * 20), bool(n % 3))
        reports.append(SEP.join(pieces))
write("report", reports)

# ---- text: byte strings for the escapers and the UTF-16 transcoder ----
texts = [utf16("hello\nworld\n"), utf16("hello\nworld\n", be=True), utf16("\U0001F600 emoji\n"), b"\xff\xfe\x00\xd8\x41\x00",
         b"\xfe\xff\xdc\x00", b"\xff\xfe\x41", utf16("ascii only, no bom, long enough\n", bom=False),
         utf16("ascii only, no bom, long enough\n", be=True, bom=False), b"\x00" * 32, b"plain ascii\n", b"\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80",
         b"\x1b[2J\x07\x7f\x9b", "\u202e\u2066 bidi \u0085".encode(), b"\"\\/\b\f\n\r\t", bytes(range(256)), b"\xef\xbb\xbfbom", b""]
write("text", texts)

# ---- secret: SECRET FF FF BEFORE FF FF AFTER ----
sec = [b"abcdefghijklmnop", b"YWJjZGVmZ2hpams=", b"e30.e30.sig", b"-----BEGIN X-----\nAAAA\n-----END X-----", b"\xe2\x80\xa6\xe2\x80\xa6\xe2\x80\xa6\xe2\x80\xa6",
       b"abababababababab", b"\xff" * 20, b"xxxxxxxxxxxxxxxx", b"${SECRET_VALUE}", b"your_api_key_here", b"\xc3", b"12345678"]
secret_seeds = []
for i, s in enumerate(sec):
    secret_seeds.append(SEP.join([s, b"key = " if i % 2 else s[:5], b" # end" if i % 3 else s[-5:]]))
write("secret", secret_seeds)

# ---- glob: GLOB FF FF PATH ----
globs = [(b"*.min.js", b"web/app.min.js"), (b"vendor/", b"vendor/a/b.go"), (b"**/test/**", b"a/test/b"), (b"[a-c]?x", b"bzx"),
         (b"[!a]*", b"b/c"), (b"\\*lit", b"*lit"), (b"**", b""), (b"*" * 20 + b"b", b"a" * 40), (b"**a" * 10 + b"b", b"a" * 40),
         (b"a/**/b/**/c", b"a/x/b/y/z/c"), (b"[", b"["), (b"[]-]", b"-"), (b"?", b"/"), (b"", b"x")]
write("glob", [SEP.join(g) for g in globs])
