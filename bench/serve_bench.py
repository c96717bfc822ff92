#!/usr/bin/python3
"""What quarry-serve's HTTP layer costs (issue 19), measured in one run.

In each of --rounds rounds, side by side (the machine is shared):
1. the library's own batch rate: `quarry-search --queries` (one thread, so
   one core) over the query set, timed per query;
2. quarry-serve on the same database, loaded by wrk with 1, 4 and 16
   concurrent clients (keep-alive connections) for --seconds each, asking
   the same queries in turn: throughput, p50/p99 latency, errors, server CPU.
The figures are medians over rounds, and each ratio to the batch rate is
taken within its round. Then a soak: 16 clients for --soak seconds while
the server's RSS is sampled.

Queries are headline words drawn as bench/run_bench.py draws them. The
database is indexed into the workdir with quarry-index unless --db is given.
See bench/README.md (quarry-serve). Example, from the repository root:
    bench/serve_bench.py --json /tmp/serve.json
"""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
import run_bench  # noqa: E402  (read_articles, draw_queries, percentile)

# wrk runs this in its (one) thread: each request is the next query of the
# set, round and round; the summary is one JSON line with exact percentiles.
WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("QUARRY_BENCH_PATHS")) do paths[#paths + 1] = line end
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def log(message):
    print(f"[serve-bench] {message}", file=sys.stderr, flush=True)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def batch_rate(bindir, db, queries, workdir):
    """quarry-search --queries: the library on one thread, per query."""
    qfile, timings = workdir / "queries.tsv", workdir / "timings.tsv"
    with open(qfile, "w", encoding="utf-8") as f:
        for i, q in enumerate(queries, 1):
            f.write(f"q{i:05d}\t{q}\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run([str(bindir / "quarry-search"), "-d", str(db), "--format", "json", "-n", "10",
                    "--queries", str(qfile), "--timings", str(timings)],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    ms = sorted(float(line.split("\t")[1]) for line in open(timings) if "\t" in line)
    return {"queries": len(ms), "wall_s": wall, "cpu_ms_per_query": cpu * 1000 / len(ms),
            "rate_qps": len(ms) / (sum(ms) / 1000),
            "rate_wall_qps": len(ms) / wall, "p50_ms": run_bench.percentile(ms, 50),
            "p99_ms": run_bench.percentile(ms, 99), "mean_ms": sum(ms) / len(ms)}


class Server:
    def __init__(self, bindir, db, threads, workdir):
        args = [str(bindir / "quarry-serve"), "-d", str(db), "--port", "0"]
        if threads:
            args += ["--threads", str(threads)]
        self.log_path = workdir / "serve.log"
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(args, stderr=self.log_file, stdout=subprocess.DEVNULL)
        for _ in range(3000):
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)\n", self.log_path.read_text())
            if m:
                self.port = int(m.group(1))
                return
            if self.process.poll() is not None:
                raise SystemExit(f"quarry-serve exited: {self.log_path.read_text()}")
            time.sleep(0.01)
        raise SystemExit("quarry-serve did not get ready")

    def stop(self):
        self.process.terminate()
        status = self.process.wait(timeout=60)
        self.log_file.close()
        return status


def wrk(port, clients, paths_file, script, seconds):
    env = dict(os.environ, QUARRY_BENCH_PATHS=str(paths_file))
    out = subprocess.run(["wrk", "-t", "1", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s",
                          "-s", str(script), f"http://127.0.0.1:{port}"],
                         env=env, check=True, capture_output=True, text=True).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    seconds = summary["duration_us"] / 1e6
    return {"clients": clients, "seconds": seconds, "requests": summary["requests"],
            "rate_qps": summary["requests"] / seconds, "p50_ms": summary["p50_us"] / 1000,
            "p90_ms": summary["p90_us"] / 1000, "p99_ms": summary["p99_us"] / 1000,
            "max_ms": summary["max_us"] / 1000, "mean_ms": summary["mean_us"] / 1000,
            "errors": sum(summary[k] for k in ("connect_errors", "read_errors", "write_errors",
                                                 "status_errors", "timeouts")),
            "wrk": summary}


