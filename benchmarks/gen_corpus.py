#!/usr/bin/env python3
"""Deterministic generator of a realistic monorepo-like source tree for benchmarking keysnare.

    python3 benchmarks/gen_corpus.py --size-mb 200 --out /tmp/corpus --seed 1

writes about 200 MB (~11k files, ~18 KB per file on average) under /tmp/corpus: C/C++/Python/JS/TS/
Go/Java sources with plausible code (identifiers, comments, string literals, hex hashes, UUIDs, now and
then a long base64 blob), JSON/YAML/TOML/.env configs, markdown, shell and SQL, npm/yarn lockfiles and
go.sum (sha512 integrity lines), minified JS bundles with very long lines, and binary files (PNG-,
ELF- and zip-like, full of NULs), in nested directories.

A known number of fake secrets (--secrets, default one per MB) is planted in random source and config
files, in the documented shapes of AWS access key ids, GitHub classic PATs (with a valid CRC32
checksum), Stripe live keys, Slack bot tokens, Anthropic and OpenAI API keys, PEM private keys and
postgres:// URIs with a password. The manifest (--manifest, default OUT.manifest.json next to the tree,
so that it is not part of the scanned tree) lists each as {path, line, kind}; it never holds the secret
itself, only its length and a sha256 prefix.

Same seed and size give byte-identical trees whatever --jobs is: every file has its own RNG seeded from
(seed, file index). No token appears literally in this script: prefixes are assembled from pieces, so
the repository's own scan stays quiet.

The content helpers (Gen, generate_file, make_secret, secret_snippet) are reused by gen_repo.py.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import random
import shutil
import string
import sys
import time
import zlib

# ----------------------------------------------------------------------------------------------
# Vocabulary

WORDS = """account address agent alloc apply archive array async batch bind block bucket buffer
build bundle cache call cancel channel chunk client close cluster codec column commit config conn
context copy count cursor data decode delta device digest dispatch document domain driver encode
entry error event export factory fetch field file filter flag flush format frame graph group handle
handler hash header heap index input item job journal key label layout lease limit link list loader
lock log lookup manager map marker merge message meta metric mode model module monitor mutex node
notify object offset option order output owner packet page parse parser partition patch path peer
pipe plan pool port prefix probe process profile queue quota range reader record region registry
release render replica report request resolve resource result retry route router row rule runner
scan schema scope segment select sender session shard signal size slot snapshot socket source span
split stage state status storage store stream string sync table target task tenant thread timer
trace tracker transform tree update upload user value vector version view visit volume watch window
worker writer zone billing invoice cart checkout payment ledger catalog search ranking feed profile
avatar upload thumbnail render shader mesh texture audio codec video player playlist device sensor
reading gateway proxy auth login signup email notify webhook cron backup restore migrate""".split()
PROJECT_WORDS = """atlas beacon cobalt delta ember falcon garnet harbor iris juniper kestrel lumen
meridian nimbus onyx pioneer quartz raven sierra tundra umbra vega willow xenon yarrow zephyr aurora
basalt cinder drift echo fjord glacier helix indigo jasper krypton lotus mosaic nova orbit prism
quasar rhombus solstice tango ultra vertex wharf yonder zenith""".split()
TYPES_C = ["int", "size_t", "uint32_t", "uint64_t", "int64_t", "double", "bool", "char *", "const char *"]
TYPES_CPP = ["int", "std::size_t", "std::uint64_t", "double", "bool", "std::string", "auto",
             "std::vector<int>", "std::string_view", "std::optional<std::string>"]
TYPES_JAVA = ["int", "long", "String", "boolean", "double", "List<String>", "Map<String, Object>", "byte[]"]
TYPES_GO = ["int", "int64", "string", "bool", "float64", "[]byte", "error", "time.Duration"]
OPS = ["==", "!=", "<", ">", "<=", ">="]
TLDS = ["io", "com", "net", "dev", "internal"]
NPM_NAMES = """lodash react react-dom express debug ms chalk commander semver uuid axios yargs glob
minimatch rimraf mkdirp webpack babel-core typescript eslint prettier jest mocha chai sinon moment
dayjs classnames prop-types redux immer zod ajv qs body-parser cookie cors dotenv ws socket.io
rxjs tslib core-js regenerator-runtime postcss autoprefixer sass less vite rollup esbuild""".split()
GO_MODS = """github.com/pkg/errors github.com/stretchr/testify golang.org/x/net golang.org/x/sys
golang.org/x/text google.golang.org/grpc google.golang.org/protobuf github.com/spf13/cobra
github.com/spf13/viper github.com/sirupsen/logrus go.uber.org/zap github.com/gorilla/mux
github.com/prometheus/client_golang github.com/google/uuid gopkg.in/yaml.v3""".split()

# Bumped whenever the output changes, so that run.py regenerates cached data.
VERSION = 2

ALNUM62 = string.digits + string.ascii_uppercase + string.ascii_lowercase  # base62 digit order
ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
URLSAFE = string.ascii_letters + string.digits + "_-"
HEXCH = "0123456789abcdef"


def _table(alphabet):
    """bytes.translate table mapping every byte onto `alphabet` (slight bias; fine for filler)."""
    return bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))


_ALNUM_TABLE = _table(ALNUM)
_LOWER_TABLE = _table(string.ascii_lowercase)


class Gen:
    """Random pieces of plausible code and text, all drawn from one seeded random.Random."""

    def __init__(self, rng):
        self.rng = rng
        r = rng
        self.choice = r.choice
        self.randint = r.randint
        self.random = r.random

    # -- atoms
    def word(self):
        return self.choice(WORDS)

    def snake(self, n=None):
        n = n or self.randint(1, 3)
        return "_".join(self.choice(WORDS) for _ in range(n))

    def camel(self, n=None):
        n = n or self.randint(1, 3)
        w = [self.choice(WORDS) for _ in range(n)]
        return w[0] + "".join(x.capitalize() for x in w[1:])

    def pascal(self, n=None):
        n = n or self.randint(1, 3)
        return "".join(self.choice(WORDS).capitalize() for _ in range(n))

    def upper(self, n=None):
        return self.snake(n).upper()

    def sentence(self, lo=4, hi=14):
        w = [self.choice(WORDS) for _ in range(self.randint(lo, hi))]
        return " ".join(w).capitalize() + "."

    def num(self):
        r = self.random()
        if r < 0.5:
            return str(self.randint(0, 16))
        if r < 0.8:
            return str(self.randint(17, 4096))
        return str(self.choice([1024, 4096, 65536, 1 << 20, 30000, 86400, 3600]))

    def hexs(self, nbytes):
        return self.rng.randbytes(nbytes).hex()

    def uuid(self):
        h = self.hexs(16)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def b64(self, nbytes):
        return base64.b64encode(self.rng.randbytes(nbytes)).decode()

    def alnum(self, n):
        return self.rng.randbytes(n).translate(_ALNUM_TABLE).decode()

    def url(self):
        return (f"https://{self.word()}.{self.choice(PROJECT_WORDS)}.{self.choice(TLDS)}/"
                f"{self.word()}/{self.word()}")

    def version(self):
        return f"{self.randint(0, 9)}.{self.randint(0, 30)}.{self.randint(0, 40)}"

    def literal_text(self):
        """A string literal's content: words usually, sometimes a hash, a UUID, a URL or a blob."""
        r = self.random()
        if r < 0.62:
            return " ".join(self.word() for _ in range(self.randint(1, 6)))
        if r < 0.72:
            return self.hexs(self.choice([20, 32]))  # sha1 / sha256
        if r < 0.80:
            return self.uuid()
        if r < 0.88:
            return self.url()
        if r < 0.93:
            return self.version()
        if r < 0.985:
            return self.snake().replace("_", ".")
        return self.b64(self.randint(150, 1500))  # embedded blob (icon, test vector, cert-ish)


