#!/usr/bin/env python3
"""keysnare accuracy benchmark: a labelled corpus generator and harness that prints precision and recall
per rule and overall.

    python3 benchmarks/accuracy.py --keysnare build/keysnare
    python3 benchmarks/accuracy.py --keysnare build/keysnare --seed 7 --per-rule 5 --keep /tmp/acc-corpus
    python3 benchmarks/accuracy.py --keysnare build/keysnare \\
        --keysnare-args "--no-default-rules --rules rules"      # rules as edited, not as embedded

What it does (README.md, section "Accuracy", says more):
  1. Reads the rule files (--rules-dir, default rules/ next to this folder) with a small YAML reader.
  2. Positives: for every rule, --per-rule fresh tokens made by a class-preserving mutation of the rule's
     example secrets. The example is aligned with the rule's regex (Python's parser of the same pattern)
     so every character keeps its regex class and its kind (digit, lower, upper); literal parts
     (prefixes, markers such as OpenAI's, Anthropic's trailing AA), punctuation and PEM/PuTTY header
     lines stay; base64-encoded JSON (JWT parts, Sentry/Grafana tokens) and base64-encoded text
     (user:password, PEM) are decoded, their values re-randomised and re-encoded; checksums the rule's
     validators require are recomputed (GitHub/npm CRC32). Each token is placed into a realistic file
     (code in several languages, .env, YAML, JSON, TOML, shell, Dockerfile, CI config, markdown, or the
     context of one of the rule's examples), some under tests/ and fixtures/, and labelled (path, line,
     rule, secret). A token counts as format-true only if the rule's regex (Python `re`) extracts exactly
     it from its file and the validator mirrors accept it; rules without one are reported.
  3. Hard negatives, each labelled "no finding expected": placeholders, template references, repeated
     and sequential characters, code and identifiers, hashes (git ids, sha256/sha512 in lockfiles,
     Cargo.lock, go.sum), UUIDs, data: URIs, minified bundles, tokens with a wrong checksum, near-miss
     prefixes and lengths, JWTs whose parts are not JSON.
  4. Context probes (reported apart): for keyword-anchored rules, a fresh token under the rule's own
     variable name in common forms (env, YAML, JSON, typed TypeScript const, os.Setenv("NAME", "..."),
     XML appSettings, Kubernetes env name/value, ...), whether or not the rule's regex accepts the form.
  5. Runs `keysnare dir TREE --format json --show-secrets` and matches findings to labels by path, line
     and secret (equal or overlapping). A finding of another rule on a labelled secret is a mislabel
     ("claimed by X"). A Python model of the pipeline (regexes, one-secret-one-finding, placeholder,
     entropy, allowlists, validators) explains misses and flags where keysnare disagrees with it.

Deterministic for a given --seed. Exit 0 unless --strict and a target is missed (recall 1.0 on
format-true positives, precision >= 0.99 on the hard negatives) or keysnare fails.
Standard library only. No literal token in this file: prefixes are assembled from pieces at run time.
"""
import argparse
import base64
import binascii
import fnmatch
import json
import math
import os
import random
import re
import shlex
import shutil
import string
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict

try:  # Python 3.11+
    from re import _parser as sre_parse
    from re import _constants as sre_c
except ImportError:  # pragma: no cover
    import sre_parse
    import sre_constants as sre_c

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

DIGITS = string.digits
LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
ALNUM = UPPER + LOWER + DIGITS
HEXL = '0123456789abcdef'
B64 = ALNUM + '+/'
B64URL = ALNUM + '-_'


# ==================================================================================================
# YAML: the subset the rule files use

class YamlError(Exception):
    pass


def _strip_comment(s):
    """Drops a trailing ' # comment' outside quotes."""
    q = None
    i = 0
    while i < len(s):
        c = s[i]
        if q:
            if c == q:
                if q == "'" and i + 1 < len(s) and s[i + 1] == "'":
                    i += 2
                    continue
                q = None
            elif c == '\\' and q == '"':
                i += 1
        elif c in "'\"" and (i == 0 or s[i - 1] in ' [,:{'):
            q = c
        elif c == '#' and (i == 0 or s[i - 1] in ' \t'):
            return s[:i].rstrip()
        i += 1
    return s.rstrip()


_DQ_ESC = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', ' ': ' ', 'e': '\x1b'}


def _closed(s):
    """Whether the quoted scalar starting at s[0] closes within s."""
    q, i = s[0], 1
    while i < len(s):
        if s[i] == q:
            if q == "'" and i + 1 < len(s) and s[i + 1] == "'":
                i += 2
                continue
            return True
        if q == '"' and s[i] == '\\':
            i += 1
        i += 1
    return False


def _flow_depth(s):
    d, q = 0, None
    for c in s:
        if q:
            if c == q:
                q = None
        elif c in '\'"':
            q = c
        elif c == '[':
            d += 1
        elif c == ']':
            d -= 1
    return d


def _split_flow(s):
    items, cur, q, i = [], '', None, 0
    while i < len(s):
        c = s[i]
        if q:
            cur += c
            if c == q:
                if q == "'" and i + 1 < len(s) and s[i + 1] == "'":
                    cur += "'"
                    i += 2
                    continue
                q = None
        elif c in "'\"":
            q = c
            cur += c
        elif c == ',':
            items.append(cur.strip())
            cur = ''
        else:
            cur += c
        i += 1
    if cur.strip():
        items.append(cur.strip())
    return items


def _yaml_scalar(tok, anchors):
    tok = tok.strip()
    if tok.startswith("'"):
        if len(tok) < 2 or not tok.endswith("'"):
            raise YamlError('unterminated single-quoted scalar: ' + tok[:40])
        return tok[1:-1].replace("''", "'")
    if tok.startswith('"'):
        body, out, i = tok[1:-1], [], 0
        while i < len(body):
            c = body[i]
            if c == '\\':
                n = body[i + 1]
                if n == 'x':
                    out.append(chr(int(body[i + 2:i + 4], 16)))
                    i += 4
                    continue
                if n == 'u':
                    out.append(chr(int(body[i + 2:i + 6], 16)))
                    i += 6
                    continue
                out.append(_DQ_ESC.get(n, n))
                i += 2
                continue
            out.append(c)
            i += 1
        return ''.join(out)
    if tok.startswith('*'):
        return anchors[tok[1:]]
    if tok.startswith('['):
        return [_yaml_scalar(x, anchors) for x in _split_flow(tok[1:-1])]
    if re.fullmatch(r'-?[0-9]+', tok):
        return int(tok)
    if re.fullmatch(r'-?[0-9]*\.[0-9]+', tok):
        return float(tok)
    if tok in ('true', 'false'):
        return tok == 'true'
    if tok in ('null', '~', ''):
        return None
    return tok


class _Yaml:
    """Block mappings and sequences, plain and quoted scalars, flow sequences (over several lines too),
    literal block scalars (| |- |+, indentation indicator), anchors and aliases, comments. Checked to
    give the same result as PyYAML on every rule file."""

    def __init__(self, text):
        self.lines = text.split('\n')
        self.anchors = {}

    @staticmethod
    def _indent(line):
        return len(line) - len(line.lstrip(' '))

    def _skip(self, i):
        while i < len(self.lines):
            s = self.lines[i].strip()
            if s and not s.startswith('#') and s != '---':
                return i
            i += 1
        return i

    def parse(self):
        i = self._skip(0)
        if i >= len(self.lines):
            return None
        return self._block(i, self._indent(self.lines[i]))[0]

    def _block(self, i, ind):
        s = self.lines[i].strip()
        if s == '-' or s.startswith('- '):
            return self._seq(i, ind)
        return self._map(i, ind)

    def _value(self, rest, i, ind, seq_same_indent):
        anchor = None
        if rest.startswith('&'):
            anchor, _, rest = rest.partition(' ')
            anchor = anchor[1:]
            rest = rest.strip()
        if rest == '':
            j = self._skip(i + 1)
            v, nxt = None, i + 1
            if j < len(self.lines):
                nind = self._indent(self.lines[j])
                ns = self.lines[j].strip()
                if nind > ind or (seq_same_indent and nind == ind and (ns == '-' or ns.startswith('- '))):
                    v, nxt = self._block(j, nind)
        elif rest[0] in '|>':
            v, nxt = self._literal(rest, i, ind)
        elif rest[0] == '[':
            buf, nxt = rest, i + 1
            while _flow_depth(buf) > 0:
                buf += ' ' + _strip_comment(self.lines[nxt].strip())
                nxt += 1
            v = _yaml_scalar(buf, self.anchors)
        elif rest[0] in '"\'' and not _closed(rest):
            buf, nxt = rest, i + 1
            while not _closed(buf):
                buf += ' ' + self.lines[nxt].strip()
                nxt += 1
            v = _yaml_scalar(buf, self.anchors)
        else:
            v, nxt = _yaml_scalar(rest, self.anchors), i + 1
        if anchor:
            self.anchors[anchor] = v
        return v, nxt

    def _literal(self, head, i, ind):
        m = re.fullmatch(r'([|>])([0-9]?)([+-]?)([0-9]?)', head)
        if not m:
            raise YamlError('line %d: bad block scalar header %r' % (i + 1, head))
        explicit = m.group(2) or m.group(4)
        chomp = m.group(3)
        j, body = i + 1, []
        content = ind + int(explicit) if explicit else None
        while j < len(self.lines):
            line = self.lines[j]
            if line.strip() == '':
                body.append('')
                j += 1
                continue
            li = self._indent(line)
            if content is None:
                if li <= ind:
                    break
                content = li
            if li < content:
                break
            body.append(line[content:])
            j += 1
        while body and body[-1] == '' and chomp != '+':
            body.pop()
        text = '\n'.join(body)
        if m.group(1) == '>':
            text = re.sub(r'(?<!\n)\n(?!\n)', ' ', text)
        if chomp == '-':
            return text, j
        return (text + '\n') if body else '', j

    def _seq(self, i, ind):
        out = []
        while True:
            i = self._skip(i)
            if i >= len(self.lines):
                break
            line = self.lines[i]
            s = line.strip()
            if self._indent(line) != ind or not (s == '-' or s.startswith('- ')):
                break
            rest = s[1:].strip()
            if rest and re.match(r'^[A-Za-z_][\w.-]*:(\s|$)', rest):
                self.lines[i] = ' ' * (ind + 2) + rest  # a mapping that starts on the item's line
                v, i = self._map(i, ind + 2)
            else:
                if rest and (rest[0] not in '\'"|' or (rest[0] in '\'"' and _closed(rest))):
                    rest = _strip_comment(rest)
                v, i = self._value(rest, i, ind, False)
            out.append(v)
        return out, i

    def _map(self, i, ind):
        out = {}
        while True:
            i = self._skip(i)
            if i >= len(self.lines):
                break
            line = self.lines[i]
            s = line.strip()
            li = self._indent(line)
            if li != ind or s == '-' or s.startswith('- '):
                if li > ind:
                    raise YamlError('line %d: unexpected indentation' % (i + 1))
                break
            m = re.match(r'''^([A-Za-z_][\w.-]*|'[^']*'|"[^"]*"):(?:\s+(.*))?$''', s)
            if not m:
                raise YamlError('line %d: expected "key: value": %r' % (i + 1, s[:60]))
            key = m.group(1).strip('\'"')
            rest = (m.group(2) or '').strip()
            if rest and (rest[0] not in '\'"' or _closed(rest)):
                rest = _strip_comment(rest)
            out[key], i = self._value(rest, i, ind, True)
        return out, i


def yaml_load(text):
    return _Yaml(text).parse()


# ==================================================================================================
# Rules, and a Python model of keysnare's pipeline (regexes, one secret one finding, filters)

def py_regex(rx):
    """The rule dialect (Hyperscan/RE2) in Python `re`: bytes-like ASCII classes, \\z, leading flags."""
    r = rx.replace(r'\z', r'\Z')
    flags = re.ASCII
    m = re.match(r'^\(\?([ims]+)\)', r)
    if m:
        for c in m.group(1):
            flags |= {'i': re.I, 'm': re.M, 's': re.S}[c]
        r = r[m.end():]
    return re.compile(r, flags), r, flags


def glob_to_re(g):
    out, i = '', 0
    while i < len(g):
        c = g[i]
        if g.startswith('**/', i):
            out += '(?:.*/)?'
            i += 3
        elif g.startswith('**', i):
            out += '.*'
            i += 2
        elif c == '*':
            out += '[^/]*'
            i += 1
        elif c == '?':
            out += '[^/]'
            i += 1
        else:
            out += re.escape(c)
            i += 1
    return re.compile(out + '(?:/.*)?$')


def path_glob_match(g, path):
    if '/' not in g:
        return fnmatch.fnmatchcase(path.rsplit('/', 1)[-1], g)
    return bool(glob_to_re(g).match(path))


class Rule:
    def __init__(self, d, order, file):
        self.id = d['id']
        self.file = file
        self.order = order
        self.regex = d['regex']
        self.py, self.py_src, self.py_flags = py_regex(self.regex)
        self.group = d.get('secret_group', 1 if self.py.groups else 0)
        self.entropy = float(d.get('entropy') or 0)
        self.validators = list(d.get('validators') or [])
        self.confidence = d.get('confidence', 'medium')
        self.tags = list(d.get('tags') or [])
        self.generic = 'generic' in self.tags
        c = 2 if (self.validators or self.confidence == 'high') else 1 if self.confidence == 'medium' else 0
        self.precedence = 2 * c + (0 if self.generic else 1)
        al = d.get('allowlist') or {}
        self.allow_secrets = [py_regex(x)[0] for x in (al.get('secrets') or [])]
        self.stopwords = [w.lower() for w in (al.get('stopwords') or [])]
        self.allow_paths = list(al.get('paths') or [])
        self.examples = list(d.get('examples') or [])
        self.negatives = [n if isinstance(n, str) else n.get('text', '') for n in (d.get('negative_examples') or [])]


def load_rules(rules_dir):
    files = sorted(os.path.join(rules_dir, f) for f in os.listdir(rules_dir) if f.endswith(('.yaml', '.yml')))
    rules = []
    for f in files:
        with open(f, encoding='utf-8') as fh:
            doc = yaml_load(fh.read())
        for d in doc.get('rules') or []:
            rules.append(Rule(d, len(rules), os.path.basename(f)))
    return rules


def shannon_entropy(s):
    if not s:
        return 0.0
    b = s.encode('latin-1', 'replace')
    n = len(b)
    return -sum(c / n * math.log2(c / n) for c in Counter(b).values())


def looks_placeholder(secret):
    """Mirror of scanner/filters/placeholder.cc."""
    if not secret:
        return True
    lower = secret.lower()
    if ('xxxx' if len(secret) <= 64 else 'xxxxxxxx') in lower:
        return True
    for w in ('example', 'placeholder', 'changeme', 'change_me', 'dummy', 'redacted', 'sample', '_here',
              '-here', 'insert_', 'replace_me', 'replaceme'):
        if w in lower:
            return True
    if 'your' in lower and any(w in lower for w in ('key', 'token', 'secret', 'pass', 'pwd', 'api', 'here')):
        return True
    if '${' in secret or '$(' in secret or '{{' in secret:
        return True
    if secret[0] == '<' and secret[-1] == '>':
        return True
    if len(secret) >= 3 and secret[0] == '%' and secret[-1] == '%':
        return True
    if secret.startswith('%('):
        return True
    run = longest = 1
    for i in range(1, len(secret)):
        run = run + 1 if secret[i] == secret[i - 1] else 1
        longest = max(longest, run)
    if longest >= 8 and longest * 3 >= len(secret):
        return True
    return len(secret) >= 6 and len(set(secret)) <= 2


# ---- validator mirrors (scanner/filters/validators.cc)

_B62 = DIGITS + UPPER + LOWER


def base62_checksum(crc):
    out = ''
    while True:
        out = _B62[crc % 62] + out
        crc //= 62
        if crc == 0:
            break
    return out.rjust(6, '0')


