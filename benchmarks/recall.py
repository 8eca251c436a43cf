#!/usr/bin/env python3
"""Accuracy on data keysnare did not write, and precision on real code.

    python3 benchmarks/recall.py dev                         # the labelled development corpus
    python3 benchmarks/recall.py real --repo ~/src/curl ...   # HEAD trees of real repositories
    python3 benchmarks/recall.py all --repo ...

dev   Scans ../shared/eval/dev-corpus/files (test cases of other scanners: gitleaks, detect-secrets,
      Kingfisher; none of them ours) and scores the report with ../shared/eval/score.py. Prints the
      scorer's overall line, recall per source, the providers with the most misses, and the same at
      --min-confidence medium (target: precision >= 0.99). Targets (issue on recall): recall >= 0.90 with
      at most 1% of negative files flagged. The corpus is for measuring only: its cases are never
      copied into rules or tests (rule examples are written from providers' documented formats).
real  Scans the HEAD tree of each --repo (a work tree; `git clone --bare` then `git worktree add`, or a
      plain clone) with the default rules and prints every finding by rule, file and line, marking
      those not listed in benchmarks/real_code_findings.tsv as NEW. Every listed finding is explained
      in benchmarks/README.md ("Precision on real code"); a NEW one must be explained or fixed.
      Nothing here is part of the test suite (which uses generated data only).

Standard library only. Exit status 0 whatever the figures (the numbers are for reading), 2 on error.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval")
KNOWN = os.path.join(HERE, "real_code_findings.tsv")


def run_keysnare(ks, args, out):
    cmd = [ks] + args + ["--format", "json", "--show-secrets", "-o", out, "-q"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"recall.py: {' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def score(report, name, expected, files):
    js = report + ".score.json"
    p = subprocess.run([sys.executable, os.path.join(EVAL, "score.py"), "--expected", expected, "--root", files,
                        "--format", "generic", report, "--name", name, "--json", js],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"recall.py: score.py failed: {p.stderr.strip()}")
    overall = next((l for l in p.stdout.splitlines() if l.startswith("Overall:")), "")
    with open(js, encoding="utf-8") as f:
        return overall, json.load(f)


def section_dev(a, tmp):
    corpus = os.path.join(a.eval, "dev-corpus")
    files, expected = os.path.join(corpus, "files"), os.path.join(corpus, "files_expected.jsonl")
    if not os.path.isdir(files):
        sys.exit(f"recall.py: no development corpus at {corpus}")
    print(f"## Development corpus ({corpus})\n")
    for label, extra in (("all findings", []), ("--min-confidence medium", ["--min-confidence", "medium"])):
        report = os.path.join(tmp, "dev%s.json" % ("" if not extra else "-medium"))
        run_keysnare(a.keysnare, ["dir", files] + extra + a.ks_arg, report)
        overall, s = score(report, "keysnare", expected, files)
        print(f"{label}: {overall}")
        if extra:
            continue
        print("\n| source | recall | TP | FN | negative files flagged |\n|---|---|---|---|---|")
        for src, v in sorted(s["source"].items()):
            print(f"| {src} | {v['recall']:.3f} | {v['tp']} | {v['fn']} | {v['neg_files_flagged']}/{v['neg_files']} |")
        misses = collections.Counter(m["provider"] for m in s["missed"])
        print(f"\nProviders with the most misses ({len(misses)} providers missed at least once):")
        print(", ".join(f"{p} {n}" for p, n in misses.most_common(a.top)))
        print("\nNegative files flagged: " + (", ".join(f for f, _ in s["fp_list"]) or "none") + "\n")


def load_known():
    known = set()
    if os.path.exists(KNOWN):
        with open(KNOWN, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line and not line.startswith("#"):
                    repo, rule, path = line.split("\t")[:3]
                    known.add((repo, rule, path))
    return known


def section_real(a, tmp):
    if not a.repo:
        sys.exit("recall.py: real: give at least one --repo (a checked-out tree)")
    known = load_known()
    print("## Precision on real code (HEAD trees)\n")
    new_total = 0
    for repo in a.repo:
        name = os.path.basename(os.path.normpath(repo))
        report = os.path.join(tmp, f"real-{name}.json")
        findings = run_keysnare(a.keysnare, ["dir", repo] + a.ks_arg, report)
        by_rule = collections.Counter(f["rule_id"] for f in findings)
        print(f"{name}: {len(findings)} findings" + (f" ({', '.join(f'{r} {n}' for r, n in by_rule.most_common())})"
                                                     if findings else ""))
        for f in sorted(findings, key=lambda f: (f["file"], f["line"], f["rule_id"])):
            new = (name, f["rule_id"], f["file"]) not in known
            new_total += new
            print(f"  {'NEW ' if new else '    '}{f['confidence']:6} {f['rule_id']} {f['file']}:{f['line']}")
    print(f"\n{new_total} finding(s) not in {os.path.relpath(KNOWN, ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("section", choices=["dev", "real", "all"])
    ap.add_argument("--keysnare", default=os.path.join(ROOT, "build", "keysnare"))
    ap.add_argument("--eval", default=EVAL, help="the shared evaluation folder (default ../shared/eval)")
    ap.add_argument("--repo", action="append", default=[], help="real: a checked-out repository (repeatable)")
    ap.add_argument("--top", type=int, default=25, help="dev: providers listed by misses")
    ap.add_argument("--ks-arg", action="append", default=[], help="extra keysnare argument (repeatable)")
    a = ap.parse_args()
    if not os.access(a.keysnare, os.X_OK):
        sys.exit(f"recall.py: no keysnare binary at {a.keysnare} (./dev build)")
    with tempfile.TemporaryDirectory() as tmp:
        if a.section in ("dev", "all"):
            section_dev(a, tmp)
        if a.section in ("real", "all"):
            section_real(a, tmp)


if __name__ == "__main__":
    main()