# ----------------------------------------------------------------------------------------------
# Source languages. Each generator returns a list of lines whose total size reaches `target` bytes.


def _fill(lines, target, block):
    size = sum(len(s) + 1 for s in lines)
    while size < target:
        for s in block():
            lines.append(s)
            size += len(s) + 1
    return lines


def gen_python(g, target):
    lines = ['"""' + g.sentence() + '"""', ""]
    for _ in range(g.randint(2, 7)):
        lines.append(g.choice([f"import {g.word()}", f"from {g.snake(1)}.{g.snake(1)} import {g.pascal()}",
                               "import os", "import json", "import logging", "from typing import Any, Optional"]))
    lines += ["", f"log = logging.getLogger(__name__)", f"{g.upper()} = {g.num()}", ""]

    def stmt(ind):
        r = g.random()
        if r < 0.25:
            return f"{ind}{g.snake()} = {g.snake()}({g.snake(1)}, {g.num()})"
        if r < 0.40:
            return f"{ind}{g.snake()} = \"{g.literal_text()}\""
        if r < 0.52:
            return f"{ind}# {g.sentence()}"
        if r < 0.62:
            return f"{ind}log.{g.choice(['debug', 'info', 'warning'])}(\"{g.sentence(2, 8)} %s\", {g.snake(1)})"
        if r < 0.72:
            return f"{ind}self.{g.snake()} = {g.snake(1)}.get(\"{g.snake(1)}\", {g.num()})"
        if r < 0.80:
            return f"{ind}{g.snake()}.{g.snake(1)}({g.snake(1)}={g.snake(1)})"
        if r < 0.86:
            return f"{ind}if {g.snake(1)} {g.choice(OPS)} {g.num()}:\n{ind}    return {g.snake(1)}"
        if r < 0.91:
            return f"{ind}for {g.snake(1)} in {g.snake()}:\n{ind}    {g.snake(1)}.append({g.snake(1)})"
        if r < 0.95:
            return f"{ind}{g.snake(1)} = os.environ.get(\"{g.upper()}\", \"\")"
        return f"{ind}raise ValueError(f\"{g.sentence(2, 6)} {{{g.snake(1)}}}\")"

    def block():
        out = []
        if g.random() < 0.35:
            out.append(f"class {g.pascal()}({g.choice(['object', 'Exception', g.pascal()])}):")
            out.append(f'    """{g.sentence()}"""')
            for _ in range(g.randint(1, 4)):
                out.append("")
                out.append(f"    def {g.snake()}(self, {g.snake(1)}, {g.snake(1)}=None):")
                out += [stmt("        ") for _ in range(g.randint(2, 12))]
                out.append(f"        return {g.snake(1)}")
        else:
            out.append(f"def {g.snake()}({g.snake(1)}: {g.choice(['int', 'str', 'bytes', 'dict', 'Any'])}) -> "
                       f"{g.choice(['int', 'str', 'bool', 'None', 'Optional[str]'])}:")
            out.append(f'    """{g.sentence()}"""')
            out += [stmt("    ") for _ in range(g.randint(2, 14))]
            out.append(f"    return {g.snake(1)}")
        out += ["", ""]
        return out

    return _fill(lines, target, block)


