#!/usr/bin/env python3
"""keysnare benchmark harness: one run measures keysnare and its baselines side by side on this machine
and prints the ratios, with medians of --reps repetitions after one warm-up run (warm page cache, warm
compiled-rules cache).

    python3 benchmarks/run.py all                 # everything (dir on 200 MB, git on a 1000-commit repo)
    python3 benchmarks/run.py dir --size-mb 50    # quicker
    python3 benchmarks/run.py git --repo ~/src/linux
    python3 benchmarks/run.py adversarial --adv-mb 20 --reps 3

Sections (see README.md for what each figure means):
  dir          keysnare dir throughput at --threads 1 and all cores; wall time against
               `find -type f -print0 | xargs -0 cat` of the same tree (target <= 2x); start-up cost on one
               small file (target <= 20 ms); recall on the secrets gen_corpus.py planted.
  git          `keysnare git REPO` against the faster of `git cat-file --batch-all-objects --batch` with and
               without --unordered (target <= 1.5x); peak RSS; recall on the secrets gen_repo.py planted.
  staged       `keysnare staged --repo R` on a 10,000-file repository with 1-3 files staged (target <= 30 ms).
  adversarial  scan rate (keysnare stdin) on inputs built to be slow (long runs of token alphabets, repeated
               prefixes, unterminated PEM headers, ...) against ordinary source (target: within 10x).

Generated data is cached under --work (default benchmarks/.cache) and regenerated when missing.
keysnare's compiled-rules cache lives there too (KEYSNARE_CACHE_DIR), so runs do not depend on ~/.cache.
A section whose subcommand the binary lacks (exit 2) is reported "not available"; the others still run.
Exit status 0 whatever the figures, unless --strict (then 1 if a target is missed or a section is not
available). Standard library only.
"""
import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402
import gen_repo  # noqa: E402

BINARY_EXTS = {"png", "so", "jar", "ttf"}


# ----------------------------------------------------------------------------------------------
# Running and timing commands


class Run:
    __slots__ = ("wall", "rc", "maxrss_kb", "stderr", "timed_out")

    def __init__(self, wall, rc, maxrss_kb, stderr, timed_out):
        self.wall, self.rc, self.maxrss_kb, self.stderr, self.timed_out = wall, rc, maxrss_kb, stderr, timed_out


def run_once(cmd, stdin_path=None, stdout_path=None, env=None, timeout=None):
    """Runs cmd (a list, or a str for `bash -c`) and returns a Run. The wall time covers spawn to reap;
    the peak RSS is the child's own (os.wait4), so earlier bigger children do not mask it. On timeout the
    process group this call started is killed."""
    if isinstance(cmd, str):
        cmd = ["bash", "-c", cmd]
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    timed_out = []
    try:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=err, env=env, start_new_session=True)
        except OSError as e:  # e.g. the binary is being rebuilt
            return Run(0.0, 127, 0, f"cannot run {cmd[0]}: {e.strerror}", False)
        timer = None
        if timeout:
            def kill():
                timed_out.append(True)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        return Run(wall, p.returncode, ru.ru_maxrss, text, bool(timed_out))
    finally:
        for f in (stdin, stdout):
            if f is not subprocess.DEVNULL:
                f.close()
        err.close()


def median(runs):
    return statistics.median(r.wall for r in runs)


def measure(specs, reps, warmup=1, ok_rc=(0, 1), timeout=None, log=None):
    """Times several commands interleaved (A B C A B C ...), so that load drifting on a shared machine
    hits all of them alike. specs: name -> dict(cmd=..., stdin=..., stdout=..., env=...).
    Returns name -> {"runs": [Run], "warm": [Run], "error": str | None}."""
    out = {name: {"runs": [], "warm": [], "error": None} for name in specs}
    for _ in range(warmup):
        for name, s in specs.items():
            if out[name]["error"]:
                continue
            r = run_once(s["cmd"], s.get("stdin"), s.get("stdout"), s.get("env"), timeout)
            out[name]["warm"].append(r)
            if r.timed_out:
                out[name]["error"] = f"timeout after {timeout:.0f} s"
            elif r.rc not in ok_rc:
                out[name]["error"] = f"exit {r.rc}: " + first_line(r.stderr)
    for i in range(reps):
        for name, s in specs.items():
            if out[name]["error"]:
                continue
            r = run_once(s["cmd"], s.get("stdin"), s.get("stdout"), s.get("env"), timeout)
            if r.timed_out:
                out[name]["error"] = f"timeout after {timeout:.0f} s"
                continue
            if r.rc not in ok_rc:
                out[name]["error"] = f"exit {r.rc}: " + first_line(r.stderr)
                continue
            out[name]["runs"].append(r)
        if log:
            log(f"  rep {i + 1}/{reps}: " + ", ".join(
                f"{n} {out[n]['runs'][-1].wall * 1000:.1f} ms" if out[n]["runs"] and not out[n]["error"]
                else f"{n} -" for n in specs))
    return out