def soak(server, clients, seconds, interval, paths_file, script):
    samples = []
    stop = threading.Event()

    def sample():
        start = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - start, rss_kb(server.process.pid)))
            stop.wait(interval)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = wrk(server.port, clients, paths_file, script, seconds)
    finally:
        stop.set()
        sampler.join()
    kb = [s[1] for s in samples]
    # Flat means no growth once warm: the last minute against the minute
    # after the first.
    warm = [k for t, k in samples if 60 <= t < 120] or kb
    last = [k for t, k in samples if t >= samples[-1][0] - 60] or kb
    result.update({"rss_samples": samples, "rss_first_mb": kb[0] / 1024, "rss_max_mb": max(kb) / 1024,
                   "rss_last_mb": kb[-1] / 1024, "rss_warm_mean_mb": sum(warm) / len(warm) / 1024,
                   "rss_last_minute_mean_mb": sum(last) / len(last) / 1024})
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(run_bench.DEFAULT_DATA), help="JSONL(.gz) corpus (default: Dawn 2025)")
    parser.add_argument("--db", help="an index of --data already built (default: index it into the workdir)")
    parser.add_argument("--bin", default=str(run_bench.DEFAULT_BIN), help="folder of the Quarry binaries")
    parser.add_argument("--queries", type=int, default=1000, help="queries in the set")
    parser.add_argument("--seed", type=int, default=5, help="query draw seed")
    parser.add_argument("--clients", default="1,4,16", help="concurrent clients per load level")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of batch + every load level")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each load level in a round")
    parser.add_argument("--soak", type=int, default=300, help="seconds of the 16-client soak (0: none)")
    parser.add_argument("--sample", type=float, default=5, help="seconds between RSS samples in the soak")
    parser.add_argument("--threads", type=int, default=0, help="quarry-serve --threads (default: its own)")
    parser.add_argument("--workdir", help="scratch folder (default: a new temp folder, removed)")
    parser.add_argument("--json", help="write every figure here")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk: apt-get install wrk)")
    bindir = Path(args.bin).resolve()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="quarry-serve-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        lines = run_bench.read_articles(args.data)
        queries = run_bench.draw_queries(lines, args.queries, args.seed)
        db = Path(args.db) if args.db else workdir / "db"
        if not args.db:
            log(f"indexing {args.data} into {db}")
            subprocess.run([str(bindir / "quarry-index"), "-q", "-d", str(db), args.data], check=True)
        paths_file, script = workdir / "paths.txt", workdir / "bench.lua"
        with open(paths_file, "w") as f:
            for q in queries:
                f.write("/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10}) + "\n")
        script.write_text(WRK_SCRIPT)

        results = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                   "data": args.data, "queries": len(queries), "seed": args.seed, "rounds": []}
        subprocess.run([str(bindir / "quarry-search"), "-d", str(db), "-n", "10", "--format", "json",
                        "warm cache"], stdout=subprocess.DEVNULL)
        server = Server(bindir, db, args.threads, workdir)
        levels = [int(c) for c in args.clients.split(",")]
        try:
            wrk(server.port, 4, paths_file, script, 5)  # warm the server's Searchers
            # The machine is shared: rounds alternate the library's batch and
            # each load level, so that each ratio compares runs made side by side.
            for number in range(1, args.rounds + 1):
                log(f"round {number}/{args.rounds}")
                batch = batch_rate(bindir, db, queries, workdir)
                log(f"  batch (quarry-search --queries, 1 thread): {batch['rate_qps']:.0f} queries/s, "
                    f"{batch['cpu_ms_per_query']:.2f} ms CPU per query")
                served = []
                for clients in levels:
                    cpu_before = cpu_seconds(server.process.pid)
                    level = wrk(server.port, clients, paths_file, script, args.seconds)
                    level["server_cpu_s"] = cpu_seconds(server.process.pid) - cpu_before
                    level["ratio_to_batch"] = level["rate_qps"] / batch["rate_qps"]
                    # What the machine's noise does not move: CPU per request
                    # against the batch's CPU per query, and so how many
                    # requests the machine's cores could serve against what
                    # one core does in the batch.
                    level["server_cpu_ms_per_request"] = level["server_cpu_s"] * 1000 / level["requests"]
                    level["cpu_ratio_to_batch"] = level["server_cpu_ms_per_request"] / batch["cpu_ms_per_query"]
                    level["cores_capacity_ratio"] = (os.cpu_count() / level["server_cpu_ms_per_request"]) / (
                        1 / batch["cpu_ms_per_query"])
                    served.append(level)
                    log(f"  {clients:2d} clients: {level['rate_qps']:.0f} q/s, p50 {level['p50_ms']:.2f} ms, "
                        f"p99 {level['p99_ms']:.2f} ms, errors {level['errors']}, "
                        f"{level['ratio_to_batch']:.2f}x the batch rate; "
                        f"{level['server_cpu_ms_per_request']:.2f} ms CPU per request")
                results["rounds"].append({"batch": batch, "levels": served, "load_average": os.getloadavg()})
            if args.soak:
                log(f"soak: 16 clients for {args.soak} s, RSS every {args.sample} s")
                results["soak"] = soak(server, 16, args.soak, args.sample, paths_file, script)
                s = results["soak"]
                log(f"  RSS {s['rss_first_mb']:.1f} MB at start, {s['rss_warm_mean_mb']:.1f} MB in minute 2, "
                    f"{s['rss_last_minute_mean_mb']:.1f} MB in the last minute, max {s['rss_max_mb']:.1f} MB; "
                    f"{s['rate_qps']:.0f} q/s, errors {s['errors']}")
        finally:
            results["server_exit_status"] = server.stop()
        results["summary"] = summarise(results["rounds"], levels)

        print_table(results)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2


