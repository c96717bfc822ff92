#!/usr/bin/python3
"""Facet and count latency on the Dawn corpus for one-word queries (issue 17).

Indexes the corpus with quarry-index (and, for the peers, with SQLite FTS5
and stock Xapian), draws one-word queries from the headlines, then runs
every setup over the same query file in interleaved rounds, so that a change
in machine load hits all setups alike:

  quarry hits          quarry-search --format json -n 10 (today's search)
  quarry hits+facets   the same with --facets section,kind,year,month,site,author,language
  quarry facets only   -n 0 --facets ... (the counts without hits)
  quarry count         --count
  fts5 facets          count(*) and GROUP BY section, year, month (bench/peers/facets_peers.py)
  xapian-py facets     get_mset(0, 0, doccount) with a ValueCountMatchSpy per field

Each reports per-query milliseconds measured inside its own process
(quarry-search --timings; the peers time their own calls), and the CPU time
of its whole run divided by its queries (start-up included), which a loaded
machine inflates far less than wall time. Also checked: in every query,
Quarry's kind facet sums to its --count.

Example, from the repository root:
    bench/facets_bench.py --json /tmp/facets.json
See bench/README.md ("Facets and counts") for the figures and how to read them.
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_bench  # noqa: E402  (the corpus reader, headline words, timings and percentiles)

BENCH_DIR = Path(__file__).resolve().parent
PEERS = BENCH_DIR / "peers" / "facets_peers.py"
FACETS = "section,kind,year,month,site,author,language"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def one_word_queries(lines, count, seed):
    """count single headline words, drawn (with repeats) as run_bench draws phrases."""
    titles = [ws for ws in (run_bench.headline_words(json.loads(l)["title"]) for l in lines) if ws]
    rng = random.Random(seed)
    return [rng.choice(rng.choice(titles)) for _ in range(count)]


def run(cmd, out_path=None):
    """Runs cmd; returns the CPU seconds (user + sys) it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out_path or os.devnull, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: some query found nothing
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def facet_sums_agree(path):
    """Every query's kind facet sums to its count (each document has one kind)."""
    counts, kinds = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if obj.get("facet") == "kind":
                kinds[obj["qid"]] = sum(c for _, c in obj["counts"])
            elif "count" in obj:
                counts[obj["qid"]] = obj["count"]
    return counts, kinds


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(run_bench.DEFAULT_DATA), help="JSONL(.gz) corpus, read in place")
    ap.add_argument("--bin", default=str(run_bench.DEFAULT_BIN), help="where quarry-index and quarry-search are")
    ap.add_argument("--db", help="an existing Quarry database of --data (skips indexing it)")
    ap.add_argument("--queries", type=int, default=300, help="measured queries")
    ap.add_argument("--warmup", type=int, default=20, help="untimed queries run first by each setup")
    ap.add_argument("--seed", type=int, default=5, help="query draw seed")
    ap.add_argument("--rounds", type=int, default=3, help="passes over all setups, interleaved")
    ap.add_argument("--no-peers", action="store_true", help="Quarry's setups only")
    ap.add_argument("--workdir", help="scratch folder (default: a new temp folder, deleted at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the workdir")
    ap.add_argument("--json", help="write every figure and command here")
    args = ap.parse_args(argv)

    bindir = Path(args.bin).resolve()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="quarry-facets-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = {"load_average_start": os.getloadavg(), "nproc": os.cpu_count(), "data": args.data,
              "queries": args.queries, "rounds": args.rounds, "seed": args.seed, "facets": FACETS}
    try:
        lines = run_bench.read_articles(args.data)
        words = one_word_queries(lines, args.warmup + args.queries, args.seed)
        qfile = work / "queries.tsv"
        run_bench.write_query_file(qfile, words[:args.warmup], words[args.warmup:])
        measured = [f"q{i:05d}" for i in range(1, args.queries + 1)]
        jsonl = work / "corpus.jsonl"
        if not args.no_peers:
            jsonl.write_text("".join(lines), encoding="utf-8")
        report["documents"] = len(lines)
        del lines

        db = Path(args.db) if args.db else work / "quarry.db"
        if not args.db:
            log("indexing quarry ...")
            run([str(bindir / "quarry-index"), "--quiet", "-d", str(db), args.data])
        search = [str(bindir / "quarry-search"), "-d", str(db), "--format", "json", "--queries", str(qfile)]
        setups = {
            "quarry hits": search + ["-n", "10"],
            "quarry hits+facets": search + ["-n", "10", "--facets", FACETS],
            "quarry facets only": search + ["-n", "0", "--facets", FACETS],
            "quarry count": search + ["--count"],
        }
        if not args.no_peers:
            for peer in ("fts5", "xapian"):
                log(f"indexing {peer} ...")
                run([run_bench.PY, str(PEERS), f"index-{peer}", str(work / f"{peer}.db"), str(jsonl)])
                setups[f"{'xapian-py' if peer == 'xapian' else peer} facets"] = (
                    [run_bench.PY, str(PEERS), f"search-{peer}", str(work / f"{peer}.db"), str(qfile)])

        timings = {name: [] for name in setups}
        cpu = {name: [] for name in setups}  # CPU ms per query of each whole run
        for r in range(1, args.rounds + 1):
            for name, cmd in setups.items():
                log(f"round {r}: {name}")
                tfile = work / f"t-{name.replace(' ', '_')}-{r}.tsv"
                ofile = work / f"o-{name.replace(' ', '_')}-{r}.json"
                full = cmd + [str(tfile)] if not name.startswith("quarry") else cmd + ["--timings", str(tfile)]
                seconds = run(full, ofile)
                cpu[name].append(seconds * 1000.0 / (args.warmup + args.queries))
                per_query = run_bench.read_timings(tfile)
                timings[name] += [per_query[q][0] for q in measured if q in per_query]

        # Counts must add up: the kind facet of every query sums to --count's number.
        counted, _ = facet_sums_agree(work / "o-quarry_count-1.json")
        _, kinds = facet_sums_agree(work / "o-quarry_hits+facets-1.json")
        report["queries_whose_kind_facet_differs_from_count"] = sum(
            1 for q, n in counted.items() if kinds.get(q, 0) != n)

        report["setups"] = {}
        for name, cmd in setups.items():
            ms = sorted(timings[name])
            report["setups"][name] = {
                "command": " ".join(cmd), "samples": len(ms),
                "p50_ms": run_bench.percentile(ms, 50), "p90_ms": run_bench.percentile(ms, 90),
                "p99_ms": run_bench.percentile(ms, 99), "mean_ms": sum(ms) / len(ms),
                "cpu_ms_per_query": sorted(cpu[name])[len(cpu[name]) // 2]}
        base = report["setups"]["quarry hits"]["p50_ms"]
        for name, s in report["setups"].items():
            s["p50_ratio_to_quarry_hits"] = s["p50_ms"] / base
        report["load_average_end"] = os.getloadavg()

        print(f"{report['documents']} documents, {args.queries} one-word queries x {args.rounds} rounds; "
              f"load average {report['load_average_start'][0]:.2f} at start, "
              f"{report['load_average_end'][0]:.2f} at end; "
              f"{report['queries_whose_kind_facet_differs_from_count']} queries whose kind facet differs from --count")
        print("| setup | p50 | p90 | p99 | mean | p50 / quarry hits | CPU per query (whole run) |")
        print("|---|---|---|---|---|---|---|")
        for name, s in report["setups"].items():
            print(f"| {name} | {s['p50_ms']:.2f} ms | {s['p90_ms']:.2f} ms | {s['p99_ms']:.2f} ms | "
                  f"{s['mean_ms']:.2f} ms | {s['p50_ratio_to_quarry_hits']:.2f} | {s['cpu_ms_per_query']:.2f} ms |")
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    finally:
        if not args.keep and not args.workdir:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            log(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