def crc_token_ok(s, prefix_len):
    if len(s) != prefix_len + 36:
        return False
    body, check = s[prefix_len:prefix_len + 30], s[prefix_len + 30:]
    return base62_checksum(zlib.crc32(body.encode('latin-1'))) == check


def b64_decode(s, url):
    s = s.rstrip('=')
    if len(s) % 4 == 1:
        return None
    alpha = B64URL if url else B64
    if any(c not in alpha for c in s):
        return None
    try:
        return base64.b64decode((s.replace('-', '+').replace('_', '/') if url else s) + '=' * (-len(s) % 4))
    except (binascii.Error, ValueError):
        return None


def _json_object_like(b):
    t = b.strip(b' \n\r\t')
    return len(t) >= 2 and t[:1] == b'{' and t[-1:] == b'}'


def v_jwt(s):
    parts = s.split('.')
    if len(parts) < 3:
        return False
    h, p = b64_decode(parts[0], True), b64_decode(parts[1], True)
    return h is not None and p is not None and _json_object_like(h) and _json_object_like(p) and b'"alg"' in h


def v_pem(s):
    text = re.sub(r'\\[nr]', '\n', s)
    body, in_body = '', False
    for line in text.split('\n'):
        line = line.rstrip('\r ').lstrip(' ')
        if line.startswith('-----BEGIN'):
            in_body = True
            continue
        if line.startswith('-----END'):
            break
        if not in_body or not line or ':' in line:
            continue
        if line[0] == '=' and len(line) == 5:
            continue
        body += line
    return len(body) >= 16 and b64_decode(body, False) is not None


def v_pypi(s):
    if not s.startswith('pypi-'):
        return False
    b = s[5:]
    b = b[:len(b) - len(b) % 4]
    d = b64_decode(b[:64], True)
    return d is not None and b'pypi.org' in d


