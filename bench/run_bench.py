#!/usr/bin/python3
"""Speed benchmark for Quarry against omindex, stock Xapian (Python), SQLite
FTS5 and Lucene 4.10, all on the same data in one run (issue #5).

For every fraction of the corpus and every system it measures indexing (wall
and CPU time, peak RSS via /usr/bin/time -v, index size via du) and then
per-query latency for top-10 results with snippets. See bench/README.md.

Example, from the repository root:
    bench/run_bench.py --fraction 0.25,0.5,1 --json /tmp/bench.json
"""
import argparse
import gzip
import html
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import hashlib
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_DATA = (REPO_ROOT.parent / "shared" / "data" / "dawn_news_2025"
                / "dawn_news_2025_jan-sep.jsonl.gz")
DEFAULT_BIN = REPO_ROOT / "build" / "bin"

# The Lucene peer's Java source and build step, shared with eval/.
sys.path.insert(0, str(BENCH_DIR / "peers" / "lucene"))
import lucene_peer  # noqa: E402

# The peers' helpers need Debian's python3-xapian, which only Debian's own
# interpreter sees (a pyenv python3 on PATH would not).
PY = "/usr/bin/python3"
GNU_TIME = "/usr/bin/time"

PEERS = ["omindex", "xapian-py", "fts5", "lucene"]
# "quarry" runs quarry-index with its default thread count; "quarry-jN" passes
# -j N (any N works on the command line, e.g. quarry-j1 for one thread).
DEFAULT_SYSTEMS = PEERS + ["quarry", "quarry-j2"]
QUARRY_NAME = re.compile(r"quarry(-j(\d+))?$")
# Not a peer: Xapian's own write time for Quarry's documents, a lower bound for
# any Xapian-based indexer of this content (see XapianFloor). Opt-in.
FLOOR = "xapian-floor"
FLOOR_SOURCE = BENCH_DIR / "peers" / "xapian_floor" / "xapian_write_floor.cc"

WARMUP_PREFIX = "w"  # qids of warm-up queries: run by every system, not counted


class Skip(Exception):
    """A system cannot run here; the message says why."""


class Failed(Exception):
    """A system ran and failed; the message carries the tail of its stderr."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Dependencies

def missing_debian_packages(systems):
    need = []
    if not os.access(GNU_TIME, os.X_OK):
        need.append("time")
    if "omindex" in systems and not shutil.which("omindex"):
        need.append("xapian-omega")
    # xapian-delve counts the documents in each Xapian index, which catches an
    # indexer that silently skipped part of the corpus.
    if set(systems) - {"fts5", "lucene"} and not shutil.which("xapian-delve"):
        need.append("xapian-tools")
    if "xapian-py" in systems and subprocess.run(
            [PY, "-c", "import xapian"], capture_output=True).returncode:
        need.append("python3-xapian")
    # The CLI is for poking at the FTS5 database by hand; Python's sqlite3
    # module links Debian's libsqlite3, which this brings along anyway.
    if "fts5" in systems and not shutil.which("sqlite3"):
        need.append("sqlite3")
    # Debian's Lucene 4.10 jars and a JDK to compile the peer with.
    if "lucene" in systems:
        need += lucene_peer.missing_packages()
    return need


def ensure_dependencies(systems, allow_install):
    need = missing_debian_packages(systems)
    if not need:
        return
    if not allow_install:
        log(f"missing Debian packages: {' '.join(need)} (--no-install given)")
        return
    log(f"installing: {' '.join(need)}")
    cmd = ["apt-get", "install", "-y", "-q"] + need
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode:
        # A fresh machine has no package lists yet.
        subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)


# --------------------------------------------------------------------------
# Inputs

def read_articles(path):
    """The corpus as raw JSON lines. Kept whole in memory (64.5 MB) because
    each fraction is written out as a prefix: the file is sorted by date, so a
    fraction is the index as it stood some months into the year."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [line if line.endswith("\n") else line + "\n" for line in f if line.strip()]


