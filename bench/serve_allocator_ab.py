#!/usr/bin/python3
"""Two quarry-serve builds on one database, interleaved (A B, B A, ...): in
each round each server answers the same /api/search queries from one
keep-alive client, one at a time; per build the query latency p50/p99 seen
by the client, the server's CPU per query (from /proc), and a SHA-1 of every
answer's body (the answers must be the same). Written to decide whether
quarry-serve, like quarry-search, is faster with glibc's malloc than with
jemalloc (bench/README.md, "Issue 17's last two targets").

Usage, from the repository root:
    bench/serve_allocator_ab.py --a glibc=/tmp/g --b jemalloc=build/bin --db dawn.db --rounds 4
"""
import argparse
import hashlib
import http.client
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
import run_bench  # noqa: E402
import serve_bench  # noqa: E402


def labelled(text):
    label, _, path = text.partition("=")
    if not path:
        raise argparse.ArgumentTypeError("expected LABEL=BIN_FOLDER")
    return label, Path(path)


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round(bindir, db, warmup, measured):
    with tempfile.TemporaryDirectory(prefix="serve-ab-") as work:
        server = serve_bench.Server(bindir, db, None, Path(work))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

            def ask(q):
                conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10}))
                response = conn.getresponse()
                return response.status, response.read()

            for q in warmup:
                ask(q)
            digest = hashlib.sha1()
            ms = []
            cpu_before = cpu_seconds(server.process.pid)
            for q in measured:
                start = time.perf_counter()
                status, body = ask(q)
                ms.append((time.perf_counter() - start) * 1000)
                digest.update(b"%d " % status + body + b"\n")
            cpu = cpu_seconds(server.process.pid) - cpu_before
            conn.close()
        finally:
            server.stop()
    ms.sort()
    return {"p50": run_bench.percentile(ms, 50), "p99": run_bench.percentile(ms, 99),
            "cpu_ms": 1000 * cpu / len(measured), "sha1": digest.hexdigest()}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", type=labelled, required=True)
    ap.add_argument("--b", type=labelled, required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--data", default=str(run_bench.DEFAULT_DATA))
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args(argv)
    queries = run_bench.draw_queries(run_bench.read_articles(args.data), args.warmup + args.queries, args.seed)
    warmup, measured = queries[:args.warmup], queries[args.warmup:]
    builds = [args.a, args.b]
    results = {label: [] for label, _ in builds}
    for r in range(1, args.rounds + 1):
        for label, bindir in (builds if r % 2 else builds[::-1]):
            got = one_round(bindir, args.db, warmup, measured)
            results[label].append(got)
            print(f"round {r} {label}: p50 {got['p50']:.2f} ms, p99 {got['p99']:.2f} ms, "
                  f"server CPU {got['cpu_ms']:.2f} ms/query, answers {got['sha1'][:12]}", flush=True)
    (a, _), (b, _) = builds
    for key in ("p50", "p99", "cpu_ms"):
        ratios = [x[key] / y[key] for x, y in zip(results[a], results[b])]
        print(f"{key}: {a} median {statistics.median(x[key] for x in results[a]):.2f}, "
              f"{b} median {statistics.median(x[key] for x in results[b]):.2f}; {a}/{b} per round median "
              f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
    same = len({x["sha1"] for label in results for x in results[label]}) == 1
    print("answers identical in every run" if same else "ANSWERS DIFFER")


if __name__ == "__main__":
    main(sys.argv[1:])