def _clike_stmt(g, lang, ind):
    r = g.random()
    if lang == "go":
        if r < 0.25:
            return f"{ind}{g.camel()} := {g.camel()}({g.camel(1)}, {g.num()})"
        if r < 0.38:
            return f"{ind}{g.camel()} := \"{g.literal_text()}\""
        if r < 0.50:
            return f"{ind}// {g.sentence()}"
        if r < 0.62:
            return (f"{ind}if err := {g.camel(1)}.{g.pascal()}(ctx); err != nil {{\n"
                    f"{ind}\treturn fmt.Errorf(\"{g.sentence(2, 5)[:-1]}: %w\", err)\n{ind}}}")
        if r < 0.72:
            return f"{ind}log.Printf(\"{g.sentence(2, 7)[:-1]} %v\", {g.camel(1)})"
        if r < 0.82:
            return f"{ind}for _, {g.camel(1)} := range {g.camel()} {{\n{ind}\t{g.camel(1)}.{g.pascal()}()\n{ind}}}"
        return f"{ind}{g.camel(1)}.{g.pascal()} = {g.camel(1)}"
    call = {"js": "console.log", "ts": "logger.info", "java": "LOG.info", "c": "fprintf(stderr, ",
            "cpp": "LOG(INFO) << "}[lang]
    if r < 0.22:
        if lang in ("js", "ts"):
            return f"{ind}const {g.camel()} = {g.camel()}({g.camel(1)}, {g.num()});"
        t = g.choice({"java": TYPES_JAVA, "c": TYPES_C, "cpp": TYPES_CPP}[lang])
        return f"{ind}{t} {g.camel() if lang != 'c' else g.snake()} = {g.camel()}({g.camel(1)}, {g.num()});"
    if r < 0.36:
        if lang in ("js", "ts"):
            q = g.choice(["'", '"', "`"])
            return f"{ind}{g.choice(['const', 'let'])} {g.camel()} = {q}{g.literal_text()}{q};"
        t = {"java": "String", "c": "static const char *", "cpp": "constexpr const char*"}[lang]
        return f"{ind}{t} {g.camel() if lang != 'c' else g.snake()} = \"{g.literal_text()}\";"
    if r < 0.50:
        return f"{ind}// {g.sentence()}" if g.random() < 0.7 else f"{ind}/* {g.sentence()} */"
    if r < 0.60:
        if lang == "c":
            return f"{ind}{call}\"{g.sentence(2, 6)[:-1]}: %d\\n\", {g.snake(1)});"
        if lang == "cpp":
            return f"{ind}{call}\"{g.sentence(2, 6)[:-1]}: \" << {g.camel(1)};"
        return f"{ind}{call}(\"{g.sentence(2, 6)[:-1]}\", {g.camel(1)});"
    if r < 0.72:
        return (f"{ind}if ({g.camel(1)} {g.choice(OPS)} {g.num()}) {{\n{ind}  {g.camel(1)}.{g.camel()}"
                f"({g.camel(1)});\n{ind}}}") if lang != "c" else (
                f"{ind}if ({g.snake(1)} {g.choice(OPS)} {g.num()}) {{\n{ind}  return -{g.randint(1, 40)};\n{ind}}}")
    if r < 0.82:
        return f"{ind}for (int i = 0; i < {g.camel(1)}; ++i) {{\n{ind}  {g.camel(1)}[i] = {g.num()};\n{ind}}}"
    if r < 0.90:
        return f"{ind}{g.camel(1)}.{g.camel()}({g.camel(1)}, {g.num()});" if lang != "c" else \
            f"{ind}{g.snake()}(ctx, {g.snake(1)}, {g.num()});"
    return f"{ind}{g.camel(1)} = {g.camel(1)} {g.choice(['+', '-', '*', '|', '&'])} {g.num()};"


def gen_clike(g, target, lang):
    lines = []
    if lang == "go":
        lines += [f"// Package {g.word()} {g.sentence()[:-1].lower()}.", f"package {g.word()}", "", "import ("]
        lines += [f'\t"{m}"' for m in ["context", "fmt", "log", "time"] + [g.choice(GO_MODS)]] + [")", ""]
    elif lang == "java":
        lines += [f"package com.acme.{g.word()}.{g.word()};", ""]
        lines += [f"import {g.choice(['java.util', 'java.io', 'java.time', 'org.slf4j'])}.{g.pascal(1)};"
                  for _ in range(g.randint(2, 8))] + ["", "/**", f" * {g.sentence()}", " */",
                                                      f"public class {g.pascal()} {{",
                                                      "  private static final Logger LOG = LoggerFactory.getLogger();"]
    elif lang in ("c", "cpp"):
        lines += ["// Copyright 2024 Acme Corp. All rights reserved.", f"// {g.sentence()}", ""]
        lines += [f"#include {g.choice(['<stdio.h>', '<stdlib.h>', '<string.h>', '<stdint.h>'] if lang == 'c' else ['<string>', '<vector>', '<memory>', '<cstdint>', '<optional>'])}"
                  for _ in range(g.randint(2, 6))]
        lines += [f'#include "{g.word()}/{g.snake()}.h"', ""]
        if lang == "cpp":
            lines += [f"namespace {g.word()} {{", ""]
        lines.append(f"#define {g.upper()} {g.num()}")
    else:  # js / ts
        lines += [f"import {{ {g.camel()}, {g.camel()} }} from '{g.choice(NPM_NAMES)}';",
                  f"import {g.pascal()} from './{g.camel()}';", "", f"const {g.upper()} = {g.num()};", ""]

    def block():
        out = []
        body_ind = {"go": "\t", "java": "    "}.get(lang, "  ")
        if lang == "go":
            if g.random() < 0.2:
                out.append(f"type {g.pascal()} struct {{")
                out += [f"\t{g.pascal()} {g.choice(TYPES_GO)} `json:\"{g.snake()}\"`" for _ in range(g.randint(2, 9))]
                out.append("}")
            else:
                out.append(f"// {g.pascal()} {g.sentence()[:-1].lower()}.")
                out.append(f"func ({g.word()[0]} *{g.pascal()}) {g.pascal()}(ctx context.Context, "
                           f"{g.camel(1)} {g.choice(TYPES_GO)}) ({g.choice(TYPES_GO)}, error) {{")
                out += [_clike_stmt(g, lang, body_ind) for _ in range(g.randint(3, 14))]
                out.append(f"\treturn {g.camel(1)}, nil")
                out.append("}")
        elif lang == "java":
            out.append(f"  /** {g.sentence()} */")
            out.append(f"  public {g.choice(TYPES_JAVA)} {g.camel()}({g.choice(TYPES_JAVA)} {g.camel(1)}) {{")
            out += [_clike_stmt(g, lang, body_ind) for _ in range(g.randint(3, 14))]
            out.append(f"    return {g.camel(1)};")
            out.append("  }")
        elif lang in ("js", "ts"):
            if g.random() < 0.3:
                out.append(f"export class {g.pascal()} {{")
                out.append(f"  constructor({g.camel(1)}) {{ this.{g.camel(1)} = {g.camel(1)}; }}")
                out.append(f"  async {g.camel()}({g.camel(1)}{': string' if lang == 'ts' else ''}) {{")
                out += [_clike_stmt(g, lang, "    ") for _ in range(g.randint(3, 12))]
                out.append("  }")
                out.append("}")
            else:
                out.append(f"export function {g.camel()}({g.camel(1)}{': number' if lang == 'ts' else ''}, "
                           f"{g.camel(1)}) {{")
                out += [_clike_stmt(g, lang, body_ind) for _ in range(g.randint(3, 14))]
                out.append(f"  return {g.camel(1)};")
                out.append("}")
        else:
            t = g.choice(TYPES_C if lang == "c" else TYPES_CPP)
            name = g.snake() if lang == "c" else g.pascal()
            out.append(f"// {g.sentence()}")
            out.append(f"{t} {name}({g.choice(TYPES_C)} {g.snake(1)}, {g.choice(TYPES_C)} {g.snake(1)}) {{")
            out += [_clike_stmt(g, lang, body_ind) for _ in range(g.randint(3, 14))]
            out.append(f"  return {g.snake(1)};")
            out.append("}")
        out.append("")
        return out

    _fill(lines, target, block)
    if lang == "java":
        lines.append("}")
    elif lang == "cpp":
        lines.append(f"}}  // namespace")
    return lines


