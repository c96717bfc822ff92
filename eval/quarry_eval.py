#!/usr/bin/python3
"""Ranking evaluation of Quarry against stock Xapian, SQLite FTS5 and Lucene (issue #4).

    eval/quarry_eval.py [--bin build/bin] [--per-query] [--json OUT] [--feedback-off]
                        [--systems quarry,xapian,fts5,lucene] [COLLECTION_DIR...]

A collection folder holds docs.jsonl, queries.tsv and qrels.txt (TREC).
Relative paths are tried from the current directory, then from the repo root;
with no collection, ../shared/data/ir_cranfield and ir_time are used.
Must run under Debian's /usr/bin/python3, for which python3-xapian is built.
Missing peers (python3-xapian, Lucene 4.10 and a JDK) are installed with apt-get.
"""

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import METRICS, bootstrap_ratio_interval, evaluate, randomization_test  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# The Lucene peer's Java source and its build step are shared with bench/.
sys.path.insert(0, str(REPO / "bench" / "peers" / "lucene"))
import lucene_peer  # noqa: E402

DEFAULT_COLLECTIONS = ["../shared/data/ir_cranfield", "../shared/data/ir_time"]
ALL_SYSTEMS = ["quarry", "xapian", "fts5", "lucene"]
DEPTH = 100


def resolve(path):
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path.resolve()
    return (REPO / path).resolve()


def apt_install(packages):
    print("installing %s ..." % " ".join(packages), file=sys.stderr)
    install = ["apt-get", "install", "-y", "-q"] + packages
    if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
        # A stale package index is the usual cause; refresh only then.
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
            sys.exit("error: could not install %s with apt-get" % " ".join(packages))


def import_xapian():
    try:
        import xapian
        return xapian
    except ImportError:
        pass
    if sys.executable != "/usr/bin/python3":
        sys.exit("error: python3-xapian only works under Debian's /usr/bin/python3 "
                 "(running %s)" % sys.executable)
    apt_install(["python3-xapian"])
    import xapian
    return xapian


def lucene_command():
    """The command that runs LucenePeer, installing Lucene and a JDK first if missing."""
    need = lucene_peer.missing_packages()
    if need:
        apt_install(need)
    try:
        return lucene_peer.command()
    except lucene_peer.Unavailable as e:
        sys.exit("error: lucene: %s" % e)