def write_html_folder(lines, folder):
    """One HTML file per article, so omindex sees the title as a title."""
    folder.mkdir(parents=True)
    for line in lines:
        art = json.loads(line)
        paras = "".join(f"<p>{html.escape(p)}</p>\n"
                        for p in art["body"].split("\n\n") if p.strip())
        (folder / f"{art['id']}.html").write_text(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(art['title'])}</title></head>\n"
            f"<body>\n{paras}</body></html>\n", encoding="utf-8")


# Characters that print layouts put inside words: joining across them keeps
# "Co\u00admpetition" one word, as a reader sees it.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
NON_WORD = re.compile(r"[\W_]+")


def headline_words(title):
    # Punctuation becomes a space rather than vanishing, so "Pakistan's" gives
    # "pakistan" (and a dropped "s"), not the unsearchable "pakistans".
    text = NON_WORD.sub(" ", INVISIBLE.sub("", title.lower()))
    return [w for w in text.split() if len(w) >= 3]


def draw_queries(lines, count, seed):
    """`count` queries of 1-4 consecutive headline words, reproducible by seed.

    Consecutive words read like what a person types; drawing from the whole
    file (not the fraction) keeps the query set identical across fractions.
    """
    titles = [ws for ws in (headline_words(json.loads(l)["title"]) for l in lines) if ws]
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        words = rng.choice(titles)
        k = rng.randint(1, min(4, len(words)))
        start = rng.randint(0, len(words) - k)
        queries.append(" ".join(words[start:start + k]))
    return queries


def write_query_file(path, warmup, measured):
    with open(path, "w", encoding="utf-8") as f:
        for i, q in enumerate(warmup, 1):
            f.write(f"{WARMUP_PREFIX}{i:03d}\t{q}\n")
        for i, q in enumerate(measured, 1):
            f.write(f"q{i:05d}\t{q}\n")


# --------------------------------------------------------------------------
# Measuring

def run_timed(cmd, log_path):
    """Run cmd under GNU time; returns wall/user/sys seconds and peak RSS."""
    time_path = Path(str(log_path) + ".time")
    with open(log_path, "w") as out:
        proc = subprocess.run([GNU_TIME, "-v", "-o", str(time_path)] + cmd,
                              stdout=out, stderr=subprocess.STDOUT)
    if proc.returncode:
        tail = Path(log_path).read_text(errors="replace").strip().splitlines()[-8:]
        raise Failed(f"exit {proc.returncode}: {' '.join(cmd)}\n    " + "\n    ".join(tail))
    return parse_gnu_time(time_path.read_text())


def parse_gnu_time(text):
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.strip().rpartition(": ")
        if sep:
            fields[key] = value
    wall = 0.0
    for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall_s": wall,
        "user_s": float(fields["User time (seconds)"]),
        "sys_s": float(fields["System time (seconds)"]),
        "peak_rss_kb": int(fields["Maximum resident set size (kbytes)"]),
    }