# ----------------------------------------------------------------------------------------------
# Configs, docs, lockfiles, bundles, binaries


def gen_json(g, target):
    lines = ["{", f'  "name": "{g.choice(PROJECT_WORDS)}-{g.word()}",', f'  "version": "{g.version()}",']

    def block():
        out = [f'  "{g.camel()}": {{']
        for _ in range(g.randint(2, 10)):
            v = g.choice([f'"{g.literal_text()}"', g.num(), "true", "false", "null"])
            out.append(f'    "{g.camel()}": {v},')
        out[-1] = out[-1].rstrip(",")
        out.append("  },")
        return out

    _fill(lines, target, block)
    lines.append(f'  "{g.camel()}": "{g.uuid()}"')
    lines.append("}")
    return lines


def gen_yaml(g, target):
    lines = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {g.choice(PROJECT_WORDS)}-{g.word()}",
             "  labels:", f"    app: {g.word()}", "spec:", f"  replicas: {g.randint(1, 12)}"]

    def block():
        out = [f"{g.snake()}:"]
        for _ in range(g.randint(2, 10)):
            r = g.random()
            if r < 0.6:
                out.append(f"  {g.snake()}: {g.literal_text() if g.random() < 0.5 else g.num()}")
            elif r < 0.8:
                out.append(f"  - name: {g.upper()}")
                out.append(f"    value: \"{g.literal_text()}\"")
            else:
                out.append(f"  # {g.sentence()}")
        return out

    return _fill(lines, target, block)


def gen_markdown(g, target):
    lines = [f"# {g.pascal(2)}", "", g.sentence(10, 30), ""]

    def block():
        r = g.random()
        if r < 0.5:
            return [" ".join(g.sentence() for _ in range(g.randint(2, 6))), ""]
        if r < 0.65:
            return [f"## {g.sentence(2, 5)[:-1]}", ""]
        if r < 0.80:
            return ["```sh", f"{g.word()} {g.snake(1)} --{g.word()}={g.num()} {g.url()}", "```", ""]
        if r < 0.92:
            return [f"- {g.sentence()}" for _ in range(g.randint(2, 6))] + [""]
        return ["| name | value |", "|---|---|"] + [f"| `{g.snake()}` | {g.literal_text()} |"
                                                  for _ in range(g.randint(2, 8))] + [""]

    return _fill(lines, target, block)


def gen_env(g, target, style):
    """style: env | properties | toml | ini."""
    lines = [f"# {g.sentence()}"]

    def block():
        k = g.upper() if style == "env" else g.snake().replace("_", "." if style == "properties" else "_")
        r = g.random()
        if r < 0.15:
            v = "${" + g.upper() + "}"  # reference, not a value
        elif r < 0.5:
            v = g.num()
        else:
            v = g.choice([g.word(), g.url(), "true", "false", g.version(), "/var/lib/" + g.word()])
        if style == "toml":
            return [f'{k} = "{v}"'] if g.random() < 0.9 else ["", f"[{g.snake()}]"]
        if style == "ini" and g.random() < 0.1:
            return ["", f"[{g.snake()}]"]
        return [f"{k}={v}" if style != "ini" else f"{k} = {v}"]

    return _fill(lines, target, block)


def gen_script(g, target, lang):
    if lang == "sql":
        lines = [f"-- {g.sentence()}"]

        def block():
            t = g.snake()
            if g.random() < 0.3:
                cols = [f"  {g.snake(1)} {g.choice(['BIGINT', 'TEXT', 'TIMESTAMPTZ', 'BOOLEAN', 'UUID'])}"
                        for _ in range(g.randint(2, 8))]
                return [f"CREATE TABLE IF NOT EXISTS {t} (", "  id BIGSERIAL PRIMARY KEY,"] + \
                    [c + "," for c in cols[:-1]] + [cols[-1], ");", ""]
            return [f"INSERT INTO {t} ({g.snake(1)}, {g.snake(1)}) VALUES ('{g.literal_text()[:60]}', "
                    f"{g.num()});"]
        return _fill(lines, target, block)
    lines = ["#!/usr/bin/env bash", "set -euo pipefail", f"# {g.sentence()}", ""]

    def block():
        r = g.random()
        if r < 0.3:
            return [f"{g.upper()}=\"${{{g.upper()}:-{g.word()}}}\""]
        if r < 0.5:
            return [f"# {g.sentence()}"]
        if r < 0.7:
            return [f"{g.snake()}() {{", f"  {g.word()} --{g.word()} \"$1\" | grep -v {g.word()}", "}", ""]
        return [f"{g.choice(['docker', 'kubectl', 'curl -fsSL', 'git', 'make', 'go'])} {g.word()} "
                f"--{g.word()}={g.num()} {g.url()}"]
    return _fill(lines, target, block)