class Collection:
    def __init__(self, path):
        self.path = path
        self.name = path.name
        self.docs = []
        with open(path / "docs.jsonl", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    d = json.loads(line)
                    self.docs.append({"id": str(d["id"]),
                                      "title": d.get("title") or "",
                                      "body": d.get("body") or ""})
        self.queries = []
        with open(path / "queries.tsv", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    qid, text = line.rstrip("\n").split("\t", 1)
                    self.queries.append((qid, text))
        self.qrels = {}
        with open(path / "qrels.txt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    qid, _, doc, grade = line.split()
                    self.qrels.setdefault(qid, {})[doc] = int(grade)


# --- Quarry ---------------------------------------------------------------

def quarry_query_text(text):
    # Quarry's syntax has uppercase AND/OR/NOT, +/-word, "phrases" and
    # field:value; TIME queries contain AND/OR meant as words and hyphenated
    # words like NO-CONFIDENCE, so neutralise all of it.
    return " ".join(re.sub(r'["+\-:()]', " ", text.lower()).split())


def check_quarry_binaries(bindir):
    missing = [b for b in ("quarry-index", "quarry-search") if not (bindir / b).is_file()]
    if missing:
        sys.exit("error: %s not found in %s; build Quarry first "
                 "(cmake -B build && cmake --build build), pass --bin, "
                 "or leave it out with --systems xapian,fts5,lucene"
                 % (" and ".join(missing), bindir))


def run_checked(cmd, allowed=(0,), env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode in allowed and proc.returncode != 0:
        # e.g. quarry-index's 1: some records rejected (Cranfield has two empty
        # documents), the rest indexed.
        sys.stderr.write(proc.stderr)
    elif proc.returncode != 0:
        sys.exit("error: %s exited with %d:\n%s"
                 % (" ".join(map(str, cmd)), proc.returncode, proc.stderr.strip()))
    return proc.stdout


def write_collection(coll, docs_file, query_file):
    """The documents as JSONL and the queries as qid<TAB>text, the text every system gets.
    An empty query is left out (Quarry would call it a syntax error; it scores 0 anyway)."""
    with open(docs_file, "w", encoding="utf-8") as f:
        for d in coll.docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(query_file, "w", encoding="utf-8") as f:
        for qid, text in coll.queries:
            text = quarry_query_text(text)
            if text:
                f.write("%s\t%s\n" % (qid, text))


def prepare_quarry(coll, tmp, bindir):
    """Writes the collection and its queries for Quarry and indexes it, once per
    temporary folder; returns (db, query file)."""
    docs_file, query_file, db = tmp / "quarry-docs.jsonl", tmp / "quarry-queries.tsv", tmp / "quarry-db"
    if not db.exists():
        write_collection(coll, docs_file, query_file)
        run_checked([bindir / "quarry-index", "--quiet", "-d", db, docs_file], allowed=(0, 1))
    return db, query_file


# QUARRY_RANKING for the run without pseudo-relevance feedback (query/ranking.h).
FEEDBACK_OFF = "prf_terms=0"


def run_quarry(coll, tmp, bindir, ranking=None):
    t0 = time.perf_counter()
    db, query_file = prepare_quarry(coll, tmp, bindir)
    t1 = time.perf_counter()
    env = dict(os.environ)
    if ranking:  # after any setting already in the environment, so it wins
        env["QUARRY_RANKING"] = ",".join(filter(None, [env.get("QUARRY_RANKING"), ranking]))
    out = run_checked([bindir / "quarry-search", "-d", db, "--format", "json", "--snippet-bytes", "0",
                       "-n", str(DEPTH), "--queries", query_file], env=env)
    t2 = time.perf_counter()

    return quarry_hits(out), t1 - t0, t2 - t1


def quarry_hits(out):
    """qid -> documents in rank order, from quarry-search --format json --queries."""
    hits = {}
    for line in out.splitlines():
        if line.strip():
            h = json.loads(line)
            if "rank" not in h:  # e.g. a query's did-you-mean line: not a hit
                continue
            hits.setdefault(str(h["qid"]), []).append((int(h["rank"]), str(h["doc"])))
    return {qid: [doc for _, doc in sorted(hs)] for qid, hs in hits.items()}


# --- peers ----------------------------------------------------------------

def run_xapian(coll, tmp, _bindir):
    xapian = import_xapian()
    t0 = time.perf_counter()
    db = xapian.WritableDatabase(str(tmp / "xapian-db"), xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    for d in coll.docs:
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(d["title"])
        tg.increase_termpos()  # no phrase match across the title/body seam
        tg.index_text(d["body"])
        doc.set_data(d["id"])
        db.add_document(doc)
    db.commit()
    t1 = time.perf_counter()

    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    enquire = xapian.Enquire(db)  # BM25Weight by default
    run = {}
    for qid, text in coll.queries:
        # Same text as Quarry gets: STEM_SOME leaves capitalised words
        # unstemmed and default flags read TIME's "AND"/"OR" as operators,
        # which would handicap the peer for reasons unrelated to ranking.
        enquire.set_query(qp.parse_query(quarry_query_text(text)))
        run[qid] = [m.document.get_data().decode() for m in enquire.get_mset(0, DEPTH)]
    t2 = time.perf_counter()
    return run, t1 - t0, t2 - t1


def fts5_match(text):
    # Quoting every word makes FTS5 read it as a plain string, never syntax;
    # \w+ splits like the unicode61 tokenizer does on this ASCII text.
    return " OR ".join('"%s"' % w for w in re.findall(r"\w+", text))


def run_fts5(coll, tmp, _bindir):
    t0 = time.perf_counter()
    con = sqlite3.connect(tmp / "fts5.db")
    con.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, title, body, "
                "tokenize='porter unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO d VALUES (?, ?, ?)",
                    ((d["id"], d["title"], d["body"]) for d in coll.docs))
    con.commit()
    t1 = time.perf_counter()

    run = {}
    for qid, text in coll.queries:
        match = fts5_match(text)
        if match:
            rows = con.execute("SELECT id FROM d WHERE d MATCH ? "
                               "ORDER BY bm25(d, 0, 2.0, 1.0) LIMIT ?", (match, DEPTH))
            run[qid] = [r[0] for r in rows]
    t2 = time.perf_counter()
    con.close()
    return run, t1 - t0, t2 - t1


def run_lucene(coll, tmp, _bindir):
    # Lucene 4.10, stock: EnglishAnalyzer, BM25Similarity (k1 1.2, b 0.75),
    # words OR-ed over title^2 and body (bench/peers/lucene/LucenePeer.java).
    java = lucene_command()  # compiled once per source version, outside the clock
    docs_file, query_file, index = tmp / "lucene-docs.jsonl", tmp / "lucene-queries.tsv", tmp / "lucene-index"
    # Same text as the others get; LucenePeer also escapes the query parser's
    # syntax (QueryParser.escape).
    write_collection(coll, docs_file, query_file)
    t0 = time.perf_counter()
    run_checked(java + ["index", index, docs_file])
    t1 = time.perf_counter()
    out = run_checked(java + ["rank", index, query_file, str(DEPTH)])
    t2 = time.perf_counter()

    run = {}
    for line in out.splitlines():
        if line.strip():
            qid, doc = line.split("\t")
            run.setdefault(qid, []).append(doc)
    return run, t1 - t0, t2 - t1


RUNNERS = {"quarry": run_quarry, "xapian": run_xapian, "fts5": run_fts5, "lucene": run_lucene}


def sanity_check(system, run, coll):
    """Warn about contract breaches that would silently skew the scores."""
    ids = {d["id"] for d in coll.docs}
    unknown = sorted({doc for r in run.values() for doc in r if doc not in ids})
    if unknown:
        print("warning: %s returned %d unknown doc ids, e.g. %r"
              % (system, len(unknown), unknown[0]), file=sys.stderr)
    dup = [qid for qid, r in run.items() if len(set(r)) != len(r)]
    if dup:
        print("warning: %s returned duplicate documents for %d queries, e.g. %s"
              % (system, len(dup), dup[0]), file=sys.stderr)
    extra = set(run) - {qid for qid, _ in coll.queries}
    if extra:
        print("warning: %s returned hits for unknown qids, e.g. %s"
              % (system, sorted(extra)[0]), file=sys.stderr)


# --- report ---------------------------------------------------------------

def print_table(coll, results, skipped):
    print("\n== %s: %d queries, %d evaluated, %d skipped (no relevant docs in qrels)%s"
          % (coll.name, len(coll.queries), len(coll.queries) - len(skipped), len(skipped),
             (": " + " ".join(skipped)) if skipped else ""))
    header = ["system"] + list(METRICS) + ["time (index+search)"]
    rows = [[name] + ["%.3f" % r["means"][m] for m in METRICS]
            + ["%.2fs + %.2fs" % (r["index_s"], r["search_s"])]
            for name, r in results.items()]
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths]] + rows:
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())

    peers = {n: r["means"]["nDCG@10"] for n, r in results.items() if not n.startswith("quarry")}
    if "quarry" in results and peers:
        best = max(peers, key=peers.get)
        quarry = results["quarry"]["means"]["nDCG@10"]
        ratio = quarry / peers[best] if peers[best] else float("inf")
        print("Quarry nDCG@10 / best peer (%s): %.3f / %.3f = %.3f"
              % (best, quarry, peers[best], ratio))
        for name in sorted(peers, key=peers.get, reverse=True):
            s = results[name]["significance"]
            p = "p < 0.001" if s["p"] < 0.001 else "p = %.3f" % s["p"]
            print("  vs %s: nDCG@10 %+.3f, %s (paired randomization test); "
                  "ratio 95%% CI %.3f-%.3f (bootstrap over queries)"
                  % (name, quarry - peers[name], p, s["ratio_low"], s["ratio_high"]))


def compare_with_quarry(results):
    """Adds to each peer how sure Quarry's nDCG@10 difference from it is."""
    if "quarry" not in results:
        return
    ours = results["quarry"]["per_query"]
    qids = list(ours)
    a = [ours[q]["nDCG@10"] for q in qids]
    for name, r in results.items():
        if name.startswith("quarry") or not qids:
            continue
        b = [r["per_query"][q]["nDCG@10"] for q in qids]
        low, high = bootstrap_ratio_interval(a, b)
        r["significance"] = {"p": randomization_test(a, b), "ratio_low": low, "ratio_high": high}


def better_of_both(shipped, off):
    """Per query, the run of the two with the higher nDCG@10 (ties: shipped):
    an upper bound for any selective-feedback rule, which must pick one of the
    two rankings without seeing judgments."""
    per_query = {q: max(shipped["per_query"][q], off["per_query"][q], key=lambda s: s["nDCG@10"])
                 for q in shipped["per_query"]}
    means = {m: sum(s[m] for s in per_query.values()) / len(per_query) if per_query else 0.0
             for m in METRICS}
    return {"means": means, "index_s": 0.0, "search_s": 0.0, "per_query": per_query}


def print_per_query(results):
    names = list(results)
    qids = list(next(iter(results.values()))["per_query"])
    print("per-query nDCG@10")
    print("qid\t" + "\t".join(names))
    for qid in qids:
        print(qid + "\t" + "\t".join("%.3f" % results[n]["per_query"][qid]["nDCG@10"]
                                     for n in names))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("collections", nargs="*", metavar="COLLECTION_DIR",
                    default=DEFAULT_COLLECTIONS)
    ap.add_argument("--bin", default="build/bin", help="folder with quarry-index and quarry-search")
    ap.add_argument("--systems", default=",".join(ALL_SYSTEMS))
    ap.add_argument("--per-query", action="store_true", help="print per-query nDCG@10")
    ap.add_argument("--json", metavar="OUT", help="write all numbers to OUT")
    ap.add_argument("--feedback-off", action="store_true",
                    help="also run Quarry without pseudo-relevance feedback (QUARRY_RANKING=%s), and "
                         "report the per-query better of the two: the most any rule choosing per "
                         "query between feedback and none could reach" % FEEDBACK_OFF)
    args = ap.parse_args()

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in RUNNERS]
    if unknown or not systems:
        ap.error("--systems takes a comma list of %s" % ",".join(ALL_SYSTEMS))
    if args.feedback_off and "quarry" not in systems:
        ap.error("--feedback-off needs quarry among --systems")
    bindir = resolve(args.bin)
    if "quarry" in systems:
        check_quarry_binaries(bindir)  # fail before spending time on the peers
    if "xapian" in systems:
        import_xapian()
    if "lucene" in systems:
        lucene_command()

    report = {}
    for path in map(resolve, args.collections):
        for f in ("docs.jsonl", "queries.tsv", "qrels.txt"):
            if not (path / f).is_file():
                sys.exit("error: %s has no %s" % (path, f))
        coll = Collection(path)
        qids = [qid for qid, _ in coll.queries]
        results = {}
        with tempfile.TemporaryDirectory(prefix="quarry-eval-") as tmp:
            for system in systems:
                run, index_s, search_s = RUNNERS[system](coll, Path(tmp), bindir)
                sanity_check(system, run, coll)
                # The metrics assume unique documents; keep each one's best rank.
                run = {qid: list(dict.fromkeys(r)) for qid, r in run.items()}
                per_query, means, skipped = evaluate(run, coll.qrels, qids)
                results[system] = {"means": means, "index_s": index_s,
                                   "search_s": search_s, "per_query": per_query}
                if system == "quarry" and args.feedback_off:
                    run, index_s, search_s = run_quarry(coll, Path(tmp), bindir, FEEDBACK_OFF)
                    run = {qid: list(dict.fromkeys(r)) for qid, r in run.items()}
                    per_query, means, _ = evaluate(run, coll.qrels, qids)
                    results["quarry-feedback-off"] = {"means": means, "index_s": 0.0,
                                                      "search_s": search_s, "per_query": per_query}
                    results["quarry-better-of-both"] = better_of_both(results["quarry"], results["quarry-feedback-off"])
        compare_with_quarry(results)
        print_table(coll, results, skipped)
        if args.per_query:
            print_per_query(results)
        report[coll.name] = {"path": str(path), "queries": len(qids),
                             "skipped": skipped, "systems": results}

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