def disk_usage(path):
    out = subprocess.run(["du", "-sB1", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def document_count(db):
    """Documents in a Xapian or SQLite index, or None if it cannot be read."""
    if Path(db).is_file():
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                return con.execute("SELECT count(*) FROM d").fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:
            return None
    try:
        out = subprocess.run(["xapian-delve", str(db)], capture_output=True, text=True).stdout
    except OSError:
        return None
    m = re.search(r"number of documents = (\d+)", out)
    return int(m.group(1)) if m else None


def read_timings(path):
    """`qid<TAB>ms[<TAB>hits]` lines -> {qid: (ms, hits or None)}."""
    result = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                hits = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
                result[parts[0]] = (float(parts[1]), hits)
    return result


def percentile(sorted_values, p):
    """Nearest-rank percentile: always one of the measured values."""
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil without floats
    return sorted_values[int(rank) - 1]


def latency_stats(per_query, measured_qids, source):
    ms = sorted(per_query[q][0] for q in measured_qids if q in per_query)
    if not ms:
        raise Failed("no per-query timings came back")
    hits = [per_query[q][1] for q in measured_qids if q in per_query]
    return {
        "source": source,
        "queries": len(ms),
        "missing": len(measured_qids) - len(ms),
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "mean_ms": sum(ms) / len(ms),
        "zero_hit_queries": (sum(1 for h in hits if h == 0)
                             if all(h is not None for h in hits) else None),
    }


# --------------------------------------------------------------------------
# Systems. Each has an index step (timed under GNU time) and, except
# omindex, a search step that yields per-query latencies.

class System:
    name = ""
    no_search = None  # why this system has no query step, if it has none
    index_note = None  # shown next to the index time, e.g. what it includes

    def check(self):
        """Raise Skip if this system cannot run here."""

    def index_cmd(self, inputs, db):
        raise NotImplementedError

    def search(self, db, qfile, timings_path, measured_qids, logdir):
        raise NotImplementedError

    def document_count(self, db):
        return document_count(db)

    def adjust_index(self, timed, logfile):
        """Correct GNU time's figures where the command times itself."""


class Omindex(System):
    name = "omindex"
    # Searching omindex's database is plain Xapian, already covered by
    # xapian-py; omindex is here as the indexing baseline.
    no_search = "indexing baseline only"

    def check(self):
        if not shutil.which("omindex"):
            raise Skip("omindex not found (Debian package xapian-omega)")

    def index_cmd(self, inputs, db):
        return ["omindex", "--db", str(db), "--url", "/", str(inputs["html"])]


class PythonPeer(System):
    """A peer implemented by a helper script in bench/peers/."""
    script = ""
    module = ""

    def check(self):
        if subprocess.run([PY, "-c", f"import {self.module}"],
                          capture_output=True).returncode:
            raise Skip(f"{PY} cannot import {self.module}")

    def index_cmd(self, inputs, db):
        return [PY, str(BENCH_DIR / "peers" / self.script), "index", str(db), str(inputs["jsonl"])]

    def search(self, db, qfile, timings_path, measured_qids, logdir):
        cmd = [PY, str(BENCH_DIR / "peers" / self.script), "search",
               str(db), str(qfile), str(timings_path)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise Failed(f"exit {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
        return latency_stats(read_timings(timings_path), measured_qids, "in-process")


class XapianPy(PythonPeer):
    name = "xapian-py"
    script = "xapian_py.py"
    module = "xapian"


class Fts5(PythonPeer):
    name = "fts5"
    script = "fts5_py.py"
    module = "sqlite3"

    def check(self):
        con = sqlite3.connect(":memory:")
        try:
            con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        except sqlite3.OperationalError:
            raise Skip("this SQLite has no FTS5") from None
        finally:
            con.close()


class XapianFloor(System):
    """Xapian's writes alone: the documents of the Quarry index built earlier in
    the same run (terms, positions, values), loaded into memory untimed, then
    written by 2 threads into 400-document segments with the bulk-load flags
    and compacted into one database, as quarry-index does. Its time is what
    Xapian needs for this content before any reading or analysis; the figures
    are the program's own timing of that part (GNU time would include the
    loading)."""
    name = FLOOR
    index_note = "Xapian writes only"

    def __init__(self, workdir_of_quarry):
        self.quarry_db = workdir_of_quarry
        self.binary = None

    def check(self):
        if not (shutil.which("g++") and shutil.which("pkg-config")):
            raise Skip("needs g++ and pkg-config (scripts/install-deps)")
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "xapian-core"],
                               capture_output=True, text=True)
        if flags.returncode:
            raise Skip("pkg-config finds no xapian-core (libxapian-dev)")
        key = hashlib.sha1(FLOOR_SOURCE.read_bytes() + flags.stdout.encode()).hexdigest()[:12]
        out = Path(tempfile.gettempdir()) / "quarry-xapian-floor" / key / "xapian_write_floor"
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + f".{os.getpid()}")
            proc = subprocess.run(["g++", "-O2", "-std=c++17", str(FLOOR_SOURCE), "-o", str(tmp)]
                                  + flags.stdout.split() + ["-ljemalloc", "-lpthread"],
                                  capture_output=True, text=True)
            if proc.returncode:
                raise Skip(f"cannot compile {FLOOR_SOURCE.name}:\n{proc.stderr[-2000:]}")
            tmp.rename(out)
        self.binary = out
        self.no_search = "indexing floor only"

    def index_cmd(self, inputs, db):
        source = self.quarry_db(inputs)
        if source is None:
            raise Skip("needs a Quarry index from the same run: put quarry before it in --systems")
        return [str(self.binary), str(source), str(db), "2", "400"]

    def adjust_index(self, timed, logfile):
        """The program's own figures for the timed part replace GNU time's."""
        report = json.loads(Path(logfile).read_text().strip().splitlines()[-1])
        timed.update({"wall_s": report["timed_s"], "user_s": report["timed_cpu_s"],
                      "sys_s": 0.0, "peak_rss_kb": None, "floor": report})


class Lucene(System):
    """Lucene 4.10 through bench/peers/lucene/LucenePeer.java, one JVM per step."""
    name = "lucene"
    # Each step is a fresh JVM, and a user's first search pays for one too.
    index_note = "incl. JVM start"

    def __init__(self, warmup_passes):
        self.java = None
        self.warmup_passes = warmup_passes

    def check(self):
        # Compiling (once per source version) happens here, outside the clock.
        try:
            self.java = lucene_peer.command()
        except lucene_peer.Unavailable as e:
            raise Skip(str(e)) from None

    def index_cmd(self, inputs, db):
        return self.java + ["index", str(db), str(inputs["jsonl"])]

    def search(self, db, qfile, timings_path, measured_qids, logdir):
        # One JVM for the whole batch; it times each query itself, so JVM
        # start and class loading are not in the figures (as Python's are not
        # for the Python peers). The others are warm after the 20 warm-up
        # queries; a JVM is not until the JIT has compiled the hot paths, so it
        # first replays the warm-up queries, untimed (never the measured ones).
        cmd = self.java + ["search", str(db), str(qfile), str(timings_path),
                           str(self.warmup_passes)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise Failed(f"exit {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
        return latency_stats(read_timings(timings_path), measured_qids,
                             f"in-process (one JVM, after {self.warmup_passes} untimed "
                             "passes over the warm-up queries)")

    def document_count(self, db):
        proc = subprocess.run(self.java + ["count", str(db)], capture_output=True, text=True)
        return int(proc.stdout) if proc.returncode == 0 and proc.stdout.strip().isdigit() else None


class Quarry(System):
    def __init__(self, bindir, jobs):
        self.bindir = Path(bindir)
        self.jobs = jobs
        self.name = "quarry" if jobs is None else f"quarry-j{jobs}"
        self.indexer = self.bindir / "quarry-index"
        self.searcher = self.bindir / "quarry-search"

    def check(self):
        if not os.access(self.indexer, os.X_OK):
            raise Skip(f"{self.indexer} not built yet")
        if self.jobs is not None and not help_mentions(self.indexer, "-j"):
            raise Skip(f"{self.indexer.name} --help lists no -j option")
        self.no_search = None if os.access(self.searcher, os.X_OK) \
            else f"{self.searcher} not built yet"

    def index_cmd(self, inputs, db):
        jobs = [] if self.jobs is None else ["-j", str(self.jobs)]
        return [str(self.indexer), "--quiet"] + jobs + ["-d", str(db), str(inputs["jsonl"])]

    def search(self, db, qfile, timings_path, measured_qids, logdir):
        cmd = [str(self.searcher), "-d", str(db), "--format", "json", "-n", "10",
               "--queries", str(qfile)]
        has_timings_option = help_mentions(self.searcher, "--timings")
        if has_timings_option:
            cmd += ["--timings", str(timings_path)]
        out_path = logdir / f"{self.name}-search.jsonl"
        with open(out_path, "w") as out:
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
            wall_ms = (time.perf_counter() - t0) * 1000.0
        if proc.returncode:
            raise Failed(f"exit {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}")

        took, hits = parse_quarry_output(out_path)
        if has_timings_option:
            per_query = {q: (ms, hits.get(q)) for q, (ms, _) in read_timings(timings_path).items()}
            source = "quarry-search --timings"
        elif measured_qids and all(q in took for q in measured_qids):
            per_query = {q: (took[q], hits.get(q)) for q in took}
            source = "took_ms in JSON output"
        else:
            # Includes process start, opening the database and JSON output, so
            # it overstates the per-query cost; every query gets the mean.
            with open(qfile, encoding="utf-8") as f:
                n_lines = sum(1 for _ in f)
            per_query = {q: (wall_ms / n_lines, hits.get(q)) for q in measured_qids}
            source = "FALLBACK: total wall time / N (no per-query timings)"
        stats = latency_stats(per_query, measured_qids, source)
        stats["answered"] = sum(1 for q in measured_qids if q in hits)
        return stats


def help_mentions(binary, option):
    proc = subprocess.run([str(binary), "--help"], capture_output=True, text=True)
    return re.search(rf"(^|[\s,\[]){re.escape(option)}\b", proc.stdout + proc.stderr) is not None


def parse_quarry_output(path):
    """Read quarry-search JSON lines -> ({qid: took_ms}, {qid: hit count}).

    Accepts one line per hit (each carrying the qid, as quarry-search writes
    now) or one line per query with a "hits" list; lines without a qid are
    ignored. A query with no hits may have no line at all.
    """
    took, hits = {}, {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if not isinstance(obj, dict) or "qid" not in obj:
                continue
            qid = str(obj["qid"])
            if isinstance(obj.get("took_ms"), (int, float)):
                took.setdefault(qid, float(obj["took_ms"]))
            if isinstance(obj.get("hits"), list):
                hits[qid] = len(obj["hits"])
            else:
                is_hit = any(k in obj for k in ("doc", "id", "rank"))
                hits[qid] = hits.get(qid, 0) + is_hit
    return took, hits


# --------------------------------------------------------------------------
# Reporting

def fmt_s(x):
    return "—" if x is None else f"{x:.1f} s" if x >= 10 else f"{x:.2f} s"


def fmt_mb(kb_or_bytes, unit_kb=False):
    if kb_or_bytes is None:
        return "—"
    mb = kb_or_bytes / 1024 if unit_kb else kb_or_bytes / (1024 * 1024)
    return f"{mb:.0f} MB"


def fmt_ms(x):
    return "—" if x is None else f"{x:.2f} ms" if x < 10 else f"{x:.1f} ms"


def table(header, rows):
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep] + [line(r) for r in rows])


def get(run, *keys):
    value = run
    for k in keys:
        if not isinstance(value, dict) or value.get(k) is None:
            return None
        value = value[k]
    return value


def main_table(runs):
    rows = []
    for r in runs:
        if "index" not in r:
            continue
        cpu = get(r, "index", "user_s")
        cpu = None if cpu is None else cpu + r["index"]["sys_s"]
        wall = fmt_s(get(r, "index", "wall_s"))
        if r.get("index_note"):
            wall += f" ({r['index_note']})"
        rows.append([r["system"], wall, fmt_s(cpu),
                     fmt_mb(get(r, "index", "peak_rss_kb"), unit_kb=True),
                     fmt_mb(r.get("size_bytes")), fmt_ms(get(r, "query", "p50_ms")),
                     fmt_ms(get(r, "query", "p99_ms")), fmt_ms(get(r, "query", "mean_ms")),
                     show(get(r, "query", "zero_hit_queries")), show(r.get("documents"))])
    return table(["system", "index time", "index CPU (user+sys)", "peak RSS", "index size",
                  "query p50", "query p99", "query mean", "no-hit queries", "index docs"], rows)


def show(x):
    return "—" if x is None else str(x)


def compute_ratios(runs):
    """Quarry against each peer. Index time is given both ways because the
    goals are phrased both ways (faster than omindex, close to FTS5)."""
    by_name = {r["system"]: r for r in runs if "index" in r}
    ratios = []
    for q in (name for name in by_name if QUARRY_NAME.match(name) or name == FLOOR):
        qr = by_name[q]
        for p in PEERS:
            if p not in by_name:
                continue
            pr = by_name[p]
            entry = {"quarry": q, "peer": p}
            for key, path in [("index_time", ("index", "wall_s")),
                              ("peak_rss", ("index", "peak_rss_kb")),
                              ("index_size", ("size_bytes",)),
                              ("query_p50", ("query", "p50_ms")),
                              ("query_p99", ("query", "p99_ms"))]:
                a, b = get(qr, *path), get(pr, *path)
                entry[f"{key}_quarry_over_peer"] = None if not a or not b else a / b
            a, b = get(pr, "index", "wall_s"), get(qr, "index", "wall_s")
            entry["index_time_peer_over_quarry"] = None if not a or not b else a / b
            ratios.append(entry)
    return ratios


def ratio_table(ratios):
    f = lambda x: "—" if x is None else f"{x:.2f}×"
    rows = [[f"{e['quarry']} vs {e['peer']}", f(e["index_time_peer_over_quarry"]),
             f(e["index_time_quarry_over_peer"]), f(e["peak_rss_quarry_over_peer"]),
             f(e["index_size_quarry_over_peer"]), f(e["query_p50_quarry_over_peer"]),
             f(e["query_p99_quarry_over_peer"])] for e in ratios]
    return table(["pair", "index time peer/quarry", "index time quarry/peer",
                  "RSS quarry/peer", "size quarry/peer", "p50 quarry/peer",
                  "p99 quarry/peer"], rows)


def growth_table(results, systems):
    fractions = sorted({r["fraction"] for r in results})
    header = ["fraction", "articles"] + [f"{s} index / p50" for s in systems]
    rows = []
    for fr in fractions:
        runs = {r["system"]: r for r in results if r["fraction"] == fr}
        articles = next(iter(runs.values()))["articles"]
        cells = [f"{fr:g}", str(articles)]
        for s in systems:
            r = runs.get(s, {})
            cells.append(f"{fmt_s(get(r, 'index', 'wall_s'))} / {fmt_ms(get(r, 'query', 'p50_ms'))}")
        rows.append(cells)
    return table(header, rows)


def machine_info():
    def first_field(path, key):
        try:
            return next((l.split(":", 1)[1].strip() for l in open(path) if l.startswith(key)), None)
        except OSError:
            return None
    model = first_field("/proc/cpuinfo", "model name")
    mem_kb = first_field("/proc/meminfo", "MemTotal")
    mem_kb = int(mem_kb.split()[0]) if mem_kb else None
    return {"nproc": os.cpu_count(), "cpu_model": model, "mem_total_kb": mem_kb,
            "kernel": platform.release(), "loadavg_at_start": os.getloadavg()}


def versions():
    v = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
         "lucene": lucene_peer.version()}
    for name, cmd in [("omindex", ["omindex", "--version"]),
                      ("xapian_python", [PY, "-c", "import xapian; print(xapian.version_string())"])]:
        try:
            v[name] = subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            v[name] = None
    try:  # java -version writes to stderr; its first line names the version
        v["java"] = subprocess.run(["java", "-version"], capture_output=True,
                                   text=True).stderr.strip().split("\n")[0]
    except OSError:
        v["java"] = None
    return v


# --------------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA),
                    help="JSONL(.gz) corpus (default: %(default)s)")
    ap.add_argument("--bin", default=str(DEFAULT_BIN),
                    help="folder with quarry-index and quarry-search (default: %(default)s)")
    ap.add_argument("--fraction", default="1",
                    help="comma list of corpus fractions, each a prefix of the "
                         "(date-sorted) file, e.g. 0.25,0.5,1 (default: 1)")
    ap.add_argument("--queries", type=int, default=1000, help="measured queries (default: 1000)")
    ap.add_argument("--warmup", type=int, default=20,
                    help="extra untimed queries each system runs first (default: 20)")
    ap.add_argument("--seed", type=int, default=5, help="query draw seed (default: 5)")
    ap.add_argument("--lucene-warmup-passes", type=int, default=100, metavar="N",
                    help="untimed passes over the warm-up queries in Lucene's JVM before "
                         "its timed batch, to let the JIT compile (default: %(default)s; "
                         "0 = only the warm-up every system gets)")
    ap.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS),
                    help="comma list from: omindex, xapian-py, fts5, lucene, quarry, quarry-jN, "
                         "xapian-floor (after a quarry) "
                         "(default: %(default)s)")
    ap.add_argument("--workdir", help="scratch folder (default: a new temporary one, "
                                      "removed afterwards unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the workdir and its indexes")
    ap.add_argument("--json", help="also write all results as JSON to this file")
    ap.add_argument("--no-install", action="store_true",
                    help="do not apt-get install missing packages")
    args = ap.parse_args(argv)

    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = {s for s in args.systems
               if s not in PEERS and s != FLOOR and not QUARRY_NAME.match(s)}
    if unknown:
        ap.error(f"unknown systems: {', '.join(sorted(unknown))}")
    try:
        args.fractions = sorted({float(f) for f in args.fraction.split(",")})
    except ValueError:
        ap.error("--fraction takes numbers like 0.25,0.5,1")
    if not all(0 < f <= 1 for f in args.fractions):
        ap.error("fractions must be in (0, 1]")
    if args.queries < 1 or args.warmup < 0 or args.lucene_warmup_passes < 0:
        ap.error("--queries must be at least 1, --warmup and --lucene-warmup-passes "
                 "not negative")
    return args