def gen_minified(g, target):
    """A webpack/rollup-like bundle: a few lines of 50 KB to 1 MB."""
    pool = []
    for _ in range(400):
        a, b, c = g.choice("etnroiaslcu"), g.choice("etnroiaslcu"), g.choice("etnroiaslcu")
        pool.append(g.choice([
            f"function {a}{b}({c},{a}){{return {c}.{g.camel(1)}({a})}}",
            f"var {a}{c}={b}({g.num()}),{b}{a}=\"{g.literal_text()}\"",
            f"{a}.{g.camel()}=function({b}){{if(!{b})throw new Error(\"{g.sentence(2, 5)}\");return {b}}}",
            f"{a}.exports={{{g.camel(1)}:{b},{g.camel(1)}:{c}}}",
            f"for(var {c}=0;{c}<{a}.length;{c}++){b}[{c}]={a}[{c}]^{g.num()}",
            f"{a}&&{a}.{g.camel(1)}&&({b}=\"{g.hexs(8)}\")",
        ]))
    lines = ["/*! For license information please see bundle.LICENSE.txt */"]
    size = 0
    while size < target:
        n = min(target - size, g.randint(50_000, 1_000_000))
        parts, ln = [], 0
        while ln < n:
            p = g.choice(pool)
            parts.append(p)
            ln += len(p) + 1
        line = ";".join(parts)
        lines.append(line)
        size += len(line) + 1
    lines.append("//# sourceMappingURL=bundle.js.map")
    return lines


def gen_lockfile(g, target, kind):
    lines = []
    if kind == "package-lock.json":
        lines += ["{", f'  "name": "{g.choice(PROJECT_WORDS)}",', '  "lockfileVersion": 3,', '  "packages": {']
    elif kind == "yarn.lock":
        lines += ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""]

    def block():
        name = g.choice(NPM_NAMES) + ("" if g.random() < 0.5 else "-" + g.word())
        v = g.version()
        if kind == "package-lock.json":
            return [f'    "node_modules/{name}": {{', f'      "version": "{v}",',
                    f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}-{v}.tgz",',
                    f'      "integrity": "sha512-{g.b64(64)}",', '      "dev": true', "    },"]
        if kind == "yarn.lock":
            return [f'"{name}@^{v}":', f'  version "{v}"',
                    f'  resolved "https://registry.yarnpkg.com/{name}/-/{name}-{v}.tgz#{g.hexs(20)}"',
                    f"  integrity sha512-{g.b64(64)}", ""]
        mod = g.choice(GO_MODS)  # go.sum
        return [f"{mod} v{v} h1:{g.b64(32)}", f"{mod} v{v}/go.mod h1:{g.b64(32)}"]

    _fill(lines, target, block)
    if kind == "package-lock.json":
        lines += ['    "": {}', "  }", "}"]
    return lines


def gen_binary(g, target, kind):
    """PNG-, ELF- or zip-like bytes: a magic header, then random bytes and long runs of NULs."""
    r = g.rng
    head = {"png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "so": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8,
            "jar": b"PK\x03\x04\x14\x00\x08\x08\x08\x00", "ttf": b"\x00\x01\x00\x00\x00\x12\x01\x00"}[kind]
    out = [head]
    size = len(head)
    while size < target:
        n = min(target - size, r.randint(64, 8192))
        x = r.random()
        if x < 0.35:
            chunk = b"\x00" * n
        elif x < 0.45 and kind == "so":
            chunk = (g.snake() + "\x00" + g.camel() + "\x00").encode()  # symbol table strings
        else:
            chunk = r.randbytes(n)
        out.append(chunk)
        size += len(chunk)
    return b"".join(out)[:max(target, len(head))]


# ----------------------------------------------------------------------------------------------
# File kinds: (kind, weight by count, median size in bytes, lognormal sigma, cap)

KINDS = [
    ("py", 14, 7000, 1.0, 300_000), ("c", 3, 7000, 1.0, 300_000), ("h", 3, 3000, 0.9, 100_000),
    ("cc", 7, 8000, 1.0, 300_000), ("js", 7, 6000, 1.0, 300_000), ("ts", 7, 6000, 1.0, 300_000),
    ("go", 9, 7000, 1.0, 300_000), ("java", 8, 7000, 1.0, 300_000),
    ("json", 5, 2000, 1.0, 100_000), ("yaml", 4, 1500, 0.9, 50_000), ("md", 5, 4000, 1.0, 100_000),
    ("env", 2, 600, 0.7, 10_000), ("script", 3, 2000, 0.9, 50_000),
    ("minjs", 1.2, 250_000, 0.8, 3_000_000), ("lock", 0.8, 200_000, 0.8, 2_000_000),
    ("bin", 8, 12_000, 1.3, 2_000_000),
]
TEXT_SECRET_KINDS = {"py", "c", "h", "cc", "js", "ts", "go", "java", "json", "yaml", "md", "env", "script"}


def sample_size(rng, median, sigma, cap):
    return max(64, min(cap, int(rng.lognormvariate(math.log(median), sigma))))