def first_line(text):
    lines = [x for x in text.strip().splitlines() if x.strip()]
    return lines[-1][:200] if lines else ""


def summary_line(text):
    """keysnare's one-line summary on stderr ('keysnare: N files (X MB) scanned, ...')."""
    for line in reversed(text.splitlines()):
        if "scanned" in line:
            return line.strip()
    return first_line(text)


# ----------------------------------------------------------------------------------------------
# Findings and recall


def load_findings(path):
    """keysnare's JSON report (an array of flat objects; JSONL accepted) -> list of dicts."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        doc = [json.loads(x) for x in text.splitlines() if x.strip()]
    if isinstance(doc, dict):
        doc = next((v for v in doc.values() if isinstance(v, list)), [])
    return [d for d in doc if isinstance(d, dict)]


def _locations(f):
    """Every (file, line, commit) a finding reports: its first occurrence and the further ones."""
    yield f.get("file") or f.get("path") or "", f.get("line"), f.get("commit")
    for o in f.get("occurrences") or []:
        if isinstance(o, dict):
            yield o.get("file") or o.get("path") or "", o.get("line"), o.get("commit")


def _norm(path, root):
    path = path.replace("\\", "/")
    for pre in (root.rstrip("/") + "/", os.path.abspath(root).rstrip("/") + "/"):
        if path.startswith(pre):
            path = path[len(pre):]
    while path.startswith("./"):
        path = path[2:]
    return path


def recall(manifest, findings, root="", git=False):
    """Matches planted secrets to findings by (path, line) and, for history, the introducing commit.
    Returns a dict of counts plus missed kinds and the rules of the other (unplanted) findings."""
    index = {}
    for fi, f in enumerate(findings):
        for path, line, commit in _locations(f):
            index.setdefault((_norm(path, root), line), []).append((fi, commit))
    by_path = {}
    for fi, f in enumerate(findings):
        for path, _, _ in _locations(f):
            by_path.setdefault(_norm(path, root), set()).add(fi)
    used, found, with_commit, wrong_line, missed = set(), 0, 0, 0, {}
    per_kind = {}
    for s in manifest["secrets"]:
        k = per_kind.setdefault(s["kind"], [0, 0])
        k[1] += 1
        hits = index.get((s["path"], s["line"]))
        if hits:
            found += 1
            k[0] += 1
            used.update(fi for fi, _ in hits)
            if git and any(c == s.get("commit") for _, c in hits):
                with_commit += 1
        else:
            missed[s["kind"]] = missed.get(s["kind"], 0) + 1
            if s["path"] in by_path:
                wrong_line += 1
    others = {}
    for fi, f in enumerate(findings):
        if fi not in used:
            rid = f.get("rule_id") or f.get("rule") or "?"
            others[rid] = others.get(rid, 0) + 1
    return {"planted": len(manifest["secrets"]), "found": found, "with_commit": with_commit,
            "wrong_line": wrong_line, "missed": missed, "per_kind": per_kind, "others": others,
            "findings": len(findings)}


# ----------------------------------------------------------------------------------------------
# Report


class Report:
    def __init__(self):
        self.rows = []    # (section, measurement, value, target, status)
        self.notes = []   # (section, text)

    def row(self, section, what, value, target="", status="INFO"):
        self.rows.append((section, what, value, target, status))
        log(f"  {what}: {value}" + (f"  [target {target}: {status}]" if target else ""))

    def check(self, section, what, value_str, x, limit, target_str):
        status = "PASS" if x <= limit else "FAIL"
        self.row(section, what, value_str, target_str, status)

    def na(self, section, why):
        self.row(section, f"{section}: not available", why, "", "N/A")

    def note(self, section, text):
        self.notes.append((section, text))

    def print(self, machine, markdown=False):
        head = ("section", "measurement", "value", "target", "result")
        rows = [head] + self.rows
        if markdown:
            print("| " + " | ".join(head) + " |")
            print("|" + "---|" * len(head))
            for r in self.rows:
                print("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
        else:
            w = [min(70, max(len(str(r[i])) for r in rows)) for i in range(len(head))]
            line = "-+-".join("-" * x for x in w)
            print()
            print(" | ".join(str(h).ljust(w[i]) for i, h in enumerate(head)))
            print(line)
            for r in self.rows:
                print(" | ".join(str(x).ljust(w[i]) for i, x in enumerate(r)))
        print()
        for sec, text in self.notes:
            print(f"{'- ' if markdown else ''}[{sec}] {text}")
        print()
        print("Machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()))

    def failed(self):
        return any(r[4] in ("FAIL", "N/A") for r in self.rows)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def machine_notes(ks, work):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    ver = "?"
    if os.access(ks, os.X_OK):
        ver = run_capture([ks, "--version"]).strip() or "?"
    return {
        "nproc": f"{len(os.sched_getaffinity(0))} (of {os.cpu_count()})",
        "cpu": cpu, "kernel": platform.release(), "memory": mem,
        "loadavg at start": "%.2f %.2f %.2f" % os.getloadavg(),
        "python": platform.python_version(), "git": run_capture(["git", "--version"]).strip(),
        "keysnare": ver, "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def run_capture(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout
    except OSError:
        return ""


def mbs(nbytes, seconds):
    return nbytes / 1e6 / seconds if seconds > 0 else float("inf")


def fmt_s(sec):
    return f"{sec * 1000:.1f} ms" if sec < 1 else f"{sec:.3f} s"


# ----------------------------------------------------------------------------------------------
# Sections


class Bench:
    def __init__(self, a):
        self.a = a
        self.rep = Report()
        self.work = os.path.abspath(a.work)
        os.makedirs(self.work, exist_ok=True)
        self.out = os.path.join(self.work, "out")
        os.makedirs(self.out, exist_ok=True)
        self.ks = a.keysnare
        self.env = dict(os.environ, NO_COLOR="1", KEYSNARE_CACHE_DIR=os.path.join(self.work, "keysnare-cache"),
                        GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
        self.threads = a.threads or len(os.sched_getaffinity(0))

    def ks_cmd(self, sub, *args):
        return [self.ks, sub, *args, *self.a.ks_arg]

    def available(self, section, sub):
        """False (and a "not available" row) unless the binary exists and knows the subcommand: checked
        with `keysnare SUB --help` before any data is generated."""
        if not os.access(self.ks, os.X_OK):
            self.rep.na(section, f"no executable at {self.ks}")
            return False
        r = run_once([self.ks, sub, "--help"], env=self.env, timeout=60)
        if r.rc != 0:
            self.rep.na(section, f"`keysnare {sub}`: exit {r.rc}: {first_line(r.stderr)}")
            return False
        return True

    # -- data
    def corpus(self, size_mb=None):
        size = size_mb or self.a.size_mb
        tree = os.path.join(self.work, f"corpus-{size:g}mb-s{self.a.seed}")
        manifest = tree + ".manifest.json"
        if not (os.path.isdir(tree) and fresh(manifest, gen_corpus.VERSION)):
            log(f"generating {size:g} MB corpus in {tree} ...")
            gen_corpus.generate(tree, size, self.a.seed, manifest=manifest,
                                jobs=min(2, len(os.sched_getaffinity(0))))
        with open(manifest) as f:
            return tree, json.load(f)

    def repo(self):
        if self.a.repo:
            path = os.path.abspath(self.a.repo)
            m = path.rstrip("/") + ".manifest.json"
            manifest = json.load(open(m)) if os.path.exists(m) else None
            return path, manifest
        path = os.path.join(self.work, f"repo-{self.a.repo_commits}c-{self.a.repo_mb:g}mb-s{self.a.seed}")
        m = path + ".manifest.json"
        if not (os.path.isdir(os.path.join(path, ".git")) and fresh(m, gen_repo.VERSION)):
            log(f"generating repository ({self.a.repo_commits} commits, {self.a.repo_mb:g} MB of blobs) in {path} ...")
            gen_repo.generate(path, self.a.repo_commits, self.a.repo_mb, self.a.seed)
        with open(m) as f:
            return path, json.load(f)

    # -- dir
    def bench_dir(self):
        S = "dir"
        log("== dir")
        if not self.available(S, "dir"):
            return
        tree, manifest = self.corpus()
        nbytes = manifest["bytes"]
        nfiles = manifest["files"]
        self.rep.row(S, "corpus", f"{nfiles} files, {nbytes / 1e6:.1f} MB ({os.path.basename(tree)})")
        report = os.path.join(self.out, "dir-findings.json")
        t = str(self.threads)
        specs = {
            "keysnare -j1": {"cmd": self.ks_cmd("dir", tree, "--threads", "1"), "env": self.env},
            f"keysnare -j{t}": {"cmd": self.ks_cmd("dir", tree, "--threads", t), "env": self.env},
            "cat": {"cmd": f"find {shq(tree)} -type f -print0 | xargs -0 cat > /dev/null"},
        }
        # Warm-up: the JSON report (for recall) with all threads; it also warms the page cache and the
        # compiled-rules cache.
        warm = run_once(self.ks_cmd("dir", tree, "--threads", t, "--format", "json", "-o", report),
                        env=self.env, timeout=self.a.timeout)
        if warm.timed_out or warm.rc not in (0, 1):
            self.rep.na(S, f"keysnare dir: exit {warm.rc}: {first_line(warm.stderr)}")
            return
        self.rep.note(S, summary_line(warm.stderr))
        res = measure(specs, self.a.reps, 1, timeout=self.a.timeout, log=log)
        med = {}
        for name, r in res.items():
            if r["error"] or not r["runs"]:
                self.rep.row(S, f"{name} (median of {self.a.reps})", "error: " + (r["error"] or "no runs"), "", "FAIL")
                continue
            med[name] = median(r["runs"])
            self.rep.row(S, f"{name} (median of {len(r['runs'])})",
                         f"{fmt_s(med[name])} = {mbs(nbytes, med[name]):.0f} MB/s")
        kall = f"keysnare -j{t}"
        if kall in med and "cat" in med:
            ratio = med[kall] / med["cat"]
            self.rep.check(S, f"keysnare -j{t} / cat wall time", f"{ratio:.2f}x", ratio, 2.0, "<= 2x")
        if "keysnare -j1" in med and kall in med:
            self.rep.row(S, f"thread scaling (-j1 / -j{t} wall time)", f"{med['keysnare -j1'] / med[kall]:.2f}x")
        rss = max([r.maxrss_kb for r in res[kall]["runs"]] + [warm.maxrss_kb])
        self.rep.row(S, f"keysnare -j{t} peak RSS", f"{rss / 1024:.0f} MiB")

        # Start-up: one small file.
        small = os.path.join(self.work, "small")
        os.makedirs(small, exist_ok=True)
        one = os.path.join(small, "hello.py")
        with open(one, "w") as f:
            f.write('"""Say hello."""\nimport sys\n\n\ndef main():\n    print("hello", sys.argv[1:])\n\n\n'
                    'if __name__ == "__main__":\n    main()\n')
        n = self.a.startup_reps
        res = measure({"keysnare dir ONE_FILE": {"cmd": self.ks_cmd("dir", one), "env": self.env},
                       "/bin/true": {"cmd": ["/bin/true"]}}, n, 1, timeout=60)
        r = res["keysnare dir ONE_FILE"]
        if r["error"] or not r["runs"]:
            self.rep.row(S, "start-up", "error: " + (r["error"] or "no runs"), "<= 20 ms", "FAIL")
        else:
            m = median(r["runs"])
            self.rep.check(S, f"start-up: keysnare dir ONE_FILE (median of {len(r['runs'])})", fmt_s(m), m, 0.020,
                           "<= 20 ms")
            if res["/bin/true"]["runs"]:
                self.rep.row(S, "  spawn+reap cost of /bin/true (included above)", fmt_s(median(res["/bin/true"]["runs"])))
            # For scale: the same without the compiled-rules cache (first run after install or a rule
            # change). Slow, so a few runs only.
            cold = measure({"cold": {"cmd": self.ks_cmd("dir", "--no-cache", one), "env": self.env}}, 3, 0,
                           timeout=300)["cold"]
            if cold["runs"]:
                self.rep.row(S, "  start-up with --no-cache (rules compiled, median of 3)", fmt_s(median(cold["runs"])))

        # Recall.
        try:
            findings = load_findings(report)
        except (OSError, ValueError) as e:
            self.rep.row(S, "recall", f"unreadable report: {e}", "", "FAIL")
            return
        rc = recall(manifest, findings, tree)
        self.recall_rows(S, rc)

    def recall_rows(self, S, rc, git=False):
        pct = 100.0 * rc["found"] / rc["planted"] if rc["planted"] else 100.0
        self.rep.row(S, "recall on planted secrets", f"{rc['found']}/{rc['planted']} ({pct:.0f}%)")
        per = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(rc["per_kind"].items()))
        self.rep.note(S, f"recall per kind: {per}")
        if git:
            self.rep.note(S, f"planted secrets attributed to the commit that introduced them: {rc['with_commit']}/"
                             f"{rc['planted']}")
        if rc["wrong_line"]:
            self.rep.note(S, f"{rc['wrong_line']} missed secret(s) had a finding in the same file on another line")
        other = sum(rc["others"].values())
        top = ", ".join(f"{k} {v}" for k, v in sorted(rc["others"].items(), key=lambda x: -x[1])[:8])
        self.rep.row(S, "other findings (not planted; likely false positives)", f"{other}" + (f" ({top})" if top else ""))

    # -- git
    def bench_git(self):
        S = "git"
        log("== git")
        if not self.available(S, "git"):
            return
        repo, manifest = self.repo()
        report = os.path.join(self.out, "git-findings.json")
        warm = run_once(self.ks_cmd("git", repo, "--format", "json", "-o", report), env=self.env,
                        timeout=self.a.timeout)
        if warm.timed_out or warm.rc not in (0, 1):
            self.rep.na(S, f"keysnare git: exit {warm.rc}: {first_line(warm.stderr)}" if not warm.timed_out
                        else f"timeout after {self.a.timeout:.0f} s")
            return
        count = run_capture(["git", "-C", repo, "count-objects", "-v"])
        info = dict(x.split(": ", 1) for x in count.splitlines() if ": " in x)
        ncommits = run_capture(["git", "-C", repo, "rev-list", "--all", "--count"]).strip()
        self.rep.row(S, "repository", f"{os.path.basename(repo)}: {ncommits} commits, "
                                      f"{info.get('in-pack', '?')} packed objects, "
                                      f"{int(info.get('size-pack', 0)) / 1024:.1f} MiB of packs")
        self.rep.note(S, summary_line(warm.stderr))
        specs = {
            "keysnare git": {"cmd": self.ks_cmd("git", repo), "env": self.env},
            "cat-file --batch": {"cmd": ["git", "-C", repo, "cat-file", "--batch-all-objects", "--batch"],
                                 "env": self.env},
            "cat-file --batch --unordered": {"cmd": ["git", "-C", repo, "cat-file", "--batch-all-objects", "--batch",
                                                     "--unordered"], "env": self.env},
        }
        res = measure(specs, self.a.reps, 1, timeout=self.a.timeout, log=log)
        med = {}
        for name, r in res.items():
            if r["error"] or not r["runs"]:
                self.rep.row(S, name, "error: " + (r["error"] or "no runs"), "", "FAIL")
                continue
            med[name] = median(r["runs"])
            self.rep.row(S, f"{name} (median of {len(r['runs'])})", fmt_s(med[name]))
        base = [med[n] for n in ("cat-file --batch", "cat-file --batch --unordered") if n in med]
        if "keysnare git" in med and base:
            ratio = med["keysnare git"] / min(base)
            self.rep.check(S, "keysnare git / fastest cat-file wall time", f"{ratio:.2f}x", ratio, 1.5, "<= 1.5x")
        if res["keysnare git"]["runs"]:
            rss = max([r.maxrss_kb for r in res["keysnare git"]["runs"]] + [warm.maxrss_kb])
            rss_git = max(r.maxrss_kb for n in specs if n != "keysnare git" for r in res[n]["runs"]) \
                if all(res[n]["runs"] for n in specs) else 0
            self.rep.row(S, "keysnare git peak RSS", f"{rss / 1024:.0f} MiB (git cat-file: {rss_git / 1024:.0f} MiB)")
        if manifest:
            try:
                self.recall_rows(S, recall(manifest, load_findings(report), "", git=True), git=True)
            except (OSError, ValueError) as e:
                self.rep.row(S, "recall", f"unreadable report: {e}", "", "FAIL")

    # -- staged
    def bench_staged(self):
        S = "staged"
        log("== staged")
        if not self.available(S, "staged"):
            return
        n = self.a.staged_files
        repo = os.path.join(self.work, f"staged-{n}f-s{self.a.seed}")
        if not (os.path.isdir(os.path.join(repo, ".git")) and fresh(repo + ".manifest.json", gen_repo.VERSION)):
            log(f"generating {n}-file repository in {repo} ...")
            gen_repo.generate(repo, commits=1, target_mb=n * 4000 / 1e6, seed=self.a.seed, initial_files=n,
                              initial_mb=n * 4000 / 1e6, secrets=0)
        git = ["git", "-C", repo]
        subprocess.run(git + ["reset", "-q", "--hard", "HEAD"], check=True, env=self.env)
        subprocess.run(git + ["clean", "-fdq"], check=True, env=self.env)
        files = run_capture(git + ["ls-files"]).split()
        # A typical change: append code to two existing source files and add one new file.
        rng = random.Random(f"staged:{self.a.seed}")
        g = gen_corpus.Gen(rng)
        src = sorted(f for f in files if f.rsplit(".", 1)[-1] in ("py", "go", "ts", "java", "cc"))
        changed = rng.sample(src, 2)
        for p in changed:
            lines = gen_corpus.generate_lines(g, gen_repo.kind_of(p), p, 600)
            with open(os.path.join(repo, p), "a") as f:
                f.write("\n".join(lines[4:20]) + "\n")
        new = os.path.join(os.path.dirname(changed[0]), "bench_new_module.py")
        with open(os.path.join(repo, new), "w") as f:
            f.write("\n".join(gen_corpus.gen_python(g, 1500)) + "\n")
        subprocess.run(git + ["add", "--", *changed, new], check=True, env=self.env)
        staged = run_capture(git + ["diff", "--cached", "--shortstat"]).strip()
        self.rep.row(S, "repository", f"{len(files)} files; staged: {staged}")
        try:
            nr = self.a.startup_reps
            res = measure({"keysnare staged": {"cmd": self.ks_cmd("staged", "--repo", repo), "env": self.env},
                           "git diff --cached": {"cmd": git + ["diff", "--cached", "--quiet"], "env": self.env}},
                          nr, 1, timeout=120)
            r = res["keysnare staged"]
            if r["error"]:
                if r["warm"] and r["warm"][0].rc == 2:
                    self.rep.na(S, f"keysnare staged: {r['error']}")
                else:
                    self.rep.row(S, "keysnare staged", "error: " + r["error"], "<= 30 ms", "FAIL")
                return
            self.rep.note(S, summary_line(r["warm"][0].stderr))
            m = median(r["runs"])
            self.rep.check(S, f"keysnare staged --repo R (median of {len(r['runs'])})", fmt_s(m), m, 0.030, "<= 30 ms")
            if res["git diff --cached"]["runs"]:
                self.rep.row(S, "  for scale: git diff --cached --quiet", fmt_s(median(res["git diff --cached"]["runs"])))
            self.rep.row(S, "keysnare staged peak RSS", f"{max(x.maxrss_kb for x in r['runs']) / 1024:.0f} MiB")
        finally:
            subprocess.run(git + ["reset", "-q", "--hard", "HEAD"], env=self.env)
            subprocess.run(git + ["clean", "-fdq"], env=self.env)

    # -- adversarial
    def adversarial_inputs(self):
        mb = self.a.adv_mb
        n = int(mb * 1_000_000)
        d = os.path.join(self.work, f"adv-{mb:g}mb-s{self.a.seed}")
        os.makedirs(d, exist_ok=True)
        rng = random.Random(f"adv:{self.a.seed}")
        t = gen_corpus._table

        def rep(piece):
            return (piece * (n // len(piece) + 1))[:n].encode()

        def rand(alpha):
            return rng.randbytes(n).translate(t(alpha))

        def near_miss(prefix, body_len, alpha, sep):
            # prefix + one character too few + separator, over and over: candidates that never complete.
            body = rng.randbytes(n).translate(t(alpha))
            out, i, pos = bytearray(), 0, 0
            p, s = prefix.encode(), sep.encode()
            while len(out) < n:
                out += p + body[pos:pos + body_len] + s
                pos = (pos + body_len) % (n - body_len)
            return bytes(out[:n])

        def soup():
            # Prefixes of many rules glued by short runs of token characters, no separators at all.
            pres = ["gh" + "p_", "AK" + "IA", "sk" + "-", "sk" + "_live_", "xox" + "b-", "ey" + "J", "sk" + "-ant-",
                    "postgres" + "://", "-" * 5 + "BEGIN ", "pass" + "word="]
            fill = rng.randbytes(n).translate(t(gen_corpus.URLSAFE))
            out, pos = bytearray(), 0
            while len(out) < n:
                k = rng.randint(1, 40)
                out += rng.choice(pres).encode() + fill[pos:pos + k]
                pos = (pos + k) % (n - 64)
            return bytes(out[:n])

        dashes = "-" * 5

        def pem_open():
            body = rand(gen_corpus.ALNUM + "+/")
            return ((dashes + "BEGIN RSA PRIVATE KEY" + dashes + "\n").encode()
                    + b"\n".join(body[i:i + 64] for i in range(0, n, 65)))[:n]

        cases = {
            "alnum run [A-Za-z0-9]": lambda: rand(gen_corpus.ALNUM),
            "base64 run [A-Za-z0-9+/]": lambda: rand(gen_corpus.ALNUM + "+/"),
            "url-safe run [A-Za-z0-9_-]": lambda: rand(gen_corpus.URLSAFE),
            "hex run [0-9a-f]": lambda: rand(gen_corpus.HEXCH),
            "'ghp_' repeated": lambda: rep("gh" + "p_"),
            "'sk-' repeated": lambda: rep("sk" + "-"),
            "'AKIA' repeated": lambda: rep("AK" + "IA"),
            "'eyJ' repeated": lambda: rep("ey" + "J"),
            "'xoxb-' repeated": lambda: rep("xox" + "b-"),
            "'-----BEGIN' repeated": lambda: rep(dashes + "BEGIN"),
            "'password=' repeated": lambda: rep("pass" + "word="),
            "'postgres://' repeated": lambda: rep("postgres" + "://"),
            "unterminated PEM header + base64 lines": lambda: pem_open(),
            "near-miss 'ghp_'+35 chars": lambda: near_miss("gh" + "p_", 35, gen_corpus.ALNUM, " "),
            "near-miss 'AKIA'+15 chars": lambda: near_miss("AK" + "IA", 15, gen_corpus.B32, "\n"),
            "token prefix soup": soup,
        }
        paths = {}
        for i, (name, make) in enumerate(cases.items()):
            p = os.path.join(d, f"case{i:02d}.bin")
            if not os.path.exists(p) or os.path.getsize(p) != n:
                with open(p + ".tmp", "wb") as f:
                    f.write(make())
                os.replace(p + ".tmp", p)
            paths[name] = p
        # Ordinary: the text files of the generated tree, concatenated up to the same size.
        ordinary = os.path.join(d, "ordinary.txt")
        if not os.path.exists(ordinary) or os.path.getsize(ordinary) != n:
            # The dir section's tree if it is there, else a tree just big enough.
            full = os.path.join(self.work, f"corpus-{self.a.size_mb:g}mb-s{self.a.seed}.manifest.json")
            tree, _ = self.corpus(None if os.path.exists(full) else max(20, round(self.a.adv_mb * 1.3)))
            files = []
            for root, dirs, fs in os.walk(tree):
                dirs.sort()
                files += [os.path.join(root, f) for f in sorted(fs) if f.rsplit(".", 1)[-1] not in BINARY_EXTS]
            buf, size = [], 0
            while size < n:
                for fp in files:
                    with open(fp, "rb") as f:
                        data = f.read()
                    buf.append(data)
                    size += len(data)
                    if size >= n:
                        break
            with open(ordinary + ".tmp", "wb") as f:
                f.write(b"".join(buf)[:n])
            os.replace(ordinary + ".tmp", ordinary)
        return ordinary, paths, n

    def bench_adversarial(self):
        S = "adversarial"
        log("== adversarial")
        if not self.available(S, "stdin"):
            return
        ordinary, cases, n = self.adversarial_inputs()
        limit = f"{int(self.a.adv_mb * 2) + 1}MiB"  # never skip the input as too large
        cmd = self.ks_cmd("stdin", "--max-file-size", limit)
        log("  ordinary source")
        res = measure({"ordinary": {"cmd": cmd, "stdin": ordinary, "env": self.env}}, self.a.reps, 1,
                      timeout=self.a.timeout)["ordinary"]
        if res["error"]:
            if res["warm"] and res["warm"][0].rc == 2:
                self.rep.na(S, f"keysnare stdin: {res['error']}")
            else:
                self.rep.row(S, "ordinary source", "error: " + res["error"], "", "FAIL")
            return
        self.rep.note(S, "keysnare on ordinary source: " + summary_line(res["warm"][0].stderr))
        base = mbs(n, median(res["runs"]))
        self.rep.row(S, f"ordinary source, {n / 1e6:.0f} MB via stdin (median of {len(res['runs'])})",
                     f"{fmt_s(median(res['runs']))} = {base:.0f} MB/s")
        # For scale: the same bytes as one file through `keysnare dir` (same engine, file source).
        viafile = measure({"file": {"cmd": self.ks_cmd("dir", ordinary, "--max-file-size", limit), "env": self.env}},
                          self.a.reps, 1, timeout=self.a.timeout)["file"]
        if viafile["runs"] and not viafile["error"]:
            self.rep.row(S, f"  same bytes as one file via keysnare dir (median of {len(viafile['runs'])})",
                         f"{fmt_s(median(viafile['runs']))} = {mbs(n, median(viafile['runs'])):.0f} MB/s")
        worst = (None, float("inf"))
        for name, path in cases.items():
            log(f"  {name}")
            r = measure({name: {"cmd": cmd, "stdin": path, "env": self.env}}, 0, 1, timeout=self.a.timeout)[name]
            if not r["error"]:
                # A pathological case gets one timed run, not --reps: its rate is far off anyway.
                reps = self.a.reps if r["warm"][0].wall < self.a.slow_case else 1
                more = measure({name: {"cmd": cmd, "stdin": path, "env": self.env}}, reps, 0,
                               timeout=self.a.timeout)[name]
                r["runs"], r["error"] = more["runs"], more["error"]
            if r["error"]:
                if r["error"].startswith("timeout"):
                    rate = n / 1e6 / self.a.timeout
                    self.rep.row(S, name, f"< {rate:.1f} MB/s ({r['error']})", "", "FAIL")
                    if rate < worst[1]:
                        worst = (name, rate)
                else:
                    self.rep.row(S, name, "error: " + r["error"], "", "FAIL")
                continue
            m = median(r["runs"])
            rate = mbs(n, m)
            if self.a.verbose:
                self.rep.note(S, f"{name}: " + summary_line(r["warm"][0].stderr))
            self.rep.row(S, f"{name} (median of {len(r['runs'])})",
                         f"{fmt_s(m)} = {rate:.0f} MB/s ({base / rate:.2f}x slower)" if rate < base
                         else f"{fmt_s(m)} = {rate:.0f} MB/s")
            if rate < worst[1]:
                worst = (name, rate)
        if worst[0]:
            ratio = base / worst[1]
            self.rep.check(S, "ordinary rate / worst adversarial rate", f"{ratio:.2f}x ({worst[0]})", ratio, 10.0,
                           "<= 10x")


def fresh(manifest, version):
    """True if a cached data set's manifest exists and comes from the current generator."""
    try:
        with open(manifest) as f:
            return json.load(f).get("version") == version
    except (OSError, ValueError):
        return False


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("section", choices=["dir", "git", "staged", "adversarial", "all"])
    ap.add_argument("--keysnare", default=os.path.join(os.path.dirname(HERE), "build", "keysnare"))
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions after one warm-up (default 5)")
    ap.add_argument("--startup-reps", type=int, default=21, help="repetitions of the start-up and staged timings")
    ap.add_argument("--work", default=os.path.join(HERE, ".cache"), help="generated data and reports")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size-mb", type=float, default=200, help="dir: size of the generated tree (default 200)")
    ap.add_argument("--threads", type=int, default=0, help="dir: the 'all cores' thread count (default: nproc)")
    ap.add_argument("--repo", help="git: benchmark this repository instead of a generated one")
    ap.add_argument("--repo-commits", type=int, default=1000, help="git: commits of the generated repository")
    ap.add_argument("--repo-mb", type=float, default=100, help="git: MB of blob versions in its history")
    ap.add_argument("--staged-files", type=int, default=10000)
    ap.add_argument("--adv-mb", type=float, default=50, help="adversarial: size of each input (default 50)")
    ap.add_argument("--slow-case", type=float, default=20,
                    help="adversarial: an input whose warm-up run takes longer gets 1 timed run (default 20 s)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before one run counts as failed")
    ap.add_argument("--ks-arg", action="append", default=[],
                    help="extra argument for every keysnare scan (repeatable), e.g. --ks-arg=--no-cache")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target is missed or a section unavailable")
    ap.add_argument("--markdown", action="store_true", help="print the table as markdown")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    b = Bench(a)
    machine = machine_notes(a.keysnare, b.work)
    log("machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()))
    sections = ["dir", "git", "staged", "adversarial"] if a.section == "all" else [a.section]
    t0 = time.perf_counter()
    for s in sections:
        getattr(b, "bench_" + s)()
    machine["loadavg at end"] = "%.2f %.2f %.2f" % os.getloadavg()
    machine["harness time"] = f"{time.perf_counter() - t0:.0f} s"
    b.rep.print(machine, a.markdown)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"machine": machine, "rows": [dict(zip(("section", "measurement", "value", "target", "result"), r))
                                                    for r in b.rep.rows],
                       "notes": [{"section": s, "text": t} for s, t in b.rep.notes]}, f, indent=1)
    return 1 if a.strict and b.rep.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
