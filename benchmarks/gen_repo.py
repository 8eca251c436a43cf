#!/usr/bin/env python3
"""Deterministic generator of a git repository with a long, branchy history, for benchmarking
`keysnare git` (history audit) and `keysnare staged` (pre-commit).

    python3 benchmarks/gen_repo.py --out /tmp/repo --commits 3000 --target-mb 300 --seed 1

The history is written as a `git fast-import` stream straight from Python (fast), then packed with
deltas (`git repack -a -d -f`, then `git gc`). It starts with an initial tree (--initial-files / --initial-mb, by default a fifth
of the target) of the same kinds of files as gen_corpus.py, then every commit edits, adds, renames and
deletes files until its share of --target-mb (the total size of all blob versions written, i.e. what
`git cat-file --batch-all-objects` reads back uncompressed) is spent. Feature branches fork from main,
get their own commits and are mostly merged back (merge commits with two parents); a few stay unmerged.
Annotated tags mark releases on main. Fake secrets (gen_corpus.SECRET_KINDS) are added on main and most
are deleted again some commits later: they live only in history.

The manifest (OUT.manifest.json next to the repository) lists each planted secret as {kind, path, line,
commit (full id of the commit that introduced it), removed_in (commit id or null)}, plus counts. It
never holds a secret. Same arguments give the same commit ids.

`--commits 1 --initial-files 10000 --target-mb 40` gives the 10,000-file repository of the staged
benchmark.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus as gc  # noqa: E402

# Bumped whenever the output changes, so that run.py regenerates cached data.
VERSION = 2

AUTHORS = [(f"{a.capitalize()} {b.capitalize()}", f"{a}.{b}@acme-corp.dev")
           for a, b in [("kestrel", "harbor"), ("iris", "fjord"), ("onyx", "meridian"), ("juniper", "vega"),
                        ("raven", "solstice"), ("tundra", "quartz"), ("willow", "nimbus"), ("ember", "atlas"),
                        ("helix", "cobalt"), ("lotus", "orbit"), ("jasper", "beacon"), ("sierra", "prism")]]
VERBS = ["Fix", "Add", "Refactor", "Update", "Remove", "Improve", "Rename", "Simplify", "Document", "Handle"]
EPOCH = 1546300800  # 2019-01-01T00:00:00Z
SKIP_SECRET_PATHS = ("third_party/", "node_modules/", "test", "fixture", "example", "vendor")
EDITABLE_TEXT = gc.TEXT_SECRET_KINDS | {"lock", "minjs"}
AVG_NATURAL = 18_000  # gen_corpus's mean file size; initial sizes are scaled from it


def kind_of(path):
    """The gen_corpus kind of a path (for regenerating content of the same shape)."""
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1]
    if name.endswith(".min.js"):
        return "minjs"
    if name in ("package-lock.json", "yarn.lock", "go.sum") or name.startswith("package-lock"):
        return "lock"
    return {"py": "py", "c": "c", "h": "h", "cc": "cc", "cpp": "cc", "hpp": "cc", "js": "js", "jsx": "js",
            "ts": "ts", "tsx": "ts", "go": "go", "java": "java", "json": "json", "yaml": "yaml", "yml": "yaml",
            "md": "md", "env": "env", "properties": "env", "toml": "env", "ini": "env", "sh": "script",
            "sql": "script", "png": "bin", "so": "bin", "jar": "bin", "ttf": "bin", "key": "pem", "pem": "pem",
            "lock": "lock", "sum": "lock"}.get(ext, "md")


class Stream:
    """Writes the fast-import stream; hands out marks."""

    def __init__(self, out):
        self.out = out
        self.mark = 0
        self.blob_bytes = 0
        self.blobs = 0

    def blob(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.mark += 1
        self.out.write(b"blob\nmark :%d\ndata %d\n" % (self.mark, len(data)))
        self.out.write(data)
        self.out.write(b"\n")
        self.blob_bytes += len(data)
        self.blobs += 1
        return self.mark

    def commit(self, ref, author, ts, msg, parent, merge, ops):
        self.mark += 1
        name, email = author
        m = msg.encode()
        w = self.out.write
        w(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        w(f"author {name} <{email}> {ts} +0000\ncommitter {name} <{email}> {ts} +0000\n".encode())
        w(b"data %d\n%s\n" % (len(m), m))
        if parent:
            w(b"from :%d\n" % parent)
        if merge:
            w(b"merge :%d\n" % merge)
        for op in ops:
            if op[0] == "M":
                w(b"M 100644 :%d %s\n" % (op[2], op[1].encode()))
            else:
                w(b"D %s\n" % op[1].encode())
        w(b"\n")
        return self.mark

    def tag(self, name, target, author, ts, msg):
        m = msg.encode()
        self.out.write(f"tag {name}\nfrom :{target}\ntagger {author[0]} <{author[1]}> {ts} +0000\n".encode())
        self.out.write(b"data %d\n%s\n" % (len(m), m))


class Branch:
    def __init__(self, ref, files, head):
        self.ref = ref
        self.files = files      # path -> (mark, content: str | bytes)
        self.head = head        # mark of the last commit
        self.changed = set()    # paths touched since the fork (feature branches)
        self.commits = 0


class History:
    def __init__(self, args, stream):
        self.a = args
        self.s = stream
        self.rng = random.Random(f"repo:{args.seed}")
        self.g = gc.Gen(self.rng)
        self.layout = gc.Layout(random.Random(f"layout:{args.seed}"))
        self.pinned = set()     # paths holding (or having held) a planted secret: only main's secret ops touch them
        self.secrets = []
        self.ts = EPOCH
        self.ncommits = 0
        self.tags = 0
        self.kind_names = [k[0] for k in gc.KINDS]
        self.kind_weights = [k[1] for k in gc.KINDS]
        self.kind_params = {k[0]: k[2:] for k in gc.KINDS}

    # -- content
    def new_file(self, scale):
        kind = self.rng.choices(self.kind_names, self.kind_weights)[0]
        median, sigma, cap = self.kind_params[kind]
        size = max(64, int(gc.sample_size(self.rng, median, sigma, cap) * scale))
        path = self.layout.path(kind)
        content = gc.generate_lines(self.g, kind, path, size)
        if not isinstance(content, bytes):
            content = "\n".join(content) + "\n"
        return path, content

    def edited(self, path, content):
        """A new version of a file: a hunk replaced, inserted or deleted; binaries regenerated."""
        kind = kind_of(path)
        r = self.rng
        if isinstance(content, bytes) or kind in ("minjs", "pem"):
            n = max(64, int(len(content) * r.uniform(0.8, 1.25)))
            new = gc.generate_lines(self.g, kind if kind != "pem" else "md", path, n)
            return new if isinstance(new, bytes) else "\n".join(new) + "\n"
        lines = content.split("\n")
        fresh = gc.generate_lines(self.g, kind, path, r.randint(150, 2500))
        fresh = fresh[min(len(fresh) - 1, r.randint(3, 8)):] if len(fresh) > 4 else fresh
        fresh = fresh[: r.randint(1, max(1, min(40, len(fresh))))]
        i = r.randint(0, max(0, len(lines) - 1))
        op = r.random()
        if op < 0.45:      # replace a hunk
            j = min(len(lines), i + r.randint(1, 12))
            lines[i:j] = fresh
        elif op < 0.8:     # insert
            lines[i:i] = fresh
        else:              # delete a hunk (files shrink too)
            del lines[i:i + r.randint(1, 15)]
            if not lines:
                lines = fresh
        return "\n".join(lines)

    # -- commits
    def author(self):
        return self.rng.choice(AUTHORS)

    def tick(self):
        self.ts += self.rng.randint(600, 4 * 3600)
        return self.ts

    def message(self):
        g = self.g
        msg = f"{self.rng.choice(VERBS)} {g.word()} {g.word()} in {g.choice(gc.PROJECT_WORDS)}"
        if self.rng.random() < 0.4:
            msg += "\n\n" + g.sentence(8, 25)
        return msg + "\n"

    def commit(self, br, ops, msg=None, merge=None):
        mark = self.s.commit(br.ref, self.author(), self.tick(), msg or self.message(), br.head, merge, ops)
        br.head = mark
        br.commits += 1
        self.ncommits += 1
        return mark

    def candidate_paths(self, br, editable_only=False):
        paths = [p for p in br.files if p not in self.pinned]
        if editable_only:
            paths = [p for p in paths if kind_of(p) in EDITABLE_TEXT or self.rng.random() < 0.2]
        return paths

    def change_ops(self, br, budget, scale):
        """Ordinary edits, adds, renames and deletes on `br` worth about `budget` blob bytes."""
        r = self.rng
        ops, spent, touched = [], 0, set()
        paths = sorted(self.candidate_paths(br))
        for _ in range(40):
            if spent >= budget and ops:
                break
            x = r.random()
            if x < 0.80 and paths:  # edit (< 0.72) or rename
                p = r.choice(paths)
                if p in touched:
                    continue
                size = len(br.files[p][1])
                if size > 3 * budget and r.random() < 0.9:  # big files (bundles, lockfiles) change rarely
                    continue
                touched.add(p)
                if x < 0.72:   # edit
                    content = self.edited(p, br.files[p][1])
                    mark = self.s.blob(content)
                    spent += len(content)
                    br.files[p] = (mark, content)
                    ops.append(("M", p, mark))
                    br.changed.add(p)
                else:          # rename (sometimes with a small edit, as git mv + fix-up)
                    mark, content = br.files.pop(p)
                    kind = kind_of(p)
                    q = self.layout.path(kind if kind in self.kind_params else "md")
                    q = q.rsplit(".", 1)[0] + "." + p.rsplit(".", 1)[-1] if "." in p else q
                    if q in br.files:
                        br.files[p] = (mark, content)
                        continue
                    if r.random() < 0.3 and not isinstance(content, bytes):
                        content = self.edited(q, content)
                        mark = self.s.blob(content)
                        spent += len(content)
                    br.files[q] = (mark, content)
                    ops += [("D", p), ("M", q, mark)]
                    br.changed.update((p, q))
                    touched.add(q)
            elif x < 0.92:     # add
                p, content = self.new_file(scale)
                if p in br.files:
                    continue
                mark = self.s.blob(content)
                spent += len(content)
                br.files[p] = (mark, content)
                ops.append(("M", p, mark))
                br.changed.add(p)
                touched.add(p)
            elif paths and len(br.files) > 20:  # delete
                p = r.choice(paths)
                if p in touched or p not in br.files:
                    continue
                del br.files[p]
                ops.append(("D", p))
                br.changed.add(p)
                touched.add(p)
        return ops

    def plant_secret(self, br, kind):
        """Add one secret to a file on main; returns (ops, record) or (None, None)."""
        r = self.rng
        pool = sorted(p for p in self.candidate_paths(br)
                      if kind_of(p) in gc.TEXT_SECRET_KINDS and not any(s in p for s in SKIP_SECRET_PATHS)
                      and (kind != "private-key" or gc.lang_of(p) in gc.PEM_CAPABLE))
        if kind == "private-key" and r.random() < 0.4 or not pool:
            p = self.layout.path("env").rsplit("/", 1)[0] + f"/certs/{self.g.word()}_{len(self.secrets)}.key"
            before, lines = None, []
        else:
            p = r.choice(pool)
            before = br.files[p][1]
            lines = before.split("\n")
        found = gc.plant(r, lines, gc.lang_of(p), [kind])
        content = "\n".join(lines) + ("\n" if before is None else "")
        mark = self.s.blob(content)
        br.files[p] = (mark, content)
        self.pinned.add(p)
        rec = {"kind": kind, "path": p, "line": found[0][1], "commit_mark": None, "removed_mark": None,
               "_before": before}
        return [("M", p, mark)], rec

    def unplant_secret(self, br, rec):
        p = rec["path"]
        if p not in br.files:
            return None
        before = rec.pop("_before")
        if before is None:
            del br.files[p]
            return [("D", p)]
        mark = self.s.blob(before)  # the file as it was: fast-import stores the old blob only once
        br.files[p] = (mark, before)
        return [("M", p, mark)]

    def run(self):
        a, r = self.a, self.rng
        total = int(a.target_mb * 1_000_000)
        init_bytes = int(a.initial_mb * 1_000_000) if a.initial_mb else total // 5
        init_files = a.initial_files or max(20, init_bytes // 12_000)
        scale = max(0.02, (init_bytes / init_files) / AVG_NATURAL)

        # Initial import.
        main = Branch("refs/heads/main", {}, None)
        ops = []
        while len(main.files) < init_files:
            p, content = self.new_file(scale)
            if p in main.files:
                continue
            mark = self.s.blob(content)
            main.files[p] = (mark, content)
            ops.append(("M", p, mark))
        self.commit(main, ops, "Initial import\n")

        n_rest = a.commits - 1
        add_scale = 1.0 if not a.initial_files else scale
        # Secrets: spread over the history, on main; 70% removed 3..200 commits later.
        nsec = a.secrets if a.secrets is not None else (max(len(gc.SECRET_KINDS), n_rest // 40) if n_rest >= 20 else 0)
        plant_at = {}
        if nsec:
            for j, i in enumerate(sorted(r.sample(range(1, a.commits), min(nsec, n_rest)))):
                plant_at[i] = gc.SECRET_KINDS[j % len(gc.SECRET_KINDS)]
        remove_at = {}   # commit index -> [record]
        features, fcount, since_tag = [], 0, 0

        i = 1
        while i < a.commits:
            # What is left of the target, spread over the commits left (keeps the total on target).
            budget = max(2000, (total - self.s.blob_bytes) // max(1, a.commits - i))
            if i in plant_at or i in remove_at:
                br, ops = main, []
                if i in plant_at:
                    sops, rec = self.plant_secret(main, plant_at[i])
                    ops += sops
                if i in remove_at:
                    for old in remove_at.pop(i):
                        rops = self.unplant_secret(main, old)
                        if rops:
                            ops += rops
                            old["removed_pending"] = True
                if r.random() < 0.5:
                    ops += self.change_ops(main, budget // 2, add_scale)
                mark = self.commit(main, ops)
                if i in plant_at:
                    rec["commit_mark"] = mark
                    self.secrets.append(rec)
                    if r.random() < 0.7:
                        remove_at.setdefault(min(a.commits - 1, i + r.randint(3, 200)), []).append(rec)
                for old in self.secrets:
                    if old.pop("removed_pending", False):
                        old["removed_mark"] = mark
                i += 1
                continue
            x = r.random()
            ready = [f for f in features if f.commits >= 2]
            if ready and x < 0.10 and (a.commits - i) > 0:
                f = r.choice(ready)
                features.remove(f)
                ops = []
                for p in sorted(f.changed):
                    if p in self.pinned:
                        continue
                    if p in f.files:
                        if main.files.get(p, (None,))[0] != f.files[p][0]:
                            main.files[p] = f.files[p]
                            ops.append(("M", p, f.files[p][0]))
                    elif p in main.files:
                        del main.files[p]
                        ops.append(("D", p))
                name = f.ref.split("/", 2)[2]
                self.commit(main, ops, f"Merge branch '{name}'\n", merge=f.head)
                if r.random() < 0.5:  # merged branches are often deleted; keep the others
                    self.s.out.write(f"reset {f.ref}\nfrom {'0' * 40}\n\n".encode())
            elif x < 0.16 and len(features) < 3 and a.commits - i > 5:
                fcount += 1
                f = Branch(f"refs/heads/feature/{self.g.word()}-{fcount}", dict(main.files), main.head)
                features.append(f)
                self.commit(f, self.change_ops(f, budget, add_scale))
            elif features and x < 0.45:
                f = r.choice(features)
                self.commit(f, self.change_ops(f, budget, add_scale))
            else:
                self.commit(main, self.change_ops(main, budget, add_scale))
                since_tag += 1
                if since_tag >= 120:  # a release every ~120 commits on main
                    since_tag = 0
                    self.tags += 1
                    self.s.tag(f"v1.{self.tags}.0", main.head, self.author(), self.ts,
                               f"Release 1.{self.tags}.0\n")
            i += 1
        self.s.out.write(b"done\n")
        return main, features


def generate(out, commits=1000, target_mb=100, seed=1, initial_files=None, initial_mb=None, secrets=None,
             do_gc=True, checkout=True, quiet=False):
    t0 = time.perf_counter()
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True, env=env)
    marks = os.path.join(out, ".git", "bench-marks")
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done", f"--export-marks={marks}"],
                          stdin=subprocess.PIPE, env=env)
    a = argparse.Namespace(commits=commits, target_mb=target_mb, seed=seed, initial_files=initial_files,
                           initial_mb=initial_mb, secrets=secrets)
    stream = Stream(fi.stdin)
    h = History(a, stream)
    main, features = h.run()
    fi.stdin.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    t_import = time.perf_counter() - t0
    ids = {}
    with open(marks) as f:
        for line in f:
            m, sha = line.split()
            ids[int(m[1:])] = sha
    os.remove(marks)
    if checkout:
        subprocess.run(["git", "-C", out, "reset", "-q", "--hard", "main"], check=True, env=env)
    if do_gc:
        # fast-import's own pack has few good deltas and a plain gc reuses it as is: recompute the deltas
        # once (-f; default window and depth, not --aggressive), then gc (packed refs, prune).
        subprocess.run(["git", "-C", out, "repack", "-a", "-d", "-f", "-q"], check=True, env=env)
        subprocess.run(["git", "-C", out, "gc", "--quiet", "--prune=now"], check=True, env=env)
    secrets_out = []
    for s in h.secrets:
        secrets_out.append({"kind": s["kind"], "path": s["path"], "line": s["line"], "commit": ids[s["commit_mark"]],
                            "removed_in": ids.get(s["removed_mark"]) if s["removed_mark"] else None})
    refs = subprocess.run(["git", "-C", out, "for-each-ref", "--format=%(refname)"], capture_output=True,
                          text=True, check=True).stdout.split()
    size_pack = 0
    for root, _, files in os.walk(os.path.join(out, ".git", "objects")):
        size_pack += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    doc = {"generator": "gen_repo.py", "version": VERSION, "seed": seed, "commits": h.ncommits, "target_mb": target_mb,
           "blobs_written": stream.blobs, "blob_bytes": stream.blob_bytes, "files_at_head": len(main.files),
           "branches": sum(1 for x in refs if x.startswith("refs/heads/")),
           "tags": sum(1 for x in refs if x.startswith("refs/tags/")), "objects_bytes_on_disk": size_pack,
           "secret_count": len(secrets_out), "secrets": secrets_out}
    with open(out.rstrip("/") + ".manifest.json", "w") as f:
        json.dump(doc, f, indent=1)
    if not quiet:
        print(f"gen_repo: {h.ncommits} commits, {doc['branches']} branches, {doc['tags']} tags, {stream.blobs} blobs "
              f"({stream.blob_bytes / 1e6:.1f} MB), {len(main.files)} files at HEAD, {len(secrets_out)} secrets "
              f"in history; .git/objects {size_pack / 1e6:.1f} MB; import {t_import:.1f} s, total "
              f"{time.perf_counter() - t0:.1f} s -> {out}", file=sys.stderr)
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--commits", type=int, default=1000, help="number of commits (default 1000; 3000 for the full run)")
    ap.add_argument("--target-mb", type=float, default=100,
                    help="total MB of blob versions in history (default 100; 300 for the full run)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--initial-files", type=int, default=None, help="files in the first commit")
    ap.add_argument("--initial-mb", type=float, default=None, help="MB in the first commit (default target/5)")
    ap.add_argument("--secrets", type=int, default=None, help="secrets planted in history (default commits/40)")
    ap.add_argument("--no-gc", action="store_true")
    ap.add_argument("--no-checkout", action="store_true")
    a = ap.parse_args()
    generate(a.out, a.commits, a.target_mb, a.seed, a.initial_files, a.initial_mb, a.secrets,
             not a.no_gc, not a.no_checkout)


if __name__ == "__main__":
    main()