class Layout:
    """Assigns monorepo-like paths: areas / projects / packages, a new project every so often."""

    AREA_FOR = {"py": ["services", "tools", "ml"], "c": ["libs", "third_party"], "h": ["libs", "third_party"],
                "cc": ["libs", "engine"], "js": ["web"], "ts": ["web"], "go": ["services", "cmd"],
                "java": ["android", "services"], "json": ["config", "web"], "yaml": ["infra", "deploy"],
                "md": ["docs"], "env": ["services"], "script": ["scripts", "db"], "minjs": ["web"],
                "lock": ["web", "services"], "bin": ["assets", "web", "libs"]}

    def __init__(self, rng):
        self.rng = rng
        self.projects = {}  # area -> (name, [packages], files left)
        self.used = set()
        self.count = 0

    def _project(self, area):
        p = self.projects.get(area)
        if p is None or p[2] <= 0:
            g = self.rng
            name = f"{g.choice(PROJECT_WORDS)}-{g.choice(WORDS)}"
            pkgs = [g.choice(WORDS) for _ in range(g.randint(2, 8))]
            p = [name, pkgs, g.randint(20, 160)]
            self.projects[area] = p
        p[2] -= 1
        return p

    def path(self, kind):
        r = self.rng
        area = r.choice(self.AREA_FOR[kind])
        proj, pkgs, _ = self._project(area)
        pkg = r.choice(pkgs)
        sub = pkg if r.random() < 0.7 else f"{pkg}/{r.choice(WORDS)}"
        w = lambda: "_".join(r.choice(WORDS) for _ in range(r.randint(1, 2)))  # noqa: E731
        if kind == "py":
            p = f"{area}/{proj}/{proj.replace('-', '_')}/{sub}/{w()}.py"
        elif kind in ("c", "h"):
            p = f"{area}/{proj}/{'src' if kind == 'c' else 'include'}/{sub}/{w()}.{kind}"
        elif kind == "cc":
            p = f"{area}/{proj}/src/{sub}/{w()}.{r.choice(['cc', 'cpp', 'hpp'])}"
        elif kind in ("js", "ts"):
            ext = kind if r.random() < 0.6 else kind + "x"
            p = f"{area}/{proj}/src/{sub}/{w().title().replace('_', '')}.{ext}"
        elif kind == "go":
            p = f"{area}/{proj}/internal/{sub}/{w()}.go"
        elif kind == "java":
            p = (f"{area}/{proj}/src/main/java/com/acme/{proj.split('-')[0]}/{pkg}/"
                 f"{w().title().replace('_', '')}.java")
        elif kind == "json":
            p = f"{area}/{proj}/{sub}/{w()}.json"
        elif kind == "yaml":
            p = f"{area}/{proj}/k8s/{w()}.{r.choice(['yaml', 'yml'])}"
        elif kind == "md":
            p = f"{area}/{proj}/{sub}/{w().upper() if r.random() < 0.1 else w()}.md"
        elif kind == "env":
            p = f"{area}/{proj}/config/{w()}{r.choice(['.env', '.properties', '.toml', '.ini'])}"
        elif kind == "script":
            p = (f"{area}/{proj}/{w()}.sh" if area == "scripts"
                 else f"{area}/{proj}/migrations/{r.randint(1, 9999):04d}_{w()}.sql")
        elif kind == "minjs":
            p = f"{area}/{proj}/dist/{w()}.{r.randbytes(4).hex()}.min.js"
        elif kind == "lock":
            p = f"{area}/{proj}/" + (r.choice(["package-lock.json", "yarn.lock"]) if area == "web" else "go.sum")
        else:
            ext = r.choice(["png", "png", "so", "jar", "ttf"])
            p = f"{area}/{proj}/{'prebuilt' if ext in ('so', 'jar') else 'img'}/{w()}.{ext}"
        base, dot, ext = p.rpartition(".")
        n = 1
        while p in self.used:
            n += 1
            p = f"{base}_{n}.{ext}" if dot else f"{p}_{n}"
        self.used.add(p)
        self.count += 1
        return p


def generate_file(g, kind, path, size):
    """Content of one file: list of text lines (str) or bytes (binary kinds)."""
    if kind == "py":
        return gen_python(g, size)
    if kind in ("c", "h"):
        return gen_clike(g, size, "c")
    if kind == "cc":
        return gen_clike(g, size, "cpp")
    if kind in ("js", "ts", "go", "java"):
        return gen_clike(g, size, kind)
    if kind == "json":
        return gen_json(g, size)
    if kind == "yaml":
        return gen_yaml(g, size)
    if kind == "md":
        return gen_markdown(g, size)
    if kind == "env":
        ext = path.rsplit(".", 1)[-1]
        return gen_env(g, size, ext if ext in ("env", "properties", "toml", "ini") else "env")
    if kind == "script":
        return gen_script(g, size, "sql" if path.endswith(".sql") else "sh")
    if kind == "minjs":
        return gen_minified(g, size)
    if kind == "lock":
        return gen_lockfile(g, size, path.rsplit("/", 1)[-1])
    if kind == "bin":
        return gen_binary(g, size, path.rsplit(".", 1)[-1])
    if kind == "pem":
        return []  # a standalone key file: the planted block is its whole content
    raise ValueError(kind)


def generate_lines(g, kind, path, size):
    """generate_file, with text flattened to one str per line (statements may hold newlines)."""
    content = generate_file(g, kind, path, size)
    if isinstance(content, bytes):
        return content
    return "\n".join(content).split("\n") if content else []


def lang_of(path):
    ext = path.rsplit(".", 1)[-1]
    return {"py": "py", "c": "c", "h": "c", "cc": "cpp", "cpp": "cpp", "hpp": "cpp", "js": "js", "jsx": "js",
            "ts": "ts", "tsx": "ts", "go": "go", "java": "java", "json": "json", "yaml": "yaml", "yml": "yaml",
            "md": "md", "env": "env", "properties": "properties", "toml": "toml", "ini": "ini", "sh": "sh",
            "sql": "sql", "key": "pem", "pem": "pem"}.get(ext, "txt")


# ----------------------------------------------------------------------------------------------
# Fake secrets, in the providers' documented shapes. Prefixes are assembled from pieces.

SECRET_KINDS = ["aws-access-key-id", "github-pat", "stripe-live-key", "slack-bot-token",
                "anthropic-api-key", "openai-api-key", "private-key", "postgres-uri"]