def make_system(name, args):
    if name == "lucene":
        return Lucene(args.lucene_warmup_passes)
    peers = {"omindex": Omindex, "xapian-py": XapianPy, "fts5": Fts5}
    if name == FLOOR:
        def quarry_db(inputs):
            built = [inputs["dir"] / f"{s}.db" for s in args.systems if QUARRY_NAME.match(s)]
            return next((db for db in built if db.is_dir()), None)
        return XapianFloor(quarry_db)
    if name in peers:
        return peers[name]()
    jobs = QUARRY_NAME.match(name).group(2)
    return Quarry(args.bin, jobs=None if jobs is None else int(jobs))


def bench_one(system, inputs, fdir, qfile, measured_qids):
    db = fdir / f"{system.name}.db"
    logfile = fdir / f"{system.name}-index.log"
    result = {"load1_before": os.getloadavg()[0], "index_note": system.index_note}
    log(f"  {system.name}: indexing {inputs['articles']} articles ...")
    result["index"] = run_timed(system.index_cmd(inputs, db), logfile)
    system.adjust_index(result["index"], logfile)
    result["size_bytes"] = disk_usage(db)
    # Quarry stores passages as documents, so only too few documents is a
    # sign of trouble (an indexer that skipped part of the input).
    result["documents"] = system.document_count(db)
    if result["documents"] is not None and result["documents"] < inputs["articles"]:
        log(f"  {system.name}: WARNING: index holds {result['documents']} documents, "
            f"input had {inputs['articles']} articles")
    rss = result["index"]["peak_rss_kb"]
    log(f"  {system.name}: {result['index']['wall_s']:.1f} s, "
        + ("" if rss is None else f"{rss // 1024} MB peak, ")
        + f"{result['size_bytes'] >> 20} MB on disk")
    if system.no_search:
        result["query_skipped"] = system.no_search
        log(f"  {system.name}: no queries: {system.no_search}")
    else:
        log(f"  {system.name}: {len(measured_qids)} queries ...")
        result["query"] = system.search(db, qfile, fdir / f"{system.name}-timings.tsv",
                                        measured_qids, fdir)
        q = result["query"]
        log(f"  {system.name}: p50 {q['p50_ms']:.2f} ms, p99 {q['p99_ms']:.2f} ms ({q['source']})")
    return result


