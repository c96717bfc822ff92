#!/usr/bin/python3
"""Query latency of one Quarry database against the same documents in shards,
searched locally and through xapian-tcpsrv on loopback (issue #8).

Indexes the corpus twice (whole, and with --shards N), starts one
xapian-tcpsrv per shard on 127.0.0.1, then runs the same query file through
`quarry-search --queries FILE --timings FILE` against each setup, in
interleaved rounds so that a change in machine load hits all setups alike.
It also checks that every setup returned the same hits and scores.

Example, from the repository root:
    bench/shards_bench.py --json /tmp/shards.json
See bench/README.md for the figures and how to read them.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_bench  # noqa: E402  (the same corpus reader and query draw)

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database, log_path):
    """xapian-tcpsrv on loopback only, in its own session so that stopping it
    also ends the children it forks per connection."""
    for _ in range(5):
        port = free_port()
        proc = subprocess.Popen(
            ["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", str(port), str(database)],
            stdout=open(log_path, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return proc, port
            except OSError:
                time.sleep(0.05)
        stop_server(proc)
    raise RuntimeError(f"xapian-tcpsrv did not start for {database} (see {log_path})")


def stop_server(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def index(bindir, db, data, shards, log_path):
    cmd = [str(bindir / "quarry-index"), "--quiet", "-d", str(db)]
    if shards:
        cmd += ["--shards", str(shards)]
    cmd.append(str(data))
    started = time.monotonic()
    with open(log_path, "w") as err:
        status = subprocess.run(cmd, stderr=err).returncode
    if status not in (0, 1):  # 1: some records rejected, the rest indexed
        raise RuntimeError(f"{' '.join(cmd)} failed ({status}); see {log_path}")
    return cmd, time.monotonic() - started


def search(bindir, locations, qfile, timings, out):
    cmd = [str(bindir / "quarry-search")]
    for location in locations:
        cmd += ["-d", location]
    cmd += ["--format", "json", "-n", "10", "--queries", str(qfile), "--timings", str(timings)]
    with open(out, "w") as stdout:
        subprocess.run(cmd, stdout=stdout, check=True)
    return cmd


def hits_by_query(path):
    hits = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            hit = json.loads(line)
            hits.setdefault(hit["qid"], []).append((hit["doc"], hit["passage"], hit["score"]))
    return hits


def same_hits(a, b):
    if [(d, p) for d, p, _ in a] != [(d, p) for d, p, _ in b]:
        return False
    return all(abs(x - y) <= 1e-9 * max(abs(x), abs(y)) for (_, _, x), (_, _, y) in zip(a, b))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(run_bench.DEFAULT_DATA), help="JSONL(.gz) corpus, read in place")
    ap.add_argument("--bin", default=str(run_bench.DEFAULT_BIN), help="where quarry-index and quarry-search are")
    ap.add_argument("--shards", type=int, default=3)
    ap.add_argument("--queries", type=int, default=500, help="measured queries")
    ap.add_argument("--warmup", type=int, default=20, help="untimed queries run first by each setup")
    ap.add_argument("--seed", type=int, default=5, help="query draw seed (as run_bench.py)")
    ap.add_argument("--rounds", type=int, default=3, help="passes over all setups, interleaved")
    ap.add_argument("--workdir", help="scratch folder (default: a new temp folder, deleted at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the workdir")
    ap.add_argument("--json", help="write every figure and command here")
    args = ap.parse_args(argv)

    bindir = Path(args.bin).resolve()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="quarry-shards-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    servers = []
    report = {"load_average_start": os.getloadavg(), "nproc": os.cpu_count(), "data": args.data,
              "shards": args.shards, "queries": args.queries, "rounds": args.rounds, "seed": args.seed}
    try:
        lines = run_bench.read_articles(args.data)
        queries = run_bench.draw_queries(lines, args.warmup + args.queries, args.seed)
        qfile = work / "queries.tsv"
        run_bench.write_query_file(qfile, queries[:args.warmup], queries[args.warmup:])
        measured = [f"q{i:05d}" for i in range(1, args.queries + 1)]
        del lines

        single, sharded = work / "single", work / "sharded"
        report["index"] = {}
        for name, db, shards in (("single", single, 0), ("sharded", sharded, args.shards)):
            log(f"indexing {name} ...")
            cmd, seconds = index(bindir, db, args.data, shards, work / f"index-{name}.log")
            report["index"][name] = {"command": " ".join(cmd), "seconds": round(seconds, 2)}

        remote = []
        for i in range(args.shards):
            proc, port = start_server(sharded / f"shard{i}", work / f"tcpsrv{i}.log")
            servers.append(proc)
            remote.append(f"tcp://127.0.0.1:{port}")
        setups = {
            "one database": [str(single)],
            f"{args.shards} local shards": [str(sharded)],
            f"{args.shards} remote shards (loopback)": remote,
        }

        timings = {name: [] for name in setups}
        commands = {}
        outputs = {}
        for r in range(1, args.rounds + 1):
            for name, locations in setups.items():
                log(f"round {r}: {name}")
                tag = name.split()[0] + name.split()[1][0]
                tfile, ofile = work / f"t-{tag}-{r}.tsv", work / f"o-{tag}-{r}.json"
                commands[name] = " ".join(search(bindir, locations, qfile, tfile, ofile))
                per_query = run_bench.read_timings(tfile)
                timings[name] += [per_query[q][0] for q in measured if q in per_query]
                outputs[name] = ofile

        reference = hits_by_query(outputs["one database"])
        report["setups"] = {}
        for name in setups:
            ms = sorted(timings[name])
            got = hits_by_query(outputs[name])
            differing = sum(1 for q in reference if not same_hits(reference[q], got.get(q, [])))
            report["setups"][name] = {
                "command": commands[name], "samples": len(ms),
                "p50_ms": run_bench.percentile(ms, 50), "p90_ms": run_bench.percentile(ms, 90),
                "p99_ms": run_bench.percentile(ms, 99), "mean_ms": sum(ms) / len(ms),
                "queries_differing_from_one_database": differing}
        report["load_average_end"] = os.getloadavg()

        for name, figures in report["index"].items():
            print(f"index {name}: {figures['seconds']:.1f} s ({figures['command']})")
        print(f"{args.queries} queries x {args.rounds} rounds, top 10 with snippets; "
              f"load average {report['load_average_start'][0]:.2f} at start, "
              f"{report['load_average_end'][0]:.2f} at end")
        print("| setup | p50 | p90 | p99 | mean | queries whose hits differ from one database |")
        print("|---|---|---|---|---|---|")
        for name, s in report["setups"].items():
            print(f"| {name} | {s['p50_ms']:.2f} ms | {s['p90_ms']:.2f} ms | {s['p99_ms']:.2f} ms | "
                  f"{s['mean_ms']:.2f} ms | {s['queries_differing_from_one_database']} |")
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    finally:
        for proc in servers:
            stop_server(proc)
        if not args.keep and not args.workdir:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            log(f"kept {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