PEM_CAPABLE = {"py", "go", "js", "ts", "pem"}
# Substrings one of which the line where a secret starts must hold (a self-check of line numbers).
_MARKERS = {"aws-access-key-id": ["AK" + "IA"], "github-pat": ["gh" + "p_"], "stripe-live-key": ["sk" + "_live_"],
            "slack-bot-token": ["xox" + "b-"], "anthropic-api-key": ["sk" + "-ant-"],
            "openai-api-key": ["sk" + "-proj-"], "private-key": ["-" * 5 + "BEGIN"], "postgres-uri": ["postgres" + "://"]}


def _rand(rng, alphabet, n, edge_alnum=False):
    s = [rng.choice(alphabet) for _ in range(n)]
    if edge_alnum:  # a token ending in '-' would not end at a word boundary
        s[0] = rng.choice(ALNUM)
        s[-1] = rng.choice(ALNUM)
    return "".join(s)


def base62(n, width):
    out = ""
    while n:
        n, d = divmod(n, 62)
        out = ALNUM62[d] + out
    return out.rjust(width, "0")


def make_secret(rng, kind):
    """(token lines, variable name). A private key spans several lines; everything else one."""
    if kind == "aws-access-key-id":
        return ["AK" + "IA" + _rand(rng, B32, 16)], "aws_access_key_id"
    if kind == "github-pat":
        body = _rand(rng, ALNUM, 30)
        return ["gh" + "p_" + body + base62(zlib.crc32(body.encode()), 6)], "github_token"
    if kind == "stripe-live-key":
        return ["sk" + "_live_" + _rand(rng, ALNUM, 24)], "stripe_secret_key"
    if kind == "slack-bot-token":
        return [f"xox" + "b-" + f"{rng.randint(10**10, 10**13 - 1)}-{rng.randint(10**10, 10**13 - 1)}-"
                + _rand(rng, ALNUM, 24)], "slack_bot_token"
    if kind == "anthropic-api-key":
        return ["sk" + "-ant-" + "api03-" + _rand(rng, URLSAFE, 93, edge_alnum=True) + "AA"], "anthropic_api_key"
    if kind == "openai-api-key":
        marker = base64.b64encode(b"OpenAI").decode()  # the documented marker inside project keys
        return ["sk" + "-proj-" + _rand(rng, URLSAFE, 74, edge_alnum=True) + marker
                + _rand(rng, URLSAFE, 74, edge_alnum=True)], "openai_api_key"
    if kind == "private-key":
        # DER (or OpenSSH) bytes with the structure's real leading bytes and declared lengths, random
        # after that, base64'd whole: well-formed base64 of the documented shape.
        r = rng.randbytes
        label, der = rng.choice([
            ("RSA PRIVATE KEY", lambda: bytes.fromhex("308204a40201000282010100") + r(1192 - 12)),  # PKCS#1
            ("PRIVATE KEY", lambda: bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7")
             + r(1217 - 26)),                                                                    # PKCS#8
            ("EC PRIVATE KEY", lambda: bytes.fromhex("30770201010420") + r(32)
             + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + r(65)),                      # SEC 1, P-256
            ("OPENSSH PRIVATE KEY", lambda: b"openssh-key-v1\x00" + r(385))])
        dashes = "-" * 5
        body = base64.b64encode(der()).decode()
        lines = [f"{dashes}BEGIN {label}{dashes}"] + [body[i:i + 64] for i in range(0, len(body), 64)] + \
                [f"{dashes}END {label}{dashes}"]
        return lines, "private_key"
    if kind == "postgres-uri":
        user = rng.choice(["svc", "app", "orders", "billing", "etl"]) + "_" + rng.choice(["rw", "user", "admin"])
        pw = _rand(rng, ALNUM, 20)
        host = f"{rng.choice(WORDS)}-db-{rng.randint(1, 9)}.{rng.choice(PROJECT_WORDS)}.internal"
        return [f"postgres" + f"://{user}:{pw}@{host}:5432/{rng.choice(WORDS)}"], "database_url"
    raise ValueError(kind)


def secret_snippet(rng, lang, kind, indent=""):
    """Lines to insert and the offset (0-based, within them) of the line where the secret starts."""
    tok, var = make_secret(rng, kind)
    up, cam = var.upper(), "".join(w.capitalize() if i else w for i, w in enumerate(var.split("_")))
    if len(tok) > 1:  # private key block
        if lang == "py":
            return [f'{up} = """{tok[0]}'] + tok[1:-1] + [tok[-1] + '"""'], 0
        if lang == "go":
            return [f"const {cam} = `{tok[0]}"] + tok[1:-1] + [tok[-1] + "`"], 0
        if lang in ("js", "ts"):
            return [f"const {cam} = `{tok[0]}"] + tok[1:-1] + [tok[-1] + "`;"], 0
        return list(tok), 0  # standalone .key/.pem
    t = tok[0]
    form = {
        "py": [f'{indent}{up} = "{t}"', f'{indent}{var} = os.environ.get("{up}", "{t}")'],
        "go": [f'{indent}{cam} := "{t}"', f'const {cam} = "{t}"'],
        "js": [f"{indent}const {cam} = '{t}';", f'{indent}{cam}: "{t}",'],
        "ts": [f"{indent}const {cam}: string = '{t}';", f'{indent}{cam}: "{t}",'],
        "java": [f'{indent}private static final String {up} = "{t}";'],
        "c": [f'static const char *k{cam[0].upper() + cam[1:]} = "{t}";'],
        "cpp": [f'{indent}constexpr const char* k{cam[0].upper() + cam[1:]} = "{t}";'],
        "json": [f'  "{cam}": "{t}",'],
        "yaml": [f"{indent}{var}: {t}", f'{indent}{var}: "{t}"'],
        "md": [f"Set `{up}={t}` before starting the service.", f"    export {up}={t}"],
        "env": [f"{up}={t}"], "properties": [f"{var.replace('_', '.')}={t}"], "toml": [f'{var} = "{t}"'],
        "ini": [f"{var} = {t}"], "sh": [f'export {up}="{t}"'],
        "sql": [f"INSERT INTO credentials (name, value) VALUES ('{var}', '{t}');"],
    }[lang]
    return [rng.choice(form)], 0


