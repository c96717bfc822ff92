#!/usr/bin/python3
"""Two Quarry builds in the benchmark with peers, interleaved: each round runs
`run_bench.py --systems fts5,quarry` once with each build's --bin (the order
alternating from round to round: A B, B A, ...), and the table gives, per
round, Quarry's query p50 and p99 for each build, FTS5's in the same run, and
the ratios A/B of the round (the machine is shared, so only ratios taken
within a round mean much). See bench/README.md ("Issue 17's last two targets").

Usage, from the repository root:
    bench/peer_query_rounds.py --a main=build/bin --b ec68947=/tmp/base/build/bin \\
        --rounds 4 --queries 300 --out /tmp/rounds
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def labelled(text):
    label, _, path = text.partition("=")
    if not path:
        raise argparse.ArgumentTypeError("expected LABEL=BIN_FOLDER")
    return label, path


def quarry_and_fts5(report):
    out = {}
    for run in report["results"]:
        if run.get("system") in ("quarry", "fts5") and "query" in run:
            out[run["system"]] = run
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", type=labelled, required=True, help="LABEL=BIN_FOLDER of the build measured")
    ap.add_argument("--b", type=labelled, required=True, help="LABEL=BIN_FOLDER of the build compared against")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--out", required=True, help="folder for each run's JSON and log")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    builds = [args.a, args.b]
    rows = []
    for r in range(1, args.rounds + 1):
        order = builds if r % 2 else builds[::-1]
        got = {}
        for label, path in order:
            js = out / f"round{r}-{label}.json"
            cmd = [sys.executable, str(BENCH_DIR / "run_bench.py"), "--systems", "fts5,quarry",
                   "--queries", str(args.queries), "--bin", path, "--json", str(js), "--no-install"]
            with open(out / f"round{r}-{label}.log", "w") as log:
                subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, check=True)
            got[label] = quarry_and_fts5(json.loads(js.read_text()))
        rows.append(got)
        print_round(r, got, builds)
    summary(rows, builds)


def fmt(x):
    return f"{x:.2f}"


def print_round(r, got, builds):
    (a, _), (b, _) = builds
    qa, qb = got[a]["quarry"]["query"], got[b]["quarry"]["query"]
    fa, fb = got[a]["fts5"]["query"], got[b]["fts5"]["query"]
    print(f"round {r}: {a} p50 {fmt(qa['p50_ms'])} p99 {fmt(qa['p99_ms'])} (fts5 {fmt(fa['p50_ms'])}) | "
          f"{b} p50 {fmt(qb['p50_ms'])} p99 {fmt(qb['p99_ms'])} (fts5 {fmt(fb['p50_ms'])}) | "
          f"{a}/{b} p50 {qa['p50_ms'] / qb['p50_ms']:.3f} p99 {qa['p99_ms'] / qb['p99_ms']:.3f}", flush=True)


def summary(rows, builds):
    (a, _), (b, _) = builds
    for what in ("p50_ms", "p99_ms"):
        ratios = [g[a]["quarry"]["query"][what] / g[b]["quarry"]["query"][what] for g in rows]
        peer = [g[a]["quarry"]["query"][what] / g[a]["fts5"]["query"][what] for g in rows]
        peer_b = [g[b]["quarry"]["query"][what] / g[b]["fts5"]["query"][what] for g in rows]
        va = [g[a]["quarry"]["query"][what] for g in rows]
        vb = [g[b]["quarry"]["query"][what] for g in rows]
        print(f"{what[:3]}: {a} median {fmt(statistics.median(va))} ms, {b} median {fmt(statistics.median(vb))} ms; "
              f"{a}/{b} per round median {statistics.median(ratios):.3f} "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f}); "
              f"quarry/fts5 {a} {statistics.median(peer):.3f}, {b} {statistics.median(peer_b):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