def summarise(rounds, levels):
    """Per figure: the median over rounds, with min and max."""
    def spread(values):
        return {"median": median(values), "min": min(values), "max": max(values)}
    out = {"batch": {k: spread([r["batch"][k] for r in rounds])
                     for k in ("rate_qps", "p50_ms", "p99_ms", "cpu_ms_per_query")}}
    for i, clients in enumerate(levels):
        out[f"clients_{clients}"] = {
            k: spread([r["levels"][i][k] for r in rounds])
            for k in ("rate_qps", "ratio_to_batch", "p50_ms", "p99_ms", "errors", "server_cpu_ms_per_request",
                      "cpu_ratio_to_batch", "cores_capacity_ratio")}
        out[f"clients_{clients}"]["server_cpu_per_s"] = spread(
            [r["levels"][i]["server_cpu_s"] / r["levels"][i]["seconds"] for r in rounds])
    return out


def print_table(r):
    s = r["summary"]
    def fig(d, fmt="{:.0f}"):
        return f"{fmt.format(d['median'])} ({fmt.format(d['min'])}–{fmt.format(d['max'])})"
    print(f"{r['queries']} queries, {len(r['rounds'])} rounds; medians (min–max over rounds)")
    b = s["batch"]
    print(f"library batch, 1 thread: {fig(b['rate_qps'])} queries/s, p50 {fig(b['p50_ms'], '{:.2f}')} ms, "
          f"p99 {fig(b['p99_ms'], '{:.2f}')} ms, {fig(b['cpu_ms_per_query'], '{:.2f}')} ms CPU per query")
    print("| clients | requests/s | ÷ batch rate | p50 ms | p99 ms | errors | server CPU ms/request "
          "| ÷ batch CPU/query | capacity of all cores ÷ one core's batch |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key, level in s.items():
        if key == "batch":
            continue
        print(f"| {key.split('_')[1]} | {fig(level['rate_qps'])} | {fig(level['ratio_to_batch'], '{:.2f}')} | "
              f"{fig(level['p50_ms'], '{:.2f}')} | {fig(level['p99_ms'], '{:.2f}')} | "
              f"{level['errors']['max']:.0f} | {fig(level['server_cpu_ms_per_request'], '{:.2f}')} | "
              f"{fig(level['cpu_ratio_to_batch'], '{:.2f}')} | {fig(level['cores_capacity_ratio'], '{:.2f}')} |")
    if "soak" in r:
        k = r["soak"]
        print(f"soak {k['seconds']:.0f} s, 16 clients: {k['rate_qps']:.0f} requests/s, errors {k['errors']}; "
              f"RSS {k['rss_first_mb']:.1f} MB first, {k['rss_warm_mean_mb']:.1f} MB minute 2, "
              f"{k['rss_last_minute_mean_mb']:.1f} MB last minute, max {k['rss_max_mb']:.1f} MB")


if __name__ == "__main__":
    main()