def v_aws(s):
    return len(s) == 20 and all(c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' for c in s[4:16])


VALIDATORS = {
    'github-crc32': lambda s: '_' in s and crc_token_ok(s, s.index('_') + 1),
    'npm-crc32': lambda s: s.startswith('npm_') and crc_token_ok(s, 4),
    'aws-account-id': v_aws,
    'jwt': v_jwt,
    'pem-base64': v_pem,
    'pypi-macaroon': v_pypi,
    'openai-marker': lambda s: 'T3BlbkFJ' in s,
}


def validators_pass(rule, secret):
    return all(VALIDATORS.get(v, lambda s: True)(secret) for v in rule.validators)


def filter_verdict(rule, path, secret):
    """What keysnare's filters say of a candidate (scanner/filters/filters.cc), in the same order."""
    low = secret.lower()
    if any(path_glob_match(g, path) for g in rule.allow_paths) or any(r.search(secret) for r in rule.allow_secrets) \
            or any(w and w in low for w in rule.stopwords):
        return 'allowlisted'
    if looks_placeholder(secret):
        return 'placeholder'
    if rule.entropy > 0 and shannon_entropy(secret) < rule.entropy:
        return 'low-entropy'
    if not validators_pass(rule, secret):
        return 'invalid'
    return 'kept'


def model_matches(rules, text):
    """Every rule's leftmost-first matches (RE2 find-all semantics), sorted by (start, rule order)."""
    out = []
    for r in rules:
        for m in r.py.finditer(text):
            s, e = m.span(r.group)
            if s < 0:
                continue
            out.append((s, r.order, e, r))
    out.sort(key=lambda x: (x[0], x[1]))
    return out


def model_scan(rules, path, text, matches=None):
    """keysnare's detector in Python: one secret one finding (before the filters), then the filters.
    Returns dicts with rule, start, end, secret, line, verdict ('kept', 'overlapped-by:ID', ...)."""
    ms = model_matches(rules, text) if matches is None else matches
    drop = [None] * len(ms)
    for i in range(len(ms)):
        j = i + 1
        while j < len(ms) and ms[j][0] < ms[i][2]:
            a, b = ms[i][3], ms[j][3]
            if a.precedence > b.precedence:
                drop[j] = drop[j] or a.id
            elif b.precedence > a.precedence:
                drop[i] = drop[i] or b.id
            elif ms[i][0] == ms[j][0] and ms[i][2] == ms[j][2]:
                if a.order < b.order:
                    drop[j] = drop[j] or a.id
                else:
                    drop[i] = drop[i] or b.id
            j += 1
    out = []
    for (s, _, e, r), d in zip(ms, drop):
        secret = text[s:e]
        verdict = ('overlapped-by:' + d) if d else filter_verdict(r, path, secret)
        out.append({'rule': r.id, 'start': s, 'end': e, 'secret': secret,
                    'line': text.count('\n', 0, s) + 1, 'verdict': verdict})
    return out


# ==================================================================================================
# Token generation: align an example secret with the rule's regex, then re-randomise it class by class

_ALL = frozenset(chr(i) for i in range(256))
_CAT = {
    sre_c.CATEGORY_DIGIT: frozenset(DIGITS),
    sre_c.CATEGORY_SPACE: frozenset(' \t\n\r\f\v'),
    sre_c.CATEGORY_WORD: frozenset(ALNUM + '_'),
}
_CAT[sre_c.CATEGORY_NOT_DIGIT] = _ALL - _CAT[sre_c.CATEGORY_DIGIT]
_CAT[sre_c.CATEGORY_NOT_SPACE] = _ALL - _CAT[sre_c.CATEGORY_SPACE]
_CAT[sre_c.CATEGORY_NOT_WORD] = _ALL - _CAT[sre_c.CATEGORY_WORD]


def _fold(s, flags):
    return frozenset(s | {c.swapcase() for c in s}) if flags & re.I else frozenset(s)


def _char_set(op, av, flags):
    """The byte set one single-character item matches, or None for other items."""
    if op is sre_c.LITERAL:
        return _fold({chr(av)}, flags)
    if op is sre_c.NOT_LITERAL:
        return _ALL - _fold({chr(av)}, flags)
    if op is sre_c.ANY:
        return _ALL if flags & re.S else _ALL - {'\n'}
    if op is sre_c.IN:
        s, neg = set(), False
        for iop, iav in av:
            if iop is sre_c.NEGATE:
                neg = True
            elif iop is sre_c.LITERAL:
                s.add(chr(iav))
            elif iop is sre_c.RANGE:
                s.update(chr(c) for c in range(iav[0], iav[1] + 1))
            elif iop is sre_c.CATEGORY:
                s |= _CAT[iav]
        s = _fold(s, flags)
        return _ALL - s if neg else s
    return None


class _Budget(Exception):
    pass


def align(rule, secret, budget=200000):
    """Matches `secret` against the rule's secret group alone and returns one (char set, is_literal) per
    character, or None. A small backtracking matcher over Python's parse of the pattern; single-character
    repeats are handled without recursion, so 1000-character secrets are fine."""
    tree = sre_parse.parse(rule.py_src, rule.py_flags)
    flags0 = rule.py_flags

    def find_group(items, flags):
        for op, av in items:
            if op is sre_c.SUBPATTERN:
                f2 = (flags | av[1]) & ~av[2]
                if av[0] == rule.group:
                    return list(av[3]), f2
                r = find_group(av[3], f2)
                if r:
                    return r
            elif op is sre_c.BRANCH:
                for b in av[1]:
                    r = find_group(b, flags)
                    if r:
                        return r
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
                r = find_group(av[2], flags)
                if r:
                    return r
        return None

    if rule.group == 0:
        items, flags = list(tree), flags0
    else:
        found = find_group(tree, flags0)
        if not found:
            return None
        items, flags = found
    n = len(secret)
    steps = [0]

    def seq(items, i, pos, flags, k):
        steps[0] += 1
        if steps[0] > budget:
            raise _Budget()
        if i == len(items):
            yield from k(pos)
            return
        op, av = items[i]
        cs = _char_set(op, av, flags)
        if cs is not None:
            if pos < n and secret[pos] in cs:
                for rest in seq(items, i + 1, pos + 1, flags, k):
                    yield [(cs, op is sre_c.LITERAL)] + rest
            return
        if op is sre_c.SUBPATTERN:
            f2 = (flags | av[1]) & ~av[2]
            yield from seq(list(av[3]), 0, pos, f2, lambda p: seq(items, i + 1, p, flags, k))
            return
        if op is sre_c.BRANCH:
            for b in av[1]:
                yield from seq(list(b), 0, pos, flags, lambda p: seq(items, i + 1, p, flags, k))
            return
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, hi, sub = av
            sub = list(sub)
            greedy = op is sre_c.MAX_REPEAT
            if len(sub) == 1 and _char_set(sub[0][0], sub[0][1], flags) is not None:
                cs1 = _char_set(sub[0][0], sub[0][1], flags)
                lit = sub[0][0] is sre_c.LITERAL
                lim = n - pos if hi == sre_c.MAXREPEAT else min(hi, n - pos)
                run = 0
                while run < lim and secret[pos + run] in cs1:
                    run += 1
                counts = range(run, lo - 1, -1) if greedy else range(lo, run + 1)
                for c in counts:
                    for rest in seq(items, i + 1, pos + c, flags, k):
                        yield [(cs1, lit)] * c + rest
                return

            def rep(count, p):
                more = (lambda: seq(sub, 0, p, flags, lambda p2: rep(count + 1, p2) if p2 != p else iter(()))) \
                    if hi == sre_c.MAXREPEAT or count < hi else None
                done = (lambda: seq(items, i + 1, p, flags, k)) if count >= lo else None
                order = [more, done] if greedy else [done, more]
                for f in order:
                    if f:
                        yield from f()
            yield from rep(0, pos)
            return
        if op is sre_c.AT:  # ^ $ \b: zero width; the placement check with the full regex decides
            yield from seq(items, i + 1, pos, flags, k)
            return
        return  # lookarounds, backreferences: not in the rule dialect

    try:
        return next(seq(items, 0, 0, flags, lambda p: iter([[]]) if p == n else iter(())), None)
    except (_Budget, RecursionError):
        return None


def _kind(c):
    return DIGITS if c in DIGITS else LOWER if c in LOWER else UPPER if c in UPPER else None


# --- base64 segments: JSON (JWT parts and the like) and text (user:password, PEM) are mutated decoded

_KEEP_JSON_KEYS = {'alg', 'typ', 'kty', 'crv', 'iss', 'aud', 'role', 'scope', 'type', 'token_type', 'url',
                   'region', 'region_url', 'org', 'v', 'ver', 'version', 'use', 'cty', 'enc', 'zip'}


def _randomish(run):
    """An alphanumeric run that looks generated (ids, keys, timestamps) rather than a word."""
    has_d = any(c in DIGITS for c in run)
    has_l = any(c.isalpha() for c in run)
    if has_d and has_l:
        return True
    if has_d:
        return len(run) >= 5
    return len(run) >= 12 and any(c.islower() for c in run) and any(c.isupper() for c in run)


def _mutate_run(run, rng):
    """Class-preserving: digits stay digits, hex stays hex, case stays; timestamps keep their first 2 digits."""
    hexrun = all(c in HEXL for c in run) or all(c in '0123456789ABCDEF' for c in run)
    out = []
    for i, c in enumerate(run):
        if c in DIGITS:
            out.append(c if (run.isdigit() and len(run) >= 9 and i < 2) else rng.choice(DIGITS))
        elif c in LOWER:
            out.append(rng.choice('abcdef' if hexrun else LOWER))
        elif c in UPPER:
            out.append(rng.choice('ABCDEF' if hexrun else UPPER))
        else:
            out.append(c)
    return ''.join(out)


def _mutate_text(text, rng, fixed, json_mode):
    """Re-randomises the random-looking alphanumeric runs of a decoded text; `fixed` marks bytes that
    must not change (they lie under literal characters of the encoded form). In JSON mode only values
    change, and not those of a few structural keys (alg, typ, iss, role, ...)."""
    out = list(text)
    spans = []
    if json_mode:
        key = None
        for m in re.finditer(r'"((?:[^"\\]|\\.)*)"(\s*:)?|(-?[0-9]+(?:\.[0-9]+)?)', text):
            if m.group(2):
                key = m.group(1)
                continue
            if key in _KEEP_JSON_KEYS:
                continue
            if m.group(3):
                spans.append((m.start(3), m.end(3)))
            else:
                spans.append((m.start(1), m.end(1)))
    else:
        spans.append((0, len(text)))
    for a, b in spans:
        for m in re.finditer(r'[A-Za-z0-9]+', text[a:b]):
            s, e = a + m.start(), a + m.end()
            run = text[s:e]
            if not _randomish(run) or any(fixed[s:e]):
                continue
            out[s:e] = list(_mutate_run(run, rng))
    return ''.join(out)


def _b64_segments(secret):
    """(start, end, url_alphabet, json_mode) for base64 stretches that decode to JSON or to text."""
    segs = []
    for m in re.finditer(r'eyJ[A-Za-z0-9+/_-]*=*', secret):
        run = m.group(0)
        # the run may swallow a separator ('_', '-') and what follows: try shorter cuts too
        cuts = [len(run)] + [i for i in range(len(run) - 1, 8, -1) if run[i] in '_-.']
        for c in cuts:
            seg = run[:c]
            for url in (False, True):
                d = b64_decode(seg, url)
                if d is None:
                    continue
                try:
                    t = d.decode('ascii')
                except UnicodeDecodeError:
                    continue
                if t.startswith('{') and (t.rstrip().endswith('}') or _json_prefix_ok(t)):
                    segs.append((m.start(), m.start() + c, url, True))
                    break
            else:
                continue
            break
    taken = [False] * len(secret)
    for a, b, _, _ in segs:
        for i in range(a, b):
            taken[i] = True
    for m in re.finditer(r'[A-Za-z0-9+/_-]{16,}=*', secret):
        for off in range(0, 8):
            a, b = m.start() + off, m.end()
            if any(taken[a:b]) or b - a < 16:
                break
            seg = secret[a:b]
            url = '-' in seg or '_' in seg
            body = seg.rstrip('=')
            body = body[:len(body) - len(body) % 4] if seg.endswith('=') is False and len(body) % 4 == 1 else body
            d = b64_decode(body, url)
            if d is None or len(d) < 12:
                continue
            if all(32 <= x < 127 or x in (9, 10, 13) for x in d):
                segs.append((a, a + len(body) + (len(seg) - len(seg.rstrip('=')) if len(body) == len(seg.rstrip('=')) else 0), url, False))
                break
    return sorted(segs)


def _json_prefix_ok(t):
    return bool(re.match(r'\{\s*"', t))


def _mutate_b64(seg, url, json_mode, fixed_chars, rng):
    """Decodes seg, mutates its text (bytes under fixed characters stay), re-encodes with the same
    alphabet and padding. Returns None when it cannot keep the length."""
    pad = len(seg) - len(seg.rstrip('='))
    body = seg.rstrip('=')
    d = b64_decode(body, url)
    if d is None:
        return None
    text = d.decode('latin-1')
    fixed = [False] * len(text)
    for ci, f in enumerate(fixed_chars[:len(body)]):
        if f:
            for bi in range(6 * ci // 8, min(len(text), (6 * ci + 5) // 8 + 1)):
                fixed[bi] = True
    new = _mutate_text(text, rng, fixed, json_mode).encode('latin-1')
    enc = base64.b64encode(new).decode()
    if url:
        enc = enc.replace('+', '-').replace('/', '_')
    enc = enc.rstrip('=')
    if len(enc) != len(body):
        return None
    return enc + '=' * pad


# Per-rule overrides: parts of the example secrets that stay although the regex does not fix them
# (well-known encoded headers of the real tokens).
KEEP = {
    'aws-session-token': [r'^(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)'],
    'gcp-oauth-refresh-token': [r'CgYIARAAG', r'SNwF-L9Ir'],
    'vault-service-token': [r'^hvs\.CAES'],
    'vault-batch-token': [r'^hvb\.AAAAAQ'],
}


class GenError(Exception):
    pass


class TokenGen:
    """Makes fresh format-true tokens for one rule from its example secrets."""

    def __init__(self, rule, rng):
        self.rule = rule
        self.rng = rng
        self.sources = []  # (example secret, alignment)
        self.problems = []
        seen = set()
        for ex in rule.examples:
            s = ex['secret']
            if s in seen:
                continue
            seen.add(s)
            a = align(rule, s)
            if a is None:
                self.problems.append('example %r does not align with the regex' % (s[:24] + '...'))
                continue
            self.sources.append((s, a))

    def from_secret(self, s):
        """A mutation of an arbitrary secret of this rule (used for other tokens inside a context)."""
        a = align(self.rule, s)
        if a is None:
            raise GenError('cannot align')
        return self._attempts(s, a)

    def make(self):
        if not self.sources:
            raise GenError('; '.join(self.problems) or 'no examples')
        s, a = self.sources[self.rng.randrange(len(self.sources))]
        return self._attempts(s, a)

    def _attempts(self, s, a):
        last = None
        for _ in range(60):
            t = self._mutate(s, a)
            ok, why = self.format_true(t)
            if ok and t != s:
                return t
            last = why or 'unchanged'
        raise GenError('no format-true mutation of %r...: %s' % (s[:16], last))

    def format_true(self, t):
        """The rule's regex extracts exactly t (in a neutral line) and its validator mirrors accept it."""
        r = self.rule
        if align(r, t) is None:
            return False, 'secret group does not match'
        if not validators_pass(r, t):
            return False, 'validator mirror rejects it'
        return True, ''

    def _mutate(self, s, a):
        rng = self.rng
        n = len(s)
        fixed = [lit or _kind(c) is None for c, (cs, lit) in zip(s, a)]
        # escapes such as \n inside a one-line PEM stay
        for m in re.finditer(r'\\.', s):
            fixed[m.start()] = fixed[m.start() + 1] = True
        # header lines of multi-line blocks (Proc-Type, DEK-Info, Comment, PuTTY's fields) keep their words;
        # only long random runs in them (an IV, a MAC) change
        lines = re.split(r'(\n|\\n)', s)
        pos = 0
        for ln in lines:
            if ': ' in ln and ('\n' in s or '\\n' in s):
                for m in re.finditer(r'[A-Za-z0-9]+', ln):
                    if m.end() - m.start() < 12:
                        for i in range(pos + m.start(), pos + m.end()):
                            fixed[i] = True
            pos += len(ln)
        for rx in KEEP.get(self.rule.id, ()):
            for m in re.finditer(rx, s):
                for i in range(m.start(), m.end()):
                    fixed[i] = True
        # UUIDs keep their version and variant nibbles
        for m in re.finditer(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-([0-9a-fA-F])[0-9a-fA-F]{3}-([0-9a-fA-F])[0-9a-fA-F]{3}-'
                             r'[0-9a-fA-F]{12}', s):
            fixed[m.start(1)] = fixed[m.start(2)] = True
        # short fields next to literal characters are versions (api03, .01., xapp-1-): they stay
        i = 0
        while i < n:
            if fixed[i]:
                i += 1
                continue
            j = i
            while j < n and not fixed[j]:
                j += 1
            if j - i <= 2 and ((i > 0 and a[i - 1][1]) or (j < n and a[j][1])):
                for x in range(i, j):
                    fixed[x] = True
            i = j
        out = list(s)
        # base64 of JSON / text: mutate decoded
        for a0, b0, url, json_mode in _b64_segments(s):
            lit_chars = [a[i][1] for i in range(a0, b0)]
            new = _mutate_b64(s[a0:b0], url, json_mode, lit_chars, rng)
            if new is None:
                continue
            ok = all(new[i - a0] in a[i][0] for i in range(a0, b0))
            if not ok:
                continue
            out[a0:b0] = list(new)
            for i in range(a0, b0):
                fixed[i] = True
        cache = {}
        for i in range(n):
            if fixed[i]:
                continue
            c = s[i]
            cs = a[i][0]
            key = (id(cs), c)
            allowed = cache.get(key)
            if allowed is None:
                allowed = ''.join(x for x in _kind(c) if x in cs) or c
                cache[key] = allowed
            out[i] = rng.choice(allowed)
        t = ''.join(out)
        return self._fix_checksums(t)

    def _fix_checksums(self, t):
        r = self.rule
        if 'github-crc32' in r.validators and '_' in t:
            p = t.index('_') + 1
            if len(t) == p + 36:
                t = t[:p + 30] + base62_checksum(zlib.crc32(t[p:p + 30].encode()))
        if 'npm-crc32' in r.validators and t.startswith('npm_') and len(t) == 40:
            t = t[:34] + base62_checksum(zlib.crc32(t[4:34].encode()))
        return t


# ==================================================================================================
# Realistic files: kinds of file, filler lines, placements of a token

TOKEN = object()  # marks where the secret goes in a template's segments

PROJECTS = ['billing-service', 'web-frontend', 'data-pipeline', 'auth-gateway', 'mobile-api', 'infra-live',
            'ml-platform', 'notifications', 'search-indexer', 'admin-portal', 'payments-worker', 'ci-tools',
            'reporting', 'customer-sync', 'edge-proxy', 'docs-site']

WORDS = ['order', 'invoice', 'customer', 'account', 'report', 'session', 'user', 'event', 'batch', 'queue',
         'cache', 'metric', 'shipment', 'product', 'ledger', 'tenant', 'export', 'webhook', 'profile', 'job']


def _w(rng):
    return rng.choice(WORDS)


# Coherent snippets per kind of file, put around the line that holds a secret.
FILLER = {
    'py': [['import json', 'import logging', 'import os', '', 'logger = logging.getLogger(__name__)'],
           ['DEFAULT_TIMEOUT = {n}', 'RETRY_LIMIT = 3', 'BASE_URL = "https://api.acme.io/v{h}"'],
           ['', 'def load_{w}s(path):', '    with open(path) as fh:', '        return json.load(fh)'],
           ['', 'class {W}Client:', '    """Talks to the {w} service."""', '', '    def __init__(self, base_url):',
            '        self.base_url = base_url.rstrip("/")'],
           ['', 'if __name__ == "__main__":', '    main()']],
    'js': [["import axios from 'axios';", "import path from 'path';", ''],
           ['const TIMEOUT_MS = {n};', "const BASE_URL = 'https://api.acme.io/v{h}';"],
           ['', 'export function fetch{W}s(client) {{', '  return client.get(`/v1/{w}s`).then((r) => r.data);', '}}'],
           ['// keep in sync with the {w} schema', 'let retries = 3;']],
    'go': [['package config', '', 'import (', '\t"fmt"', '\t"os"', '\t"time"', ')', ''],
           ['const defaultTimeout = {n} * time.Millisecond'],
           ['', '// {W} holds what the {w} service returns.', 'type {W} struct {{', '\tID   string `json:"id"`',
            '\tName string `json:"name"`', '}}'],
           ['', 'func load{W}(id string) (*{W}, error) {{', '\treturn nil, fmt.Errorf("{w} %s not found", id)', '}}']],
    'rb': [["require 'json'", "require 'net/http'", ''], ['# {w} integration, see docs/{w}.md'],
           ['def fetch_{w}s(client)', "  client.get('/v1/{w}s')", 'end']],
    'rs': [['use std::time::Duration;', ''], ['pub const TIMEOUT: Duration = Duration::from_millis({n});']],
    'kt': [['package com.acme.app', '', 'import java.time.Duration', ''], ['val timeout: Duration = Duration.ofMillis({n})']],
    'yaml': [['name: {w}-service', 'replicas: {h}', 'image: registry.acme.io/{w}-service:1.{h}.0'],
             ['logLevel: info', 'timeoutMs: {n}', 'region: eu-west-1'],
             ['features:', '  - {w}-export', '  - audit-log'], ['port: {p}']],
    'toml': [['[server]', 'host = "0.0.0.0"', 'port = {p}', ''], ['[logging]', 'level = "info"', '']],
    'env': [['APP_ENV=production', 'LOG_LEVEL=info', 'PORT={p}'], ['DATABASE_HOST=db.internal', 'DATABASE_PORT=5432'],
            ['REDIS_HOST=cache.internal', 'FEATURE_{W}_EXPORT=true'], ['TZ=UTC', 'WORKERS={h}'], ['']],
    'sh': [['#!/usr/bin/env bash', 'set -euo pipefail', 'cd "$(dirname "$0")/.."', ''],
           ['echo "deploying {w}-service"', 'docker build -t registry.acme.io/{w}:latest .'],
           ['kubectl rollout status deploy/{w} --timeout=120s']],
    'docker': [['FROM python:3.12-slim', 'WORKDIR /app'], ['COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt'],
               ['COPY . .', 'EXPOSE {p}', 'CMD ["python", "-m", "app"]']],
    'md': [['# {W} service', '', 'This service exports {w} data to the warehouse every {h} hours.', ''],
           ['> Ünïcödé is fine here: naïve café, 東京, Ελληνικά.', ''],
           ['## Configuration', '', 'Set the variables below before starting the service.', ''],
           ['', 'See [the runbook](docs/runbook.md) for on-call notes.', '']],
    'properties': [['server.port={p}', 'spring.application.name={w}-service'], ['logging.level.root=INFO']],
    'ini': [['[server]', 'port = {p}', 'workers = {h}', ''], ['[logging]', 'level = info', '']],
    'tf': [['terraform {{', '  required_version = ">= 1.5"', '}}', ''],
           ['resource "aws_s3_bucket" "{w}" {{', '  bucket = "acme-{w}-exports"', '}}', '']],
    'txt': [['{W} service notes', ''], ['Deployed on host {w}-{h}.internal, port {p}.', '']],
    'comment#': [['# {w} settings'], ['# updated for the {w} migration'], ['# see docs/{w}.md', ''],
                 ['# Konfiguration für den Zahlungsdienst (nicht ändern)'], ['# paramètres régionaux — voir la doc']],
    'comment//': [['// {w} settings'], ['// updated for the {w} migration', ''], ['// 設定ファイル: {w} サービス']],
}


def _fill(rng, blocks, k):
    out = []
    for _ in range(max(1, k // 3)):
        for line in rng.choice(blocks):
            out.append(line.format(w=_w(rng), W=_w(rng).capitalize(), n=rng.randint(2, 9000), h=rng.randint(1, 23),
                                   p=rng.choice([8080, 3000, 5432, 6379, 9090, 443])))
    return out


EXT_KIND = {'.py': 'py', '.pyi': 'py', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.ts': 'js', '.tsx': 'js',
            '.jsx': 'js', '.go': 'go', '.java': 'java', '.rb': 'rb', '.php': 'php', '.cs': 'cs', '.rs': 'rs',
            '.kt': 'kt', '.yml': 'yaml', '.yaml': 'yaml', '.json': 'json', '.toml': 'toml', '.env': 'env',
            '.sh': 'sh', '.bash': 'sh', '.md': 'md', '.properties': 'properties', '.ini': 'ini', '.cfg': 'ini',
            '.conf': 'ini', '.tf': 'tf', '.xml': 'xml', '.config': 'xml', '.txt': 'txt', '.log': 'txt'}

COMMENT_STYLE = {'py': '#', 'rb': '#', 'yaml': '#', 'toml': '#', 'env': '#', 'sh': '#', 'docker': '#',
                 'properties': '#', 'ini': '#', 'tf': '#', 'js': '//', 'go': '//', 'java': '//', 'php': '//',
                 'cs': '//', 'rs': '//', 'kt': '//'}


def kind_of_path(path):
    base = path.rsplit('/', 1)[-1]
    if base.startswith('.env') or base.endswith('.env'):
        return 'env'
    if base == 'Dockerfile' or base.endswith('.Dockerfile'):
        return 'docker'
    for ext, k in EXT_KIND.items():
        if base.endswith(ext):
            return k
    return 'txt'


def split_words(name):
    parts = re.split(r'[_.\-\s]+', name)
    words = []
    for p in parts:
        words += re.findall(r'[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+', p)
    return [w.lower() for w in words if w] or ['token']


def name_styles(name):
    w = split_words(name)
    return {
        'upper': '_'.join(x.upper() for x in w),
        'snake': '_'.join(w),
        'camel': w[0] + ''.join(x.capitalize() for x in w[1:]),
        'pascal': ''.join(x.capitalize() for x in w),
        'dotted': '.'.join(w),
        'kebab': '-'.join(w),
        'raw': name,
    }


# Single-line templates: kind -> list of (paths, builder(names, value) -> segments). `value` is a list of
# segments (text around TOKEN, e.g. a URI around a password).
def single_line_templates():
    T = {}
    T['env'] = (['.env', '.env.production', 'config/.env.staging', 'deploy/app.env'], [
        lambda n, v: [n['upper'] + '='] + v,
        lambda n, v: [n['upper'] + '="'] + v + ['"'],
    ])
    T['py'] = (['app/settings.py', 'src/config.py', 'scripts/sync.py', 'app/clients/api.py'], [
        lambda n, v: [n['upper'] + ' = "'] + v + ['"'],
        lambda n, v: [n['snake'] + ' = "'] + v + ['"'],
        lambda n, v: ['client = Client(' + n['snake'] + '="'] + v + ['")'],
        lambda n, v: ['os.environ.setdefault("' + n['upper'] + '", "'] + v + ['")'],
    ])
    T['js'] = (['src/config.js', 'lib/client.js', 'server/index.js', 'src/config.ts', 'src/services/api.ts'], [
        lambda n, v: ['const ' + n['camel'] + ' = "'] + v + ['";'],
        lambda n, v: ["export const " + n['upper'] + " = '"] + v + ["';"],
        lambda n, v: ['  ' + n['camel'] + ": '"] + v + ["',"],
        lambda n, v: ['process.env.' + n['upper'] + ' ??= "'] + v + ['";'],
    ])
    T['go'] = (['internal/config/config.go', 'cmd/server/main.go'], [
        lambda n, v: ['const ' + n['camel'] + ' = "'] + v + ['"'],
        lambda n, v: ['\t' + n['camel'] + ' := "'] + v + ['"'],
        lambda n, v: ['\tos.Setenv("' + n['upper'] + '", "'] + v + ['")'],
    ])
    T['java'] = (['src/main/java/com/acme/app/Config.java'], [
        lambda n, v: ['    private static final String ' + n['upper'] + ' = "'] + v + ['";'],
    ])
    T['rb'] = (['config/initializers/services.rb', 'lib/acme/client.rb'], [
        lambda n, v: ['    ' + n['upper'] + " = '"] + v + ["'"],
        lambda n, v: ['config.' + n['snake'] + ' = "'] + v + ['"'],
    ])
    T['php'] = (['config/services.php', 'app/Http/Client.php'], [
        lambda n, v: ["    '" + n['snake'] + "' => '"] + v + ["',"],
        lambda n, v: ["define('" + n['upper'] + "', '"] + v + ["');"],
    ])
    T['cs'] = (['src/Acme.Api/Settings.cs'], [
        lambda n, v: ['        public const string ' + n['pascal'] + ' = "'] + v + ['";'],
    ])
    T['rs'] = (['src/config.rs'], [
        lambda n, v: ['pub const ' + n['upper'] + ': &str = "'] + v + ['";'],
    ])
    T['kt'] = (['app/src/main/kotlin/Config.kt'], [
        lambda n, v: ['    val ' + n['camel'] + ' = "'] + v + ['"'],
    ])
    T['yaml'] = (['config/app.yml', 'config/settings.yaml', 'helm/values.yaml'], [
        lambda n, v: ['  ' + n['snake'] + ': '] + v,
        lambda n, v: ['  ' + n['snake'] + ': "'] + v + ['"'],
        lambda n, v: [n['camel'] + ": '"] + v + ["'"],
    ])
    T['k8s'] = (['k8s/deployment.yaml', 'deploy/k8s/worker.yaml'], [
        lambda n, v: ['            - name: ' + n['upper'] + '\n              value: "'] + v + ['"'],
    ])
    T['compose'] = (['docker-compose.yml', 'deploy/docker-compose.prod.yml'], [
        lambda n, v: ['      - ' + n['upper'] + '='] + v,
        lambda n, v: ['      ' + n['upper'] + ': '] + v,
    ])
    T['json'] = (['config/settings.json', 'appsettings.json', 'config/default.json'], [
        lambda n, v: ['  "' + n['camel'] + '": "'] + v + ['",'],
        lambda n, v: ['  "' + n['snake'] + '": "'] + v + ['",'],
    ])
    T['toml'] = (['config.toml', 'settings.toml'], [
        lambda n, v: [n['snake'] + ' = "'] + v + ['"'],
    ])
    T['properties'] = (['src/main/resources/application.properties'], [
        lambda n, v: ['acme.' + n['dotted'] + '='] + v,
    ])
    T['ini'] = (['config/app.ini', 'setup.cfg'], [
        lambda n, v: [n['snake'] + ' = '] + v,
    ])
    T['sh'] = (['scripts/deploy.sh', 'bin/setup.sh'], [
        lambda n, v: ['export ' + n['upper'] + '="'] + v + ['"'],
        lambda n, v: ['export ' + n['upper'] + '='] + v,
        lambda n, v: [n['upper'] + "='"] + v + ["' ./run.sh"],
    ])
    T['docker'] = (['Dockerfile', 'docker/api.Dockerfile'], [
        lambda n, v: ['ENV ' + n['upper'] + '='] + v,
        lambda n, v: ['ARG ' + n['upper'] + '='] + v,
    ])
    T['gha'] = (['.github/workflows/deploy.yml', '.github/workflows/ci.yml'], [
        lambda n, v: ['      ' + n['upper'] + ': '] + v,
        lambda n, v: ["      " + n['upper'] + ": '"] + v + ["'"],
    ])
    T['gitlab'] = (['.gitlab-ci.yml'], [
        lambda n, v: ['  ' + n['upper'] + ': "'] + v + ['"'],
    ])
    T['md'] = (['README.md', 'docs/setup.md', 'docs/runbook.md'], [
        lambda n, v: ['```bash\nexport ' + n['upper'] + '='] + v + ['\n```'],
        lambda n, v: ['For staging, set `' + n['upper'] + '` to `'] + v + ['`.'],
    ])
    T['tf'] = (['infra/main.tf', 'terraform/providers.tf'], [
        lambda n, v: ['  ' + n['snake'] + ' = "'] + v + ['"'],
    ])
    T['xml'] = (['web.config', 'src/main/resources/settings.xml'], [
        lambda n, v: ['    <add key="' + n['pascal'] + '" value="'] + v + ['" />'],
    ])
    T['bundle'] = (['web/dist/static/js/main.min.js', 'public/assets/app.min.js'], [
        lambda n, v: ['!function(){' + minified_code(_BUNDLE_RNG, 4000) + 'var cfg={' + n['camel'] + ':"'] + v +
                     ['",env:"production"};' + minified_code(_BUNDLE_RNG, 2000) + '}();'],
    ])
    T['url'] = (['scripts/export.sh', 'jobs/fetch.py'], [
        lambda n, v: ['curl -s "https://api.acme.io/v1/export?' + n['snake'] + '='] + v + ['&format=csv" -o out.csv'],
        lambda n, v: ['resp = requests.get("https://api.acme.io/v1/items?page=2&' + n['snake'] + '='] + v + ['")'],
    ])
    T['prose'] = (['docs/onboarding.md', 'NOTES.md'], [
        lambda n, v: ['The staging deployment uses '] + v + [' until the rotation next week.'],
        lambda n, v: ['- ' + n['upper'] + ': '] + v,
    ])
    return T


_BUNDLE_RNG = random.Random(0)  # reseeded per corpus (Corpus.__init__) so runs stay deterministic
SINGLE = single_line_templates()

# Multi-line secrets (PEM blocks, PuTTY keys): how a block sits in a file. indent: added before each
# line after the first.
MULTI = {
    'keyfile': (['keys/deploy_key.pem', '.ssh/id_rsa', 'certs/server.key', 'secrets/signing.asc'], '', ''),
    'yaml-block': (['k8s/tls-secret.yaml', 'config/ssh.yml'], 'stringData:\n  tls.key: |\n    ', '    '),
    'py-triple': (['app/keys.py', 'tests/fixtures/keys.py'], 'PRIVATE_KEY = """', ''),
    'js-template': (['src/keys.js'], 'export const privateKey = `', ''),
    'tf-heredoc': (['infra/bastion.tf'], '  private_key = <<EOF\n', ''),
    'sh-heredoc': (['scripts/install-key.sh'], "cat > ~/.ssh/id_deploy <<'EOF'\n", ''),
    'md-fence': (['docs/keys.md'], '```\n', ''),
}
MULTI_AFTER = {'yaml-block': '', 'py-triple': '"""', 'js-template': '`;', 'tf-heredoc': '\nEOF',
               'sh-heredoc': '\nEOF', 'md-fence': '\n```', 'keyfile': ''}


def minified_code(rng, size, extra=None):
    """One line of bundler output, about `size` characters."""
    idents = ['a', 'b', 'c', 'e', 't', 'n', 'r', 'o', 'i', 's', 'u', 'l', 'f', 'p', 'd', 'h', 'm', 'g', 'v', 'y']
    parts, n = [], 0
    while n < size:
        x, y, z = rng.sample(idents, 3)
        w = _w(rng)
        c = rng.choice([
            'function %s(%s,%s){return %s.%s(%s)}' % (x, y, z, y, w, z),
            'var %s=%s.exports={%s:function(){return %s},token:%s.token,apiKey:%s.apiKey};' % (x, y, w, z, z, z),
            '%s.headers.Authorization="Bearer "+%s;' % (x, y),
            '{"x-api-key":%s.key,password:"",secret:%s}' % (x, y),
            '%s=%s||{};%s.%s=%d;' % (x, x, x, w, rng.randint(0, 99999)),
            'color:#%s;background:#%s;' % (''.join(rng.choice(HEXL) for _ in range(6)), ''.join(rng.choice(HEXL) for _ in range(6))),
            '%s.p+"static/js/"+{%s}[%s]+".chunk.js"' % (
                x, ','.join('%d:"%s"' % (k, ''.join(rng.choice(HEXL) for _ in range(8))) for k in range(6)), y),
            'var %s="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";' % x,
            '"%s"===typeof %s&&(%s=%s.split(","));' % (w, x, y, x),
            '%s.prototype.%s=function(%s){if(!%s)throw new Error("%s missing");return this}' % (x.upper(), w, y, y, w),
            'case %d:return"%s";' % (rng.randint(0, 40), w),
            'i18n:{%s:"%s %s"}' % (w, w.capitalize(), _w(rng)),
        ])
        parts.append(c)
        n += len(c)
    return ''.join(parts)


class Doc:
    """A file being assembled; remembers where each labelled secret starts."""

    def __init__(self, path):
        self.path = path
        self.parts = []
        self.size = 0
        self.marks = []  # (offset, secret, rule_id, role)

    def add(self, text):
        self.parts.append(text)
        self.size += len(text)

    def add_lines(self, lines):
        for ln in lines:
            self.add(ln + '\n')

    def add_secret(self, secret, rule_id, role):
        self.marks.append((self.size, secret, rule_id, role))
        self.add(secret)

    def text(self):
        return ''.join(self.parts)

    def variant(self, kind):
        """Windows line endings ('crlf') or no newline at the end ('noeol'); marks follow."""
        text = self.text()
        if kind == 'crlf':
            marks = [(off + text.count('\n', 0, off), sec.replace('\n', '\r\n'), rid, role)
                     for off, sec, rid, role in self.marks]
            text = text.replace('\n', '\r\n')
        elif kind == 'noeol':
            marks = self.marks
            end = max((off + len(sec) for off, sec, _, _ in marks), default=0)
            while text.endswith('\n') and len(text) - 1 >= end:
                text = text[:-1]
        else:
            return
        self.parts, self.size, self.marks = [text], len(text), marks

WRAP = {
    'yaml': (['integrations:'], []),
    'k8s': (['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: {w}-worker', 'spec:', '  template:',
             '    spec:', '      containers:', '        - name: worker', '          image: registry.acme.io/{w}:1.{h}.0',
             '          env:'], []),
    'compose': (['services:', '  api:', '    image: registry.acme.io/{w}-api:latest', '    environment:'],
                ['    ports:', '      - "{p}:{p}"']),
    'gha': (['name: deploy', 'on:', '  push:', '    branches: [main]', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest',
             '    env:'], ['    steps:', '      - uses: actions/checkout@v4', '      - run: make deploy']),
    'gitlab': (['stages: [build, deploy]', 'variables:'], ['deploy:', '  stage: deploy', '  script:', '    - make deploy']),
    'json': (['{{', '  "name": "{w}-service",', '  "version": "1.{h}.0",'], ['  "region": "eu-west-1"', '}}']),
    'java': (['package com.acme.app;', '', 'public final class Config {{'], ['}}']),
    'cs': (['namespace Acme.Api', '{{', '    public static class Settings', '    {{'], ['    }}', '}}']),
    'php': (['<?php', '', 'return ['], ['];']),
    'xml': (['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <appSettings>'],
            ['  </appSettings>', '</configuration>']),
    'tf': (['provider "acme" {{'], ['}}']),
    'rb': (['module Acme', '  class Client'], ['  end', 'end']),
}
FREE_FILLER = {'py', 'js', 'go', 'env', 'sh', 'docker', 'md', 'toml', 'ini', 'properties', 'tf', 'rb', 'yaml', 'kt', 'rs'}
TEST_DIRS = ['tests/fixtures/', 'test/', 'fixtures/', 'spec/fixtures/', 'src/test/resources/', '__tests__/', 'testdata/']


def _fmt(rng, lines):
    return [ln.format(w=_w(rng), W=_w(rng).capitalize(), h=rng.randint(1, 23), p=rng.choice([8080, 3000, 9090]))
            for ln in lines]


# Common ways a credential is written next to its name (context probes).
PROBE_FORMS = [
    ('env', '.env', lambda n, v: [n['upper'] + '='] + v),
    ('shell-export', 'deploy.sh', lambda n, v: ['export ' + n['upper'] + '="'] + v + ['"']),
    ('docker-env', 'Dockerfile', lambda n, v: ['ENV ' + n['upper'] + '='] + v),
    ('yaml', 'config.yml', lambda n, v: [n['snake'] + ': '] + v),
    ('yaml-nested', 'settings.yml', lambda n, v: [n['provider'] + ':\n  api_key: '] + v),
    ('json', 'settings.json', lambda n, v: ['{\n  "' + n['camel'] + '": "'] + v + ['"\n}']),
    ('properties', 'application.properties', lambda n, v: [n['dotted'] + '='] + v),
    ('toml', 'config.toml', lambda n, v: [n['snake'] + ' = "'] + v + ['"']),
    ('py-assign', 'settings.py', lambda n, v: [n['upper'] + ' = "'] + v + ['"']),
    ('py-kwarg', 'client.py', lambda n, v: ['client = Client(' + n['snake'] + '="'] + v + ['")']),
    ('py-environ-call', 'conftest.py', lambda n, v: ['os.environ.setdefault("' + n['upper'] + '", "'] + v + ['")']),
    ('js-const', 'config.js', lambda n, v: ['const ' + n['camel'] + ' = "'] + v + ['";']),
    ('js-object', 'config.mjs', lambda n, v: ['export default { ' + n['camel'] + ': "'] + v + ['" };']),
    ('ts-typed-const', 'config.ts', lambda n, v: ['const ' + n['camel'] + ': string = "'] + v + ['";']),
    ('go-setenv-call', 'main_test.go', lambda n, v: ['\tos.Setenv("' + n['upper'] + '", "'] + v + ['")']),
    ('php-array', 'services.php', lambda n, v: ["    '" + n['snake'] + "' => '"] + v + ["',"]),
    ('php-define-call', 'wp-config.php', lambda n, v: ["define('" + n['upper'] + "', '"] + v + ["');"]),
    ('java-const', 'Config.java', lambda n, v: ['    static final String ' + n['upper'] + ' = "'] + v + ['";']),
    ('xml-appsettings', 'web.config', lambda n, v: ['    <add key="' + n['pascal'] + '" value="'] + v + ['" />']),
    ('k8s-env-name-value', 'deployment.yaml', lambda n, v: ['        - name: ' + n['upper'] + '\n          value: "'] + v + ['"']),
    ('terraform', 'main.tf', lambda n, v: ['  ' + n['snake'] + ' = "'] + v + ['"']),
]


def default_names(rule):
    words = rule.id.split('-')
    prov = words[0]
    if any(w in words for w in ('url', 'webhook', 'dsn')):
        tail = 'url'
    elif 'secret' in words:
        tail = 'secret'
    elif 'password' in words:
        tail = 'password'
    elif 'key' in words:
        tail = 'api_key'
    else:
        tail = 'token'
    return [prov + '_' + tail]


def example_shapes(rule):
    """(name, text before the secret in its value, text after) for each one-line example secret."""
    shapes = []
    for ex in rule.examples:
        text, sec = ex['text'], ex['secret']
        if '\n' in sec:
            continue
        idx = text.find(sec)
        ls = text.rfind('\n', 0, idx) + 1
        le = text.find('\n', idx)
        le = len(text) if le < 0 else le
        line = text[ls:le]
        a = idx - ls
        b = a + len(sec)
        L = a
        while L > 0 and line[L - 1] not in ' \t"\'`=,;()[]{}<>':
            L -= 1
        R = b
        while R < len(line) and line[R] not in ' \t"\'`,;()[]{}<>':
            R += 1
        m = re.search(r'([A-Za-z_][\w.-]*)["\']?\s*(?:=|:|=>|:=)\s*["\'`]?$', line[:L])
        shapes.append((m.group(1) if m else None, line[L:a], line[b:R]))
    return shapes


class Corpus:
    def __init__(self, rules, seed, per_rule):
        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self.rng = random.Random(seed)
        self.per_rule = per_rule
        self.gens = {r.id: TokenGen(r, random.Random('%d/%s' % (seed, r.id))) for r in rules}
        self.files = {}
        self.labels = []
        self.negatives = []
        self.gen_failures = {}
        self.notes = defaultdict(Counter)  # rule -> Counter of placement notes
        self.seq = 0
        _BUNDLE_RNG.seed('%d/bundle' % seed)

    # ---------------------------------------------------------------- checking a candidate file

    def check(self, path, text, marks):
        """'ok', or why the candidate is not a clean test of its labels; also each mark's model verdict."""
        res = model_scan(self.rules, path, text)
        verdicts = []
        status = 'ok'
        for off, secret, rid, role in marks:
            e = [x for x in res if x['start'] == off and x['end'] == off + len(secret) and x['rule'] == rid]
            if not e:
                return 'format', []
            v = e[0]['verdict']
            verdicts.append(v)
            if v.startswith('overlapped-by:') and status == 'ok':
                status = 'contested:' + v.split(':', 1)[1]
        for x in res:
            if x['verdict'] != 'kept':
                continue
            if not any(x['start'] < off + len(sec) and off < x['end'] for off, sec, _, _ in marks):
                return 'dirty:' + x['rule'], verdicts
        return status, verdicts

    def new_dir(self, tests):
        self.seq += 1
        base = '%s-%04d/' % (PROJECTS[self.seq % len(PROJECTS)], self.seq)
        return base, (self.rng.choice(TEST_DIRS) if tests else '')

    def commit(self, doc, verdicts, kind, tests, primary_rule):
        text = doc.text()
        if '\r\n' in text:
            kind += '+crlf'
        elif not text.endswith('\n'):
            kind += '+noeol'
        self.files[doc.path] = text
        for (off, secret, rid, role), v in zip(doc.marks, verdicts):
            self.labels.append({'path': doc.path, 'line': text.count('\n', 0, off) + 1, 'rule': rid,
                                'secret': secret, 'role': role, 'kind': kind, 'tests': tests, 'model': v,
                                'for_rule': primary_rule})

    # ---------------------------------------------------------------- positives

    def build_positives(self):
        for r in self.rules:
            gen = self.gens[r.id]
            if not gen.sources:
                self.gen_failures[r.id] = '; '.join(gen.problems) or 'no usable example'
                continue
            ctx_rule = not self._bare(r)
            n_ctx = max(1, round(self.per_rule * (0.6 if ctx_rule else 0.3)))
            for i in range(self.per_rule):
                tests = i == 1 or self.rng.random() < 0.2
                order = ['ctx', 'tpl'] if i < n_ctx else ['tpl', 'ctx']
                placed = False
                for strategy in order:
                    try:
                        placed = self._place_ctx(r, tests) if strategy == 'ctx' else self._place_tpl(r, tests)
                    except GenError as e:
                        self.gen_failures[r.id] = str(e)
                        placed = None
                    if placed or placed is None:
                        break
                if placed is False:
                    self.notes[r.id]['no clean placement'] += 1

    def _pick_variant(self):
        x = self.rng.random()
        return 'crlf' if x < 0.08 else 'noeol' if x < 0.16 else None

    def _bare(self, r):
        gen = self.gens[r.id]
        s = gen.sources[0][0]
        if '\n' in s:
            return True
        return any(m.span(r.group) == (9, 9 + len(s)) for m in r.py.finditer('value = "%s"\n' % s))

    def _place_tpl(self, r, tests):
        rng = self.rng
        gen = self.gens[r.id]
        src = gen.sources[rng.randrange(len(gen.sources))][0]
        token = gen.from_secret(src)
        if '\n' in token:
            return self._place_multi(r, token, tests)
        shapes = example_shapes(r) or [(None, '', '')]
        names = [s[0] for s in shapes if s[0]] + default_names(r)
        cands = []
        for kind, (paths, builders) in sorted(SINGLE.items()):
            for bi in range(len(builders)):
                cands.append((kind, bi))
        rng.shuffle(cands)
        contested = None
        for kind, bi in cands[:24]:
            paths, builders = SINGLE[kind]
            name = rng.choice(names)
            _, pre, post = rng.choice(shapes)
            segs = builders[bi](name_styles(name), [pre, TOKEN, post])
            base, tdir = self.new_dir(tests)
            path = base + (tdir + paths[rng.randrange(len(paths))].rsplit('/', 1)[-1] if tdir else rng.choice(paths))
            doc = self._doc_single(path, kind, segs, token, r.id)
            doc.variant(self._pick_variant())
            status, verdicts = self.check(path, doc.text(), doc.marks)
            if status == 'ok':
                self.commit(doc, verdicts, 'template:' + kind, tests, r.id)
                return True
            self.seq -= 1
            self.notes[r.id]['template rejected (%s)' % status.split(':')[0]] += 1
            if status.startswith('contested') and contested is None:
                contested = (doc, verdicts, kind)
        if contested:  # every template leaves the secret to another rule: keep one, the report shows it
            doc, verdicts, kind = contested
            self.seq += 1
            self.commit(doc, verdicts, 'template:' + kind, tests, r.id)
            self.notes[r.id]['kept contested placement'] += 1
            return True
        return False

    def _doc_single(self, path, kind, segs, token, rid):
        rng = self.rng
        fk = kind_of_path(path) if kind not in FILLER else kind
        doc = Doc(path)
        pool = FILLER.get(fk) or []
        before, after = WRAP.get(kind, ([], []))
        if kind in FREE_FILLER and pool:
            doc.add_lines(_fill(rng, pool, rng.randint(3, 12)))
        doc.add_lines(_fmt(rng, before))
        for s in segs:
            if s is TOKEN:
                doc.add_secret(token, rid, 'primary')
            else:
                doc.add(s)
        doc.add('\n')
        doc.add_lines(_fmt(rng, after))
        if kind in FREE_FILLER and pool:
            doc.add_lines(_fill(rng, pool, rng.randint(2, 10)))
        return doc

    def _place_multi(self, r, token, tests):
        rng = self.rng
        kinds = sorted(MULTI)
        rng.shuffle(kinds)
        for kind in kinds:
            paths, prefix, indent = MULTI[kind]
            base, tdir = self.new_dir(tests)
            p = rng.choice(paths)
            if 'PGP' not in token and p.endswith('.asc'):
                p = p[:-4] + '.key'
            path = base + (tdir + p.rsplit('/', 1)[-1] if tdir else p)
            secret = token.replace('\n', '\n' + indent) if indent else token
            doc = Doc(path)
            fk = kind_of_path(path)
            if kind != 'keyfile' and FILLER.get(fk):
                doc.add_lines(_fill(rng, FILLER[fk], rng.randint(2, 6)))
            doc.add(prefix)
            doc.add_secret(secret, r.id, 'primary')
            doc.add(MULTI_AFTER[kind] + '\n')
            if kind != 'keyfile' and FILLER.get(fk):
                doc.add_lines(_fill(rng, FILLER[fk], rng.randint(2, 6)))
            doc.variant(self._pick_variant())
            status, verdicts = self.check(path, doc.text(), doc.marks)
            if status == 'ok':
                self.commit(doc, verdicts, 'block:' + kind, tests, r.id)
                return True
            self.seq -= 1
            self.notes[r.id]['block rejected (%s)' % status.split(':')[0]] += 1
        return False

    def _place_ctx(self, r, tests):
        rng = self.rng
        gen = self.gens[r.id]
        exs = [e for e in r.examples if e['secret'] in e['text']]
        rng.shuffle(exs)
        for ex in exs[:4]:
            try:
                token = gen.from_secret(ex['secret'])
            except GenError:
                continue
            text = ex['text'].replace(ex['secret'], token)
            if not text.endswith('\n'):
                text += '\n'
            base, tdir = self.new_dir(tests)
            p = ex.get('path') or 'notes/snippet.txt'
            path = base + (tdir + p.rsplit('/', 1)[-1] if tdir else p.lstrip('/'))
            subs = self._secondary(path, text, token)
            if subs is None:
                self.seq -= 1
                self.notes[r.id]['example context with other secrets'] += 1
                continue
            for old, new, rid in subs:
                text = text.replace(old, new)
            doc = Doc(path)
            fk = kind_of_path(path)
            style = COMMENT_STYLE.get(fk)
            if style:
                doc.add_lines(_fill(rng, FILLER['comment' + style], rng.randint(1, 3)))
            elif fk in ('md', 'txt'):
                doc.add_lines(_fill(rng, FILLER[fk], rng.randint(1, 3)))
            # lay the text out, marking every occurrence of every token
            toks = [(token, r.id, 'primary')] + [(new, rid, 'secondary') for _, new, rid in subs]
            pos = 0
            while pos < len(text):
                best = None
                for t, rid, role in toks:
                    k = text.find(t, pos)
                    if k >= 0 and (best is None or k < best[0]):
                        best = (k, t, rid, role)
                if best is None:
                    doc.add(text[pos:])
                    break
                k, t, rid, role = best
                doc.add(text[pos:k])
                doc.add_secret(t, rid, role)
                pos = k + len(t)
            if style:
                doc.add_lines(_fill(rng, FILLER['comment' + style], rng.randint(1, 3)))
            doc.variant(self._pick_variant())
            status, verdicts = self.check(path, doc.text(), doc.marks)
            if status == 'ok' or status.startswith('contested'):
                if status != 'ok':
                    self.notes[r.id]['kept contested example context'] += 1
                self.commit(doc, verdicts, 'example', tests, r.id)
                return True
            self.seq -= 1
            self.notes[r.id]['example context rejected (%s)' % status.split(':')[0]] += 1
        return False

    # ---------------------------------------------------------------- context probes

    def build_probes(self):
        """Keyword-anchored rules only: the same fresh token under the rule's own variable name in common
        assignment forms, whether or not the rule's regex accepts the form. Reported apart from the figures
        (which count format-true placements only) as the rules' context coverage."""
        self.probes = []
        for r in self.rules:
            gen = self.gens[r.id]
            if not gen.sources or self._bare(r):
                continue
            shapes = example_shapes(r)
            named = [sh for sh in shapes if sh[0]]
            if not named:
                continue
            name, pre, post = named[0]
            prov = r.id.split('-')[0]
            # only rules anchored on that name: NAME=token must be theirs
            probe_tok = gen.sources[0][0]
            line = name_styles(name)['upper'] + '=' + pre + probe_tok + post + '\n'
            k = line.index(probe_tok)
            if '\n' in probe_tok or not any(m.span(r.group) == (k, k + len(probe_tok)) for m in r.py.finditer(line)):
                continue
            for form, path, build in PROBE_FORMS:
                try:
                    token = gen.from_secret(gen.sources[0][0])
                except GenError:
                    break
                if '\n' in token:
                    break
                st = name_styles(name)
                st['provider'] = prov
                segs = build(st, [pre, TOKEN, post])
                full = 'probes/%s/%s/%s' % (form, r.id, path)
                doc = Doc(full)
                for sg in segs:
                    if sg is TOKEN:
                        doc.add_secret(token, r.id, 'probe')
                    else:
                        doc.add(sg)
                doc.add('\n')
                text = doc.text()
                self.files[full] = text
                off, sec, rid, _ = doc.marks[0]
                self.probes.append({'path': full, 'line': text.count('\n', 0, off) + 1, 'rule': rid, 'secret': sec,
                                    'form': form})

    def _secondary(self, path, text, token):
        """Other secrets an example's text holds (a client id next to a secret, an access token next to a
        refresh token): each is replaced by a fresh token of the rule that reports it."""
        subs = []
        for _ in range(3):
            cur = text
            for old, new, _ in subs:
                cur = cur.replace(old, new)
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(token), cur)]
            done = {new for _, new, _ in subs}
            found = [x for x in model_scan(self.rules, path, cur) if x['verdict'] == 'kept'
                     and not any(x['start'] < b and a < x['end'] for a, b in spans) and x['secret'] not in done]
            if not found:
                return subs
            for x in found:
                try:
                    new = self.gens[x['rule']].from_secret(x['secret'])
                except GenError:
                    return None
                subs.append((x['secret'], new, x['rule']))
        return None


# ==================================================================================================
# Hard negatives: lines that look like secrets and are not; each item expects no finding at all

def _r(rng, alphabet, n):
    return ''.join(rng.choice(alphabet) for _ in range(n))


def _b64(data, url=False):
    s = base64.b64encode(data).decode()
    return s.replace('+', '-').replace('/', '_') if url else s


def _rbytes(rng, n):
    return bytes(rng.randrange(256) for _ in range(n))


class NegDoc:
    def __init__(self, path):
        self.path = path
        self.lines = []
        self.items = []

    def line(self, text=''):
        self.lines.extend(text.split('\n'))

    def item(self, text, category):
        start = len(self.lines) + 1
        self.lines.extend(text.split('\n'))
        self.items.append((start, len(self.lines), category, text))


# Assembled from pieces so that this file holds no literal token (the repository scans itself).
P_GHP, P_GHO, P_GHU, P_GHS, P_NPM = 'gh' + 'p_', 'gh' + 'o_', 'gh' + 'u_', 'gh' + 's_', 'np' + 'm_'
P_AKIA, P_SKLIVE, P_RKLIVE, P_SKTEST = 'AK' + 'IA', 'sk_' + 'live_', 'rk_' + 'live_', 'sk_' + 'test_'
P_XOXB, P_XOXP, P_ANT, P_PROJ = 'xox' + 'b-', 'xox' + 'p-', 'sk-' + 'ant-', 'sk-' + 'proj-'
P_AIZA, P_GLPAT, P_GHPAT, P_SG = 'AI' + 'za', 'gl' + 'pat-', 'github' + '_pat_', 'S' + 'G.'
P_HF, P_DOP, P_SHPAT, P_SQ, P_AGE = 'h' + 'f_', 'do' + 'p_v1_', 'shp' + 'at_', 'sq0' + 'atp-', 'AGE-SECRET' + '-KEY-1'
P_PYPI = 'py' + 'pi-AgEIcHlwaS5vcmc'
EYJ = 'ey' + 'J'
BEGIN, END = '-----' + 'BEGIN ', '-----' + 'END '
AWS_DOC_ID = P_AKIA + 'IOSFODNN7' + 'EXAMPLE'
AWS_DOC_KEY2 = ''.join(('wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'EXAMPLEKEY'))

CRED_NAMES = ['API_KEY', 'SECRET_KEY', 'ACCESS_TOKEN', 'AUTH_TOKEN', 'GITHUB_TOKEN', 'STRIPE_SECRET_KEY',
              'SLACK_BOT_TOKEN', 'OPENAI_API_KEY', 'DB_PASSWORD', 'CLIENT_SECRET', 'SENDGRID_API_KEY', 'NPM_TOKEN',
              'JWT_SECRET', 'SESSION_SECRET', 'PRIVATE_TOKEN', 'ANTHROPIC_API_KEY', 'DATADOG_API_KEY']


def _assign(rng, name, value):
    """One credential-looking assignment in a random syntax: (file kind, line)."""
    st = name_styles(name)
    forms = [
        ('env', '%s=%s' % (st['upper'], value)),
        ('env', '%s="%s"' % (st['upper'], value)),
        ('py', '%s = "%s"' % (st['snake'], value)),
        ('js', 'const %s = "%s";' % (st['camel'], value)),
        ('yaml', '%s: %s' % (st['snake'], value)),
        ('yaml', '%s: "%s"' % (st['snake'], value)),
        ('json', '  "%s": "%s",' % (st['camel'], value)),
        ('sh', 'export %s="%s"' % (st['upper'], value)),
        ('docker', 'ENV %s=%s' % (st['upper'], value)),
        ('md', '| `%s` | `%s` | required |' % (st['upper'], value)),
        ('toml', '%s = "%s"' % (st['snake'], value)),
    ]
    return rng.choice(forms)


KIND_PATH = {'env': '.env.example', 'py': 'settings_example.py', 'js': 'config.example.js', 'yaml': 'config.sample.yml',
             'json': 'config.template.json', 'sh': 'env.sh.template', 'docker': 'Dockerfile', 'md': 'CONFIGURATION.md',
             'toml': 'config.example.toml'}


class Negatives:
    def __init__(self, rng):
        self.rng = rng
        self.docs = []

    def doc(self, path):
        for d in self.docs:
            if d.path == path:
                return d
        d = NegDoc(path)
        self.docs.append(d)
        return d

    def build(self):
        for f in (self.placeholders, self.references, self.repeated, self.code, self.hashes, self.uuids,
                  self.data_uris, self.minified, self.bad_checksums, self.near_misses, self.bad_jwts,
                  self.public_keys, self.urls, self.public_ids, self.config_values):
            f()
        return self.docs

    def _by_kind(self, prefix, category, pairs):
        """Spreads (name, value) assignments over files of several kinds."""
        rng = self.rng
        groups = defaultdict(list)
        for name, value in pairs:
            kind, line = _assign(rng, name, value)
            groups[kind].append(line)
        for kind in sorted(groups):
            d = self.doc('%s/%s' % (prefix, KIND_PATH[kind]))
            if kind == 'json':
                d.line('{')
            if kind == 'md':
                d.line('# Configuration\n\n| Variable | Value | |\n|---|---|---|')
            for ln in groups[kind]:
                d.item(ln, category)
            if kind == 'json':
                d.line('  "name": "app"\n}')

    def placeholders(self):
        rng = self.rng
        vals = ['your-api-key-here', 'YOUR_API_KEY', '<YOUR_API_KEY>', '<TOKEN>', '<api-key>', 'changeme', 'CHANGE_ME',
                'REPLACE_ME', 'replace-with-your-token', 'dummy-token-for-tests', 'placeholder', 'REDACTED', '********',
                'xxxxxxxxxxxxxxxxxxxx', 'sample-secret-value', 'insert_key_here', 'your_token_here', '<password>',
                '%API_KEY%', 'TODO-set-me', 'example-token-1234', 'EXAMPLE_SECRET',
                P_SKLIVE + 'x' * 24, P_SKTEST + 'x' * 24, P_GHP + 'x' * 36, P_XOXB + 'your-bot-token',
                P_ANT + 'api03-your-key-here', P_PROJ + 'x' * 40, P_GLPAT + 'x' * 20, P_AIZA + 'x' * 35,
                P_SG + 'x' * 22 + '.' + 'x' * 43, P_NPM + 'x' * 36, P_HF + 'x' * 34, 'xai-' + 'x' * 80,
                P_GHPAT + 'x' * 22 + '_' + 'x' * 59, P_SKLIVE + '...', P_ANT + 'api03-...', P_PROJ + '...']
        pairs = [('AWS_ACCESS_KEY_ID', AWS_DOC_ID), ('AWS_SECRET_ACCESS_KEY', AWS_DOC_KEY2)] * 6
        for _ in range(260):
            pairs.append((rng.choice(CRED_NAMES), rng.choice(vals)))
        self._by_kind('examples/config-templates', 'placeholder', pairs)

    def references(self):
        rng = self.rng
        forms = [
            ('app/settings.py', ['{s} = os.environ["{U}"]', '{s} = os.getenv("{U}")', '{s} = os.environ.get("{U}", "")',
                                 "{s} = app.config['{U}']", '{s} = settings.{U}', '{s} = config["{s}"]']),
            ('src/config.js', ['const {c} = process.env.{U};', '{c}: process.env.{U},', 'const {{ {c} }} = process.env;',
                               "const {c} = config.get('{c}');"]),
            ('cmd/app/main.go', ['\t{c} := os.Getenv("{U}")', '\t{c} := viper.GetString("{s}")']),
            ('src/main/java/com/acme/Config.java', ['    String {c} = System.getenv("{U}");',
                                                    '    @Value("${{{d}}}") private String {c};']),
            ('config/app.rb', ['{s} = ENV["{U}"]', '{s} = ENV.fetch("{U}")', '{s} = Rails.application.credentials.{s}']),
            ('.github/workflows/release.yml', ['      {U}: ${{{{ secrets.{U} }}}}', '          {s}: ${{{{ secrets.{U} }}}}']),
            ('helm/templates/secret.yaml', ['  {s}: {{{{ .Values.{c} | b64enc }}}}', '  {s}: "{{{{ .Values.{c} }}}}"']),
            ('ansible/group_vars/all.yml', ['{s}: "{{{{ vault_{s} }}}}"', '{s}: !vault |']),
            ('.env.example', ['{U}=${{{U}}}', '{U}=$({U}_CMD)', '{U}=']),
            ('docker-compose.yml', ['      {U}: ${{{U}}}', '      - {U}=${{{U}:?missing}}']),
            ('config/database.yml', ['  password: <%= ENV["{U}"] %>', '  password: "#{{ENV[\'{U}\']}}"']),
            ('scripts/ci.sh', ['export {U}="$(vault kv get -field=value secret/ci/{s})"', 'echo "::add-mask::${U}"']),
            ('terraform/variables.tf', ['  {s} = var.{s}', '  {s} = data.aws_secretsmanager_secret_version.{s}.secret_string']),
            ('tests/conftest.py', ['os.environ.setdefault("{U}", os.environ.get("CI_{U}", ""))',
                                   'monkeypatch.setenv("{U}", fake_{s})']),
            ('internal/app/main_test.go', ['\tos.Setenv("{U}", os.Getenv("CI_{U}"))', '\tt.Setenv("{U}", testValue)']),
            ('wp-config.php', ["define('{U}', getenv('{U}'));", "define('{U}', '');"]),
            ('web.config', ['    <add key="{p}" value="%{U}%" />', '    <add key="{p}" value="" />',
                            '    <add key="{p}" value="#{{{p}}}#" />']),
            ('k8s/deployment.yaml', ['        - name: {U}\n          valueFrom:\n            secretKeyRef: {{name: app-secrets, key: {s}}}',
                                     '        - name: {U}\n          value: "$({U})"', '        - name: {U}\n          value: ""']),
            ('src/config.ts', ['const {c}: string = process.env.{U} ?? "";', 'export let {c}: string | undefined = undefined;',
                               'const {c}: string = getSecret("{s}");']),
            ('app/models.py', ['    {s}: str = ""', '    {s}: Optional[str] = None', '    {s}: SecretStr = Field(default=None)']),
        ]
        for path, tpls in forms:
            d = self.doc('app-references/' + path)
            for _ in range(14):
                st = name_styles(rng.choice(CRED_NAMES))
                t = rng.choice(tpls)
                d.item(t.format(s=st['snake'], U=st['upper'], c=st['camel'], d=st['dotted'], p=st['pascal']), 'reference')

    def repeated(self):
        rng = self.rng
        vals = ['a' * 32, '0' * 40, '1' * 16, 'A' * 20, 'ab' * 12, '1234567890' * 3, '0123456789abcdef' * 2,
                'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 'aaaaaaaabbbbbbbbcccccccc',
                'qwertyuiopasdfghjklzxcvbnm', '9' * 24, 'zzzzzzzzzzzzzzzzzzzzzzzz',
                P_GHP + '0' * 36, P_AKIA + 'A' * 16, P_SKLIVE + '0' * 24, P_XOXB + '0' * 11 + '-' + '0' * 12 + '-' + 'a' * 24,
                P_AIZA + '0' * 35, 'sk-' + 'a' * 48, P_GLPAT + '0' * 20, P_SG + 'a' * 22 + '.' + 'b' * 43, P_NPM + '0' * 36,
                P_DOP + '0' * 64, P_ANT + 'api03-' + 'A' * 93 + 'AA', P_HF + 'a' * 34, P_SHPAT + '0' * 32]
        pairs = [(rng.choice(CRED_NAMES), rng.choice(vals)) for _ in range(150)]
        self._by_kind('fixtures/repeated', 'repeated', pairs)

    def code(self):
        lines = {
            'src/auth/service.py': [
                'password = getPassword()', 'token = request.headers.get("Authorization")', 'self.password = password',
                'password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())', 'api_key = get_api_key(user_id)',
                'secret = secrets.token_urlsafe(32)', 'token = jwt.encode(payload, key, algorithm="HS256")',
                'access_token = response.json()["access_token"]', 'client_secret=settings.OAUTH_CLIENT_SECRET,',
                'TOKEN_URL = "https://oauth2.googleapis.com/token"', 'api_key_header = APIKeyHeader(name="X-API-Key")',
                'token_type = "Bearer"', 'if password != confirm_password:', 'raise InvalidToken("token expired")',
                'refresh_token = tokens.get("refresh_token")', 'secret_key = load_secret_key(path)',
                'password_field = forms.CharField(widget=forms.PasswordInput)', 'auth_token = AuthToken.objects.create(user=user)',
                'session_token = session.get("token")', 'api_key = request.args.get("api_key")'],
            'web/src/auth.ts': [
                'const token = req.headers.authorization;', 'const { password } = req.body;', 'const apiKey = getApiKey();',
                'headers: { Authorization: `Bearer ${token}` },', 'const secret = crypto.randomBytes(32).toString("hex");',
                'if (password !== confirmPassword) {', 'passwordInput.type = "password";', 'localStorage.setItem("token", token);',
                'const TOKEN_KEY = "auth_token";', 'const accessToken = await getAccessToken();',
                'export const API_KEY_HEADER = "x-api-key";', '"Authorization": "Bearer " + token,',
                'const [password, setPassword] = useState("");', 'token: string | null = null;',
                'xhr.setRequestHeader("X-Auth-Token", authToken);'],
            'internal/auth/auth.go': [
                '\ttoken := r.Header.Get("Authorization")', '\tpassword, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)',
                '\tapiKey := viper.GetString("api_key")', '\tsecret := mux.Vars(r)["secret"]', '\tif token == "" {',
                '\tclientSecret := cfg.OAuth.ClientSecret', '\treq.Header.Set("Authorization", "Bearer "+token)'],
            'src/main/java/com/acme/AuthController.java': [
                '        String password = request.getParameter("password");', '    private String apiKey;',
                '        String token = tokenProvider.createToken(authentication);', '    private final PasswordEncoder passwordEncoder;',
                '        headers.set("Authorization", "Bearer " + accessToken);'],
            'config/security.yml': [
                'password_min_length: 12', 'token_ttl: 3600', 'api_key_env: OPENAI_API_KEY', 'auth_token_header: X-Auth-Token',
                'password_hash_algorithm: argon2id', 'secret_store: aws-secrets-manager', 'token_endpoint: /oauth/token',
                'session_secret_rotation_days: 30', 'private_key_path: /etc/ssl/private/server.key',
                'api_key_prefix: live', 'token_audience: api://default'],
            'app/views/login.html': [
                '<input type="password" name="password" id="password" autocomplete="current-password">',
                '<label for="api_key">API key</label>', '<meta name="csrf-token" content="{{ csrf_token }}">'],
            'docs/api.md': [
                'Send the token in the `Authorization` header: `Authorization: Bearer <token>`.',
                'The `api_key` parameter is deprecated; use `X-API-Key` instead.',
                'Rotate the password with `acme-cli rotate --password-file /run/secrets/db`.'],
        }
        for path, ls in lines.items():
            d = self.doc('app-code/' + path)
            for _ in range(2):
                for ln in ls:
                    d.item(ln, 'code')

    def hashes(self):
        rng = self.rng
        pkgs = ['lodash', 'react', 'react-dom', 'express', 'debug', 'ms', 'semver', 'chalk', 'commander', 'axios',
                'follow-redirects', 'tslib', 'uuid', 'minimist', 'yargs', 'glob', 'rimraf', 'inherits', 'safe-buffer',
                'readable-stream', 'string_decoder', 'once', 'wrappy', 'path-is-absolute', 'minimatch']
        d = self.doc('web/package-lock.json')
        d.line('{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {')
        for i in range(60):
            p = pkgs[i % len(pkgs)] + ('' if i < len(pkgs) else '-' + str(i))
            v = '%d.%d.%d' % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 20))
            d.line('    "node_modules/%s": {\n      "version": "%s",' % (p, v))
            d.line('      "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz",' % (p, p, v))
            d.item('      "integrity": "sha512-%s",' % _b64(_rbytes(rng, 64)), 'hash')
            d.line('      "dev": true\n    },')
        d.line('  }\n}')
        d = self.doc('web/yarn.lock')
        for i in range(30):
            p = pkgs[i % len(pkgs)]
            d.line('%s@^1.0.0:\n  version "1.%d.0"\n  resolved "https://registry.yarnpkg.com/%s/-/%s-1.%d.0.tgz#%s"'
                   % (p, i, p, p, i, _r(rng, HEXL, 40)))
            d.item('  integrity sha512-%s' % _b64(_rbytes(rng, 64)), 'hash')
            d.line('')
        d = self.doc('crates/Cargo.lock')
        for i in range(30):
            d.line('[[package]]\nname = "crate-%d"\nversion = "0.%d.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"' % (i, i))
            d.item('checksum = "%s"' % _r(rng, HEXL, 64), 'hash')
            d.line('')
        d = self.doc('service/go.sum')
        for i in range(25):
            mod = 'github.com/%s/%s v1.%d.%d' % (rng.choice(['spf13', 'stretchr', 'google', 'golang', 'uber-go']),
                                                  rng.choice(['cobra', 'testify', 'uuid', 'protobuf', 'zap', 'viper']), i, rng.randint(0, 9))
            d.item('%s h1:%s' % (mod, _b64(_rbytes(rng, 32))), 'hash')
            d.item('%s/go.mod h1:%s' % (mod, _b64(_rbytes(rng, 32))), 'hash')
        d = self.doc('ml/requirements.lock')
        for i in range(20):
            d.item('numpy==1.26.%d \\\n    --hash=sha256:%s' % (i, _r(rng, HEXL, 64)), 'hash')
        d = self.doc('ml/poetry.lock')
        for i in range(15):
            d.item('    {file = "pkg_%d-1.0-py3-none-any.whl", hash = "sha256:%s"},' % (i, _r(rng, HEXL, 64)), 'hash')
        d = self.doc('php/composer.lock')
        for i in range(15):
            d.item('            "reference": "%s",' % _r(rng, HEXL, 40), 'hash')
            d.item('            "shasum": "%s"' % _r(rng, HEXL, 40), 'hash')
        d = self.doc('CHANGELOG.md')
        d.line('# Changelog\n')
        for i in range(20):
            d.item('- Fix %s export when the queue is empty (%s)' % (rng.choice(WORDS), _r(rng, HEXL, 40)), 'hash')
        d = self.doc('.git-blame-ignore-revs')
        d.line('# mass reformatting')
        for i in range(20):
            d.item(_r(rng, HEXL, 40), 'hash')
        d = self.doc('docs/release-process.md')
        for i in range(10):
            d.item('commit %s\nAuthor: Release Bot <release@acme.io>\nDate:   Mon Mar %d 10:00:00 2024 +0000\n' % (_r(rng, HEXL, 40), i + 1), 'hash')
        d = self.doc('dist/SHA256SUMS')
        for i in range(20):
            d.item('%s  acme-cli-1.%d.0-%s.tar.gz' % (_r(rng, HEXL, 64), i, rng.choice(['linux-amd64', 'darwin-arm64', 'windows-amd64'])), 'hash')
        d = self.doc('deploy/images.yaml')
        for i in range(12):
            d.item('image: docker.io/library/%s@sha256:%s' % (rng.choice(['nginx', 'redis', 'postgres', 'python']), _r(rng, HEXL, 64)), 'hash')
        d = self.doc('public/index.html')
        for i in range(10):
            d.item('<script src="https://cdn.jsdelivr.net/npm/lib%d@1.0.0/dist/lib.min.js" integrity="sha384-%s" crossorigin="anonymous"></script>'
                   % (i, _b64(_rbytes(rng, 48))), 'hash')
        d = self.doc('nix/flake.lock')
        for i in range(10):
            d.item('        "narHash": "sha256-%s",' % _b64(_rbytes(rng, 32)), 'hash')
            d.item('        "rev": "%s",' % _r(rng, HEXL, 40), 'hash')
        d = self.doc('infra/.terraform.lock.hcl')
        for i in range(10):
            d.item('    "h1:%s",' % _b64(_rbytes(rng, 32)), 'hash')
            d.item('    "zh:%s",' % _r(rng, HEXL, 64), 'hash')
        d = self.doc('api/fixtures/sessions.json')
        for i in range(10):
            d.item('  {"id": %d, "user": "%s", "auth": "%s"},' % (i, _w(rng), _r(rng, HEXL, rng.choice([40, 64]))), 'hash')
        d = self.doc('ruby/Gemfile.lock')
        for i in range(10):
            d.item('  %s (1.%d.0) sha256=%s' % (rng.choice(['rack', 'rails', 'puma', 'nokogiri']), i, _r(rng, HEXL, 64)), 'hash')

    def uuids(self):
        rng = self.rng

        def u():
            return '%s-%s-4%s-%s%s-%s' % (_r(rng, HEXL, 8), _r(rng, HEXL, 4), _r(rng, HEXL, 3), rng.choice('89ab'),
                                          _r(rng, HEXL, 3), _r(rng, HEXL, 12))
        forms = [
            ('logs/api.log', '2024-03-0{d} 10:1{d}:22Z INFO request_id={u} method=GET path=/v1/orders status=200'),
            ('logs/api.log', '2024-03-0{d} 10:1{d}:22Z WARN trace_id={u} retrying upstream call'),
            ('data/orders.json', '  {{"id": "{u}", "status": "shipped", "total": 42.{d}0}},'),
            ('.env', 'AZURE_CLIENT_ID={u}'), ('.env', 'AZURE_TENANT_ID={u}'), ('.env', 'AZURE_SUBSCRIPTION_ID={u}'),
            ('infra/azure.tf', '  tenant_id       = "{u}"'), ('infra/azure.tf', '  subscription_id = "{u}"'),
            ('src/App.sln', 'Project("{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}") = "Api", "Api\\Api.csproj", "{{{U}}}"'),
            ('k8s/pod.json', '    "uid": "{u}",'), ('app/events.py', 'EVENT_TYPE_ID = "{u}"'),
            ('README.md', 'The dashboard id is `{u}`.'), ('config/app.yml', 'correlation_id: {u}'),
        ]
        for path, form in forms:
            d = self.doc('uuids/' + path)
            for _ in range(10):
                v = u()
                d.item(form.format(u=v, U=v.upper(), d=rng.randint(1, 9)), 'uuid')

    def data_uris(self):
        rng = self.rng
        png = b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR'
        d = self.doc('web/public/email-template.html')
        for i in range(20):
            d.item('<img alt="logo" src="data:image/png;base64,%s">' % _b64(png + _rbytes(rng, rng.randint(60, 900))), 'data-uri')
        d = self.doc('web/src/styles.css')
        for i in range(20):
            kind = rng.choice(['image/svg+xml', 'image/gif', 'font/woff2'])
            d.item('.icon-%d { background-image: url(data:%s;base64,%s); }' % (i, kind, _b64(_rbytes(rng, rng.randint(40, 1500)))), 'data-uri')
        d = self.doc('docs/screenshots.md')
        for i in range(10):
            d.item('![diagram](data:image/png;base64,%s)' % _b64(png + _rbytes(rng, rng.randint(100, 600))), 'data-uri')
        d = self.doc('app/manifest.json')
        for i in range(10):
            d.item('  "icon%d": "data:image/png;base64,%s",' % (i, _b64(png + _rbytes(rng, rng.randint(50, 300)))), 'data-uri')

    def minified(self):
        rng = self.rng
        idents = ['a', 'b', 'c', 'e', 't', 'n', 'r', 'o', 'i', 's', 'u', 'l', 'f', 'p', 'd', 'h', 'm', 'g', 'v', 'y']

        def chunk():
            x, y, z = rng.sample(idents, 3)
            w = _w(rng)
            return rng.choice([
                'function %s(%s,%s){return %s.%s(%s)}' % (x, y, z, y, w, z),
                'var %s=%s.exports={%s:function(){return %s},token:%s.token,apiKey:%s.apiKey};' % (x, y, w, z, z, z),
                '%s.headers.Authorization="Bearer "+%s;' % (x, y),
                '{"x-api-key":%s.key,password:"",secret:%s}' % (x, y),
                '%s=%s||{};%s.%s=%d;' % (x, x, x, w, rng.randint(0, 99999)),
                'color:#%s;background:#%s;' % (_r(rng, HEXL, 6), _r(rng, HEXL, 6)),
                '%s.p+"static/js/"+({%s})[%s]+"."+{%s}[%s]+".chunk.js"' % (
                    x, ','.join('%d:"%s"' % (k, w) for k in range(3)), y,
                    ','.join('%d:"%s"' % (k, _r(rng, HEXL, 8)) for k in range(6)), y),
                'var %s="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";' % x,
                '"%s"===typeof %s&&(%s=%s.split(","));' % (w, x, y, x),
                '%s.prototype.%s=function(%s){if(!%s)throw new Error("%s missing");return this}' % (x.upper(), w, y, y, w),
                'case %d:return"%s";' % (rng.randint(0, 40), w),
                '%s("%s",{hash:"%s"})' % (x, w, _r(rng, HEXL, 20)),
                'i18n:{%s:"%s %s"}' % (w, w.capitalize(), _w(rng)),
            ])
        d = self.doc('web/dist/static/js/main.min.js')
        for i in range(25):
            parts = ['!function(e,t){"object"==typeof exports?module.exports=t():e.App=t()}(this,function(){']
            size = rng.randint(3000, 40000)
            n = 0
            while n < size:
                c = chunk()
                parts.append(c)
                n += len(c)
            parts.append('});')
            d.item(''.join(parts), 'minified')
        d.line('//# sourceMappingURL=main.min.js.map')
        d = self.doc('web/dist/static/css/main.min.css')
        for i in range(10):
            rules = []
            for _ in range(rng.randint(100, 600)):
                rules.append('.%s-%d{color:#%s;margin:%dpx}' % (_w(rng), rng.randint(0, 99), _r(rng, HEXL, 6), rng.randint(0, 40)))
            d.item(''.join(rules), 'minified')

    def bad_checksums(self):
        rng = self.rng
        pairs = []
        for _ in range(90):
            pre = rng.choice([P_GHP, P_GHO, P_GHU, P_GHS, P_NPM])
            body = _r(rng, ALNUM, 30)
            good = base62_checksum(zlib.crc32(body.encode()))
            bad = good
            while bad == good:
                bad = _r(rng, ALNUM, 6) if rng.random() < 0.5 else good[:5] + rng.choice(ALNUM)
            name = 'NPM_TOKEN' if pre == P_NPM else rng.choice(['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_PAT', 'GIT_TOKEN'])
            pairs.append((name, pre + body + bad))
        self._by_kind('tests/credentials/bad-checksum', 'bad-checksum', pairs)

    def near_misses(self):
        rng = self.rng
        gens = [
            lambda: P_GHP + _r(rng, ALNUM, 35), lambda: P_GHP + _r(rng, ALNUM, 37), lambda: P_GHO + _r(rng, ALNUM, 35),
            lambda: P_GHPAT + _r(rng, ALNUM, 21) + '_' + _r(rng, ALNUM, 59),
            lambda: P_GHPAT + _r(rng, ALNUM, 22) + '_' + _r(rng, ALNUM, 58),
            lambda: P_ANT + 'api03-' + _r(rng, B64URL, 90) + 'AA', lambda: P_ANT + 'api03-' + _r(rng, B64URL, 93) + 'AB',
            lambda: P_ANT + 'apo03-' + _r(rng, B64URL, 93) + 'AA', lambda: P_ANT + 'api3-' + _r(rng, B64URL, 93) + 'AA',
            lambda: P_PROJ + _r(rng, ALNUM, 60), lambda: P_AKIA + _r(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 15),
            lambda: P_AKIA + _r(rng, UPPER, 10) + '018' + _r(rng, UPPER, 3), lambda: P_AIZA + _r(rng, ALNUM, 34),
            lambda: P_XOXB + _r(rng, LOWER, 10) + '-' + _r(rng, LOWER, 12) + '-' + _r(rng, ALNUM, 24),
            lambda: P_SKLIVE + _r(rng, ALNUM, 20), lambda: P_RKLIVE + _r(rng, ALNUM, 19), lambda: P_GLPAT + _r(rng, ALNUM, 19),
            lambda: P_NPM + _r(rng, ALNUM, 35), lambda: P_DOP + _r(rng, HEXL, 63),
            lambda: P_SG + _r(rng, ALNUM, 21) + '.' + _r(rng, ALNUM, 43), lambda: P_HF + _r(rng, LOWER, 20) + '1234' + _r(rng, LOWER, 10),
            lambda: P_SHPAT + _r(rng, HEXL, 31), lambda: P_XOXP + '%d-%d-%d-%s' % (rng.randint(10 ** 9, 10 ** 10), rng.randint(10 ** 9, 10 ** 10), rng.randint(10 ** 9, 10 ** 10), _r(rng, HEXL, 31)),
            lambda: P_SQ + _r(rng, ALNUM, 21), lambda: P_AGE + _r(rng, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 57),
            lambda: P_PYPI + _r(rng, B64URL, 40),
        ]
        forms = [('tests/test_token_formats.py', '    ("{v}", False),'),
                 ('tests/token_formats.test.js', '  expect(isValidToken("{v}")).toBe(false);'),
                 ('docs/formats.md', '- `{v}`: rejected, wrong length'),
                 ('logs/validator.log', 'WARN rejected malformed credential id={v} reason=format')]
        for path, form in forms:
            d = self.doc('validation/' + path)
            for _ in range(35):
                d.item(form.format(v=rng.choice(gens)()), 'near-miss')

    def bad_jwts(self):
        rng = self.rng

        def part(json_ok):
            if json_ok:
                obj = '{"sub":"%d","iat":%d,"name":"%s"}' % (rng.randint(10 ** 6, 10 ** 9), rng.randint(1.6e9, 1.8e9), _w(rng))
            else:  # starts like JSON ({") so the base64 starts with eyJ, but is not an object
                obj = '{"' + rng.choice(['alg HS256 typ JWT', 'hello world this is not json', 'sub 1234567890 name',
                                         'version: 3, sources: [main.js'] ) + _r(rng, ALNUM, rng.randint(0, 20))
            return _b64(obj.encode(), url=True).rstrip('=')
        forms = [('logs/callback.log', 'GET /oauth/callback?state={j}&code=ok 302'),
                 ('tests/jwt_test.py', '    token = "{j}"'),
                 ('tests/jwt.test.ts', '  const jwt = "{j}";'),
                 ('docs/session.md', 'A malformed session cookie looks like `session={j}`.'),
                 ('fixtures/requests.http', 'Authorization: Bearer {j}')]
        for path, form in forms:
            d = self.doc('jwt-shapes/' + path)
            for _ in range(14):
                head_ok = rng.random() < 0.3
                j = part(head_ok) + '.' + part(not head_ok and rng.random() < 0.5) + '.' + _r(rng, B64URL, 43)
                d.item(form.format(j=j), 'bad-jwt')

    def public_keys(self):
        rng = self.rng
        d = self.doc('keys/README.md')
        for kind in ['PUBLIC KEY', 'CERTIFICATE', 'RSA PUBLIC KEY', 'PGP PUBLIC KEY BLOCK', 'CERTIFICATE REQUEST']:
            for _ in range(4):
                body = _b64(_rbytes(rng, rng.choice([162, 270, 420])))
                lines = [body[i:i + 64] for i in range(0, len(body), 64)]
                d.line('```')
                d.item(BEGIN + kind + '-----\n' + '\n'.join(lines) + '\n' + END + kind + '-----', 'public-key')
                d.line('```')
        for kind in ['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY']:
            for body in ['...', '<your private key here>', 'MIIEpAIBAAKCAQEA...', '(redacted)']:
                d.item(BEGIN + kind + '-----\n' + body + '\n' + END + kind + '-----', 'public-key')
        d = self.doc('deploy/authorized_keys')
        for i in range(15):
            d.item('ssh-ed25519 %s deploy-%d@acme.io' % (_b64(b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 ' + _rbytes(rng, 32)), i), 'public-key')
        d = self.doc('deploy/known_hosts')
        for i in range(10):
            d.item('github.com ssh-rsa %s' % _b64(b'\x00\x00\x00\x07ssh-rsa' + _rbytes(rng, 270)), 'public-key')

    def urls(self):
        rng = self.rng
        urls = ['postgres://user:password@localhost:5432/mydb', 'postgresql://postgres:postgres@localhost:5432/test',
                'mysql://root:root@127.0.0.1:3306/test', 'amqp://guest:guest@localhost:5672//', 'redis://localhost:6379/0',
                'mongodb://localhost:27017/app', 'https://user@github.com/acme/repo.git', 'git@github.com:acme/repo.git',
                'https://${GITHUB_TOKEN}@github.com/acme/repo.git', 'postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app',
                'https://api.acme.io/v1/items?page=2&per_page=100', 'http://localhost:8080/api/v1/users/123',
                'https://acme.io/reset?token=', 'redis://:${REDIS_PASSWORD}@cache:6379', 'mongodb://admin:admin@localhost:27017',
                'https://oauth2.googleapis.com/token', 'ftp://anonymous@ftp.acme.io/pub', 'postgres://app@replica:5432/app',
                'mysql://user:pass@db/app', 'https://user:<password>@registry.acme.io', 'amqp://%(user)s:%(password)s@mq:5672/']
        d = self.doc('docs/connection-strings.md')
        for _ in range(60):
            d.item('- `%s`' % rng.choice(urls), 'url')

    def config_values(self):
        """Values next to credential-like names that are not credentials: files, resource names, settings,
        base64 of documentation placeholders (Kubernetes Secret manifests in docs and tests)."""
        pairs = [('private_key', 'keys/server.pem'), ('ssl_key', 'certs/tls.key'), ('token_file', 'secrets/ci-token.txt'),
                 ('client_secret_file', 'config/client_secret.json'), ('secret_name', 'prod/db/credentials'),
                 ('secret_name', 'api-tls-2024'), ('secret', 'billing-secrets-v2'), ('token_ttl', '30m'),
                 ('password_policy', 'strong-v3'), ('api_key_ref', 'vault:kv/data/app#api_key'),
                 ('password', base64.b64encode(b'password').decode()), ('token', base64.b64encode(b'changeme').decode()),
                 ('secret', base64.b64encode(b'secret').decode()), ('api_key', base64.b64encode(b'your-api-key').decode()),
                 ('auth_token_expiry', '2025-12-31T23:59:59Z'), ('secret_version', 'v2.3.1'),
                 ('token_issuer', 'https://auth.acme.io/'), ('secret_store', 'aws-secretsmanager'),
                 ('password_reset_path', '/account/reset'), ('access_key_rotation', 'every-90-days'),
                 ('session_secret_env', 'SESSION_SECRET'), ('api_key_location', 'header'), ('token_algorithm', 'RS256'),
                 ('secret_backend', 'hashicorp-vault'), ('password_min_length', '12'), ('token_cache', '/var/cache/tokens')]
        out = []
        for _ in range(3):
            out += pairs
        self._by_kind('deploy/settings', 'config-value', out)

    def public_ids(self):
        rng = self.rng
        forms = [
            ('web/.env', 'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_' + 'live_{a24}'),
            ('web/src/stripe.ts', 'const stripe = loadStripe("pk_' + 'test_{a24}");'),
            ('web/src/maps.ts', 'mapboxgl.accessToken = "pk.' + EYJ + '1IjoiYWNtZSIsImEiOiJ{a20}fQ.{a22}"'),
            ('app/google.json', '  "client_id": "{d12}-{l32}.apps.googleusercontent.com",'),
            ('infra/iam.tf', '  role_arn = "arn:aws:iam::{d12}:role/deploy"'),
            ('infra/vars.tf', '  account_id = "{d12}"'),
            ('app/slack.yml', 'channel_id: C{U10}'),
            ('docs/network.md', 'The NAT gateway is at 2001:db8:{h4}:{h4}::1 (MAC 02:42:{h2}:{h2}:{h2}:{h2}).'),
            ('app/version.py', '__commit__ = "{h40}"'),
            ('web/src/analytics.ts', 'gtag("config", "G-{U10}");'),
            ('app/i18n/en.json', '  "{w}_{w}_label": "{W} {w}",'),
            ('android/app/build.gradle', '        applicationId "io.acme.{w}"'),
        ]
        for path, form in forms:
            d = self.doc('public/' + path)
            for _ in range(8):
                d.item(form.format(a24=_r(rng, ALNUM, 24), a20=_r(rng, ALNUM, 20), a22=_r(rng, B64URL, 22), d12=_r(rng, DIGITS, 12),
                                   l32=_r(rng, LOWER + DIGITS, 32), U10=_r(rng, UPPER + DIGITS, 10), h4=_r(rng, HEXL, 4),
                                   h2=_r(rng, HEXL, 2), h40=_r(rng, HEXL, 40), w=_w(rng), W=_w(rng).capitalize()), 'public-id')


# ==================================================================================================
# Running keysnare, matching findings to labels, the report

def redact(s, show):
    if show:
        return s.replace('\n', '\\n')
    s1 = s.split('\n')[0]
    return '%s...(%d chars)' % (s1[:min(8, max(2, len(s1) // 4))], len(s))


def write_tree(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w', encoding='utf-8', newline='') as fh:
            fh.write(text)


def run_keysnare(binary, tree, extra, workdir, timeout):
    out = os.path.join(workdir, 'findings.json')
    cmd = [binary, 'dir', tree, '--format', 'json', '--show-secrets', '-q', '--max-findings-per-file', '0',
           '-o', out] + extra
    env = dict(os.environ, KEYSNARE_CACHE_DIR=os.path.join(workdir, 'cache'))
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=timeout)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise RuntimeError('keysnare exited %d: %s' % (p.returncode, p.stderr.decode(errors='replace').strip()[:2000]))
    with open(out, encoding='utf-8') as fh:
        findings = json.load(fh)
    return findings, wall, cmd


def _overlap(a, b):
    return a == b or a in b or b in a


def evaluate(rules, labels, negdocs, findings, files, probes=()):
    by_pos = defaultdict(list)
    probe_pos = defaultdict(list)
    for pb in probes:
        pb['found_by'] = []
        probe_pos[(pb['path'], pb['line'])].append(pb)
    for lb in labels:
        lb['found'] = False
        lb['claimed_by'] = []
        by_pos[(lb['path'], lb['line'])].append(lb)
    neg_ranges = defaultdict(list)
    items = []
    for d in negdocs:
        for (a, b, cat, text) in d.items:
            it = {'path': d.path, 'start': a, 'end': b, 'category': cat, 'text': text, 'hits': []}
            items.append(it)
            neg_ranges[d.path].append(it)
    fps = []
    for f in findings:
        path, line, rid, sec = f['file'], f['line'], f['rule_id'], f.get('secret', '')
        pcands = [pb for pb in probe_pos.get((path, line), []) if _overlap(pb['secret'], sec)]
        if pcands or path.startswith('probes/'):
            for pb in pcands:
                pb['found_by'].append(rid)
            f['_status'] = 'probe'
            continue
        cands = [lb for lb in by_pos.get((path, line), []) if _overlap(lb['secret'], sec)]
        same = [lb for lb in cands if lb['rule'] == rid]
        if same:
            for lb in same:
                lb['found'] = True
            f['_status'] = 'tp'
        elif cands:
            for lb in cands:
                lb['claimed_by'].append(rid)
            f['_status'] = 'mislabel'
        else:
            hit = [it for it in neg_ranges.get(path, []) if it['start'] <= line <= it['end']]
            if hit:
                for it in hit:
                    it['hits'].append(f)
                f['_status'] = 'fp-negative'
                f['_category'] = hit[0]['category']
            else:
                f['_status'] = 'fp-other'
            fps.append(f)
    return items, fps


def model_all(rules, files):
    """The model's kept findings over the whole corpus: {(path, line, rule, secret)}."""
    out = set()
    for path, text in files.items():
        if path.startswith('probes/'):
            continue
        for x in model_scan(rules, path, text):
            if x['verdict'] == 'kept':
                out.add((path, x['line'], x['rule'], x['secret']))
    return out


def fmt_ratio(a, b):
    return '%.4f' % (a / b) if b else '   -  '


def report(args, rules, corpus, negdocs, items, findings, fps, gen_fail, model_set, wall, cmd):
    show = args.show_secrets
    labels = corpus.labels
    P = print
    rule_ids = [r.id for r in rules]
    stat = {rid: Counter() for rid in rule_ids}
    for lb in labels:
        s = stat.setdefault(lb['rule'], Counter())
        s['pos'] += 1
        if lb['found']:
            s['tp'] += 1
        else:
            s['fn'] += 1
            if lb['claimed_by']:
                s['mis'] += 1
    for f in findings:
        s = stat.setdefault(f['rule_id'], Counter())
        if f['_status'] in ('fp-negative', 'fp-other'):
            s['fp'] += 1
            s['fp_neg' if f['_status'] == 'fp-negative' else 'fp_other'] += 1
        elif f['_status'] == 'mislabel':
            s['stole'] += 1

    tp = sum(1 for lb in labels if lb['found'])
    fn = len(labels) - tp
    mis = sum(1 for lb in labels if not lb['found'] and lb['claimed_by'])
    fp_neg = sum(1 for f in fps if f['_status'] == 'fp-negative')
    fp_other = sum(1 for f in fps if f['_status'] == 'fp-other')
    hn_hit = sum(1 for it in items if it['hits'])
    recall = tp / len(labels) if labels else 0.0
    hn_prec = 1 - hn_hit / len(items) if items else 1.0
    prec = tp / (tp + fp_neg + fp_other) if tp + fp_neg + fp_other else 1.0

    P('keysnare accuracy benchmark')
    shown = [cmd[0], 'dir', 'TREE'] + ['OUT' if i and cmd[i - 1] == '-o' else c for i, c in enumerate(cmd) if i >= 3]
    P('  command: %s' % ' '.join(shlex.quote(c) for c in shown))
    P('  seed %d, %d rules, %d per rule; corpus: %d files (%d of them context probes), %.1f MB; scan %.2f s'
      % (args.seed, len(rules), args.per_rule, len(corpus.files) + len(negdocs), len(getattr(corpus, 'probes', [])),
         (sum(len(t) for t in corpus.files.values()) + sum(sum(len(x) + 1 for x in d.lines) for d in negdocs)) / 1e6, wall))
    P('')
    P('Per rule (positives = labelled format-true tokens; MIS = claimed by another rule; FP = findings of')
    P('the rule on no label, hard negatives included; STOLE = labels of other rules it claimed)')
    P('  %-40s %4s %4s %4s %4s %4s %5s %9s %7s' % ('rule', 'pos', 'TP', 'FN', 'MIS', 'FP', 'STOLE', 'precision', 'recall'))
    for rid in sorted(stat):
        s = stat[rid]
        if not (s['pos'] or s['fp'] or s['stole']) and not args.all_rules:
            continue
        P('  %-40s %4d %4d %4d %4d %4d %5d %9s %7s' % (rid, s['pos'], s['tp'], s['fn'], s['mis'], s['fp'], s['stole'],
                                                       fmt_ratio(s['tp'], s['tp'] + s['fp']), fmt_ratio(s['tp'], s['pos'])))
    P('')
    P('Overall')
    P('  positives %d (%d under tests/ or fixtures/ paths), TP %d, FN %d (%d claimed by another rule)'
      % (len(labels), sum(1 for lb in labels if lb['tests']), tp, fn, mis))
    P('  recall %.4f   (target 1.0 on format-true positives)' % recall)
    P('  hard negatives: %d items, %d with a finding -> precision on hard negatives %.4f   (target >= 0.99)'
      % (len(items), hn_hit, hn_prec))
    P('  findings %d: TP %d, mislabelled %d, FP on hard negatives %d, FP elsewhere (filler, unlabelled) %d -> precision %.4f'
      % (sum(1 for f in findings if f['_status'] != 'probe'), tp, sum(1 for f in findings if f['_status'] == 'mislabel'),
         fp_neg, fp_other, prec))
    P('')
    P('Hard negatives by category')
    cats = defaultdict(list)
    for it in items:
        cats[it['category']].append(it)
    P('  %-14s %6s %6s  %s' % ('category', 'items', 'w/ FP', 'rules that fired'))
    for c in sorted(cats):
        its = cats[c]
        fired = Counter(f['rule_id'] for it in its for f in it['hits'])
        P('  %-14s %6d %6d  %s' % (c, len(its), sum(1 for it in its if it['hits']),
                                  ', '.join('%s x%d' % kv for kv in fired.most_common(5)) or '-'))
    P('')
    bad = [(rid, s) for rid, s in stat.items() if s['fn'] or s['fp'] or s['stole']]
    bad.sort(key=lambda x: (x[1]['tp'] / x[1]['pos'] if x[1]['pos'] else 1.0, -x[1]['fp'], -x[1]['stole'], x[0]))
    P('Worst rules')
    if not bad:
        P('  none: every rule found all its positives and nothing else')
    for rid, s in bad[:args.worst]:
        why = []
        if s['fn']:
            reasons = Counter()
            for lb in labels:
                if lb['rule'] == rid and not lb['found']:
                    if lb['claimed_by']:
                        reasons['claimed by ' + '/'.join(sorted(set(lb['claimed_by'])))] += 1
                    elif lb['model'] != 'kept':
                        reasons['model: ' + lb['model']] += 1
                    else:
                        reasons['missed (model expected a finding)'] += 1
            why.append('misses %d/%d: %s' % (s['fn'], s['pos'], '; '.join('%s x%d' % kv for kv in reasons.most_common())))
        if s['fp']:
            c = Counter(f.get('_category', 'outside hard negatives') for f in fps if f['rule_id'] == rid)
            why.append('FP %d: %s' % (s['fp'], ', '.join('%s x%d' % kv for kv in c.most_common())))
        if s['stole']:
            why.append('claimed %d labels of other rules' % s['stole'])
        P('  %-40s %s' % (rid, ' | '.join(why)))
    if args.verbose:
        P('')
        P('Missed positives')
        for lb in labels:
            if not lb['found']:
                P('  %s:%d %s %s model=%s claimed_by=%s' % (lb['path'], lb['line'], lb['rule'], redact(lb['secret'], show),
                                                            lb['model'], ','.join(lb['claimed_by']) or '-'))
        P('False positives')
        for f in fps:
            P('  %s:%d %s %s [%s]' % (f['file'], f['line'], f['rule_id'], redact(f['secret'], show),
                                     f.get('_category', 'outside hard negatives')))
    P('')
    P('Generators')
    no_gen = [r.id for r in rules if not any(lb['for_rule'] == r.id and lb['role'] == 'primary' for lb in labels)]
    P('  rules with format-true positives: %d of %d' % (len(rules) - len(no_gen), len(rules)))
    for rid in no_gen:
        P('  NO FORMAT-TRUE TOKEN: %s: %s' % (rid, gen_fail.get(rid, 'no clean placement in any file kind')))
    short = [(r.id, n) for r in rules
             for n in [sum(1 for lb in labels if lb['for_rule'] == r.id and lb['role'] == 'primary')]
             if 0 < n < args.per_rule]
    for rid, n in short:
        P('  only %d of %d positives placed: %s' % (n, args.per_rule, rid))
    ks = {(f['file'], f['line'], f['rule_id'], f.get('secret', '')) for f in findings if f['_status'] != 'probe'}
    only_ks = ks - model_set
    only_model = model_set - ks
    P('')
    P('Model (Python mirror of regexes, overlap resolution and filters) vs keysnare: %d findings agree, '
      '%d only keysnare, %d only model' % (len(ks & model_set), len(only_ks), len(only_model)))
    for tag, st in (('only keysnare', only_ks), ('only model', only_model)):
        for (p, l, r, s) in sorted(st)[:args.worst]:
            P('  %s: %s:%d %s %s' % (tag, p, l, r, redact(s, show)))
    if args.verbose:
        P('')
        P('Placement notes (candidate files rejected because the rule\'s own regex does not extract the token there')
        P('(format), another rule takes it (contested), or another secret turns up (dirty)):')
        for rid in sorted(corpus.notes):
            P('  %-40s %s' % (rid, ', '.join('%s %d' % kv for kv in sorted(corpus.notes[rid].items()))))
    probes = getattr(corpus, 'probes', [])
    if probes:
        P('')
        P('Context coverage of keyword-anchored rules (not in the figures above): a fresh token under the name')
        P('the rule\'s examples use, written in common forms; found by the rule / by another rule / missed')
        forms = defaultdict(list)
        for pb in probes:
            forms[pb['form']].append(pb)
        P('  %-20s %6s %6s %6s %6s' % ('form', 'rules', 'rule', 'other', 'missed'))
        for form, _, _ in PROBE_FORMS:
            ps = forms.get(form, [])
            own = sum(1 for pb in ps if pb['rule'] in pb['found_by'])
            other = sum(1 for pb in ps if pb['found_by'] and pb['rule'] not in pb['found_by'])
            P('  %-20s %6d %6d %6d %6d' % (form, len(ps), own, other, len(ps) - own - other))
        if args.verbose:
            for form, _, _ in PROBE_FORMS:
                miss = [pb['rule'] for pb in forms.get(form, []) if not pb['found_by']]
                if miss:
                    P('  missed in %s: %s' % (form, ', '.join(miss)))
    kinds = Counter(lb['kind'].split(':')[-1] for lb in labels)
    P('')
    P('Placements: %s' % ', '.join('%s %d' % kv for kv in sorted(kinds.items())))
    return {'recall': recall, 'hard_negative_precision': hn_prec, 'precision': prec, 'positives': len(labels),
            'tp': tp, 'fn': fn, 'mislabelled': mis, 'hard_negatives': len(items), 'hard_negative_fp_items': hn_hit,
            'fp_hard_negative_findings': fp_neg, 'fp_other_findings': fp_other,
            'per_rule': {rid: dict(s) for rid, s in stat.items()},
            'no_generator': no_gen}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0].replace('\n', ' '),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--keysnare', default=os.path.join(ROOT, 'build', 'keysnare'), help='binary (default build/keysnare)')
    ap.add_argument('--keysnare-args', default='', help='extra arguments for every scan, one shell-quoted string '
                    '(e.g. "--no-default-rules --rules rules")')
    ap.add_argument('--rules-dir', default=os.path.join(ROOT, 'rules'),
                    help='rule files the corpus and the model are made from (default rules/)')
    ap.add_argument('--seed', type=int, default=1, help='same seed, same corpus (default 1)')
    ap.add_argument('--per-rule', type=int, default=5, help='positives per rule (default 5)')
    ap.add_argument('--keep', metavar='DIR', help='write the corpus, labels and findings to DIR (new or empty) and keep them')
    ap.add_argument('--report', metavar='FILE', help='write the figures as JSON')
    ap.add_argument('--strict', action='store_true', help='exit 1 when a target is missed')
    ap.add_argument('--worst', type=int, default=20, help='rules listed as worst (default 20)')
    ap.add_argument('--all-rules', action='store_true', help='list rules without positives or findings too')
    ap.add_argument('--show-secrets', action='store_true', help='print the fake tokens in clear in the lists')
    ap.add_argument('-v', '--verbose', action='store_true', help='list every missed positive and false positive')
    ap.add_argument('--no-probes', action='store_true', help='leave out the context-coverage probes')
    ap.add_argument('--timeout', type=float, default=600, help='seconds allowed for the scan (default 600)')
    args = ap.parse_args(argv)

    rules = load_rules(args.rules_dir)
    t0 = time.perf_counter()
    corpus = Corpus(rules, args.seed, args.per_rule)
    corpus.build_positives()
    corpus.probes = []
    if not args.no_probes:
        corpus.build_probes()
    negdocs = Negatives(random.Random('%d/negatives' % args.seed)).build()
    neg_files = {d.path: '\n'.join(d.lines) + '\n' for d in negdocs}
    clash = set(neg_files) & set(corpus.files)
    if clash:
        raise SystemExit('internal error: paths used twice: %s' % sorted(clash)[:3])
    all_files = dict(corpus.files)
    all_files.update(neg_files)
    gen_time = time.perf_counter() - t0

    if args.keep:
        work = os.path.abspath(args.keep)
        if os.path.exists(work) and os.listdir(work):
            raise SystemExit('--keep %s: the directory is not empty' % work)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix='keysnare-accuracy-')
    try:
        tree = os.path.join(work, 'tree')
        write_tree(tree, all_files)
        try:
            findings, wall, cmd = run_keysnare(args.keysnare, tree, shlex.split(args.keysnare_args), work, args.timeout)
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
            print('keysnare failed: %s' % e, file=sys.stderr)
            return 2
        items, fps = evaluate(rules, corpus.labels, negdocs, findings, all_files, corpus.probes)
        model_set = model_all(rules, all_files)
        print('(corpus generated in %.1f s)' % gen_time)
        res = report(args, rules, corpus, negdocs, items, findings, fps, corpus.gen_failures, model_set, wall, cmd)
        if args.keep:
            with open(os.path.join(work, 'labels.json'), 'w') as fh:
                json.dump(corpus.labels, fh, indent=1)
            with open(os.path.join(work, 'negatives.json'), 'w') as fh:
                json.dump([{k: v for k, v in it.items() if k != 'hits'} for it in items], fh, indent=1)
            print('\ncorpus, labels.json, negatives.json and findings.json kept in %s' % work)
        if args.report:
            with open(args.report, 'w') as fh:
                json.dump(res, fh, indent=1, sort_keys=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    missed = res['recall'] < 1.0 or res['hard_negative_precision'] < 0.99 or res['no_generator']
    return 1 if (args.strict and missed) else 0


if __name__ == '__main__':
    sys.exit(main())