def _insert_pos(rng, lines, lang):
    """Where to insert a snippet (and the indentation to use), keeping configs well formed-ish."""
    if lang == "json":
        return 1, ""
    if not lines:
        return 0, ""
    i = rng.randint(0, len(lines))
    nxt = lines[i] if i < len(lines) else ""
    indent = nxt[: len(nxt) - len(nxt.lstrip(" \t"))] if lang in ("py", "yaml", "js", "ts", "java", "cpp", "go") else ""
    return i, indent


def plant(rng, lines, lang, kinds):
    """Insert one snippet per kind into `lines`; returns [(kind, 1-based line)] after all insertions."""
    inserts = []
    for kind in kinds:
        pos, indent = _insert_pos(rng, lines, lang)
        snip, off = secret_snippet(rng, lang, kind, indent)
        inserts.append((pos, snip, off, kind))
    inserts.sort(key=lambda x: x[0])
    out, found, prev = [], [], 0
    for pos, snip, off, kind in inserts:
        out.extend(lines[prev:pos])
        prev = pos
        found.append((kind, len(out) + off + 1))
        out.extend(snip)
    out.extend(lines[prev:])
    lines[:] = out
    return found


# ----------------------------------------------------------------------------------------------
# Planning and writing


def plan(seed, size_mb, nsecrets):
    """The deterministic plan: [(index, kind, path, size, [secret kinds])]."""
    rng = random.Random(f"plan:{seed}")
    layout = Layout(rng)
    kinds, weights = [k[0] for k in KINDS], [k[1] for k in KINDS]
    params = {k[0]: k[2:] for k in KINDS}
    target = int(size_mb * 1_000_000)
    files, total = [], 0
    while total < target:
        kind = rng.choices(kinds, weights)[0]
        size = min(sample_size(rng, *params[kind]), max(64, target - total))
        path = layout.path(kind)
        files.append([len(files), kind, path, size, []])
        total += size
    # Secrets: balanced over kinds; in source/config files outside vendored or test-looking paths.
    # About half of the private keys get a standalone .key file.
    skip = ("third_party/", "node_modules/", "test", "fixture", "example", "vendor")
    eligible = [f for f in files if f[1] in TEXT_SECRET_KINDS and not any(s in f[2] for s in skip)]
    for i in range(nsecrets):
        kind = SECRET_KINDS[i % len(SECRET_KINDS)]
        if kind == "private-key":
            if rng.random() < 0.5:
                path = layout.path("env").rsplit("/", 1)[0] + f"/certs/{rng.choice(WORDS)}_{i}.{rng.choice(['key', 'pem'])}"
                files.append([len(files), "pem", path, 0, [kind]])
                continue
            pool = [f for f in eligible if lang_of(f[2]) in PEM_CAPABLE]
        else:
            pool = eligible
        rng.choice(pool)[4].append(kind)
    return files


def build_file(seed, spec):
    """Generate one planned file: (path, bytes, [(kind, line)])."""
    idx, kind, path, size, secrets = spec
    g = Gen(random.Random(f"file:{seed}:{idx}"))
    content = generate_lines(g, kind, path, size)
    found = []
    if isinstance(content, bytes):
        return path, content, found
    if secrets:
        found = plant(g.rng, content, lang_of(path), secrets)
    return path, ("\n".join(content) + "\n").encode(), found


def _write(args):
    seed, out, spec = args
    path, data, found = build_file(seed, spec)
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)
    return path, len(data), found, data if found else None


def generate(out, size_mb, seed, nsecrets=None, manifest=None, jobs=1, quiet=False):
    """Write the tree and the manifest; returns the manifest dict."""
    t0 = time.perf_counter()
    if nsecrets is None:
        nsecrets = max(2 * len(SECRET_KINDS), int(round(size_mb)))
    files = plan(seed, size_mb, nsecrets)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    work = [(seed, out, spec) for spec in files]
    if jobs > 1:
        import multiprocessing
        with multiprocessing.Pool(jobs) as pool:
            results = pool.map(_write, work, chunksize=16)
    else:
        results = map(_write, work)
    secrets, total, nfiles = [], 0, 0
    for path, n, found, data in results:
        total += n
        nfiles += 1
        for kind, line in found:
            text_line = data.split(b"\n")[line - 1].decode()
            if not any(m in text_line for m in _MARKERS[kind]):
                raise AssertionError(f"planted {kind} not at {path}:{line}")
            secrets.append({"path": path, "line": line, "kind": kind})
    secrets.sort(key=lambda s: (s["path"], s["line"]))
    doc = {"generator": "gen_corpus.py", "version": VERSION, "seed": seed, "size_mb": size_mb, "files": nfiles, "bytes": total,
           "secret_count": len(secrets), "secrets": secrets}
    manifest = manifest or out.rstrip("/") + ".manifest.json"
    with open(manifest, "w") as f:
        json.dump(doc, f, indent=1)
    if not quiet:
        print(f"gen_corpus: {nfiles} files, {total / 1e6:.1f} MB, {len(secrets)} planted secrets in "
              f"{time.perf_counter() - t0:.1f} s -> {out} (manifest {manifest})", file=sys.stderr)
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=200)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--secrets", type=int, default=None, help="number of planted secrets (default: 1 per MB, min 16)")
    ap.add_argument("--manifest", default=None, help="manifest path (default: OUT.manifest.json)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (output does not depend on it)")
    a = ap.parse_args()
    generate(a.out, a.size_mb, a.seed, a.secrets, a.manifest, a.jobs)


if __name__ == "__main__":
    main()