def main(argv):
    args = parse_args(argv)
    ensure_dependencies(args.systems, not args.no_install)

    data = Path(args.data)
    if not data.is_file():
        sys.exit(f"data file not found: {data}")
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="quarry-bench-") if own_workdir else args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"workdir: {workdir}")

    lines = read_articles(data)
    queries = draw_queries(lines, args.warmup + args.queries, args.seed)
    qfile = workdir / "queries.tsv"
    write_query_file(qfile, queries[:args.warmup], queries[args.warmup:])
    measured_qids = [f"q{i:05d}" for i in range(1, args.queries + 1)]

    systems = {name: make_system(name, args) for name in args.systems}

    report = {"command": [sys.argv[0]] + argv, "machine": machine_info(),
              "versions": versions(),
              "data": {"path": str(data), "articles": len(lines),
                       "uncompressed_bytes": sum(len(l.encode()) for l in lines)},
              "queries": {"measured": args.queries, "warmup": args.warmup, "seed": args.seed,
                          "lucene_warmup_passes": args.lucene_warmup_passes,
                          "semantics": "words ORed (best match), top 10 with snippets",
                          "examples": queries[args.warmup:args.warmup + 10]},
              "results": []}

    for fraction in args.fractions:
        n = max(1, round(fraction * len(lines)))
        fdir = workdir / f"fraction-{fraction:g}"
        if fdir.exists():  # a reused --workdir: indexers must start from nothing
            shutil.rmtree(fdir)
        fdir.mkdir()
        inputs = {"articles": n, "jsonl": fdir / "articles.jsonl", "dir": fdir}
        inputs["jsonl"].write_text("".join(lines[:n]), encoding="utf-8")
        if "omindex" in args.systems:
            inputs["html"] = fdir / "html"
            write_html_folder(lines[:n], inputs["html"])
        log(f"fraction {fraction:g}: {n} articles")

        for name, system in systems.items():
            run = {"system": name, "fraction": fraction, "articles": n}
            try:
                system.check()
                run.update(bench_one(system, inputs, fdir, qfile, measured_qids))
            except Skip as e:
                run["skipped"] = f"skipped: {e}"
                log(f"  {name}: {run['skipped']}")
            except Failed as e:
                run["error"] = str(e)
                log(f"  {name}: FAILED {e}")
            report["results"].append(run)

    report["machine"]["loadavg_at_end"] = os.getloadavg()
    final = [r for r in report["results"] if r["fraction"] == args.fractions[-1]]
    report["ratios"] = compute_ratios(final)

    print(f"\nQuarry benchmark — {final[0]['articles']} articles "
          f"(fraction {args.fractions[-1]:g}), {args.queries} queries, "
          f"{report['machine']['nproc']} × {report['machine']['cpu_model']}\n")
    print(main_table(final))
    for r in final:
        if "index" not in r:
            print(f"{r['system']}: " + (r.get("skipped") or "FAILED: " + r["error"]))
    for r in final:
        src = get(r, "query", "source")
        if src and src.startswith("FALLBACK"):
            print(f"\nNOTE: {r['system']} query latency is {src}.")
    if report["ratios"]:
        print("\nRatios (below 1× means Quarry is faster/smaller, except the "
              "peer/quarry column, where above 1× means Quarry is faster):\n")
        print(ratio_table(report["ratios"]))
    else:
        print("\nNo ratios: Quarry was not run or was skipped.")
    if len(args.fractions) > 1:
        print("\nGrowth (index wall time / query p50):\n")
        print(growth_table(report["results"], args.systems))
    print(f"\nload average at start {report['machine']['loadavg_at_start'][0]:.2f}, "
          f"at end {report['machine']['loadavg_at_end'][0]:.2f} "
          f"(on {report['machine']['nproc']} cores; above that, timings are inflated)")

    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        log(f"results written to {args.json}")
    if own_workdir and not args.keep:
        shutil.rmtree(workdir)
    else:
        log(f"kept: {workdir}")


if __name__ == "__main__":
    main(sys.argv[1:])
