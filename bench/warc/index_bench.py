#!/usr/bin/env python3
"""Indexing web input end to end, and the JSONL path it must not slow down.

  bench/warc/index_bench.py --quarry build/bin/quarry-index [--baseline OTHER/quarry-index]
                            [--data ../shared/data] [--rounds 5]

1. Writes a WARC of the 990 pages of html_trafilatura_eval (request + response
   records, one gzip member each; bench/warc/make_warc.py) outside the repo and
   times `quarry-index` on it into a fresh database, next to the same pages as
   990 .html.gz files: pages per second, peak RSS.
2. With --baseline: indexes dawn_news_2025 (17,732 JSONL records) with both
   binaries in turn (A B A B ...), and reports each one's median and the
   median of the pairwise ratios, so that a drifting machine cancels out.
Wall seconds and peak RSS come from the kernel's accounting of each run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    """(wall seconds, peak RSS in MB) of one run, from wait4's rusage."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{cmd} failed ({code}): {err.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024.0, err.decode(errors="replace")


def index_rounds(binary, path, scratch, rounds):
    walls, rss, last = [], [], ""
    for _ in range(rounds):
        db = os.path.join(scratch, "db")
        shutil.rmtree(db, ignore_errors=True)
        wall, peak, last = timed([binary, "-d", db, path])
        walls.append(wall)
        rss.append(peak)
    return walls, rss, last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quarry", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as scratch:
        warc = os.path.join(scratch, "eval990.warc.gz")
        subprocess.run([sys.executable, os.path.join(here, "make_warc.py"),
                        os.path.join(args.data, "html_trafilatura_eval"), warc], check=True)
        pages = os.path.join(args.data, "html_trafilatura_eval", "pages")
        for name, path in (("WARC of 990 pages", warc), ("990 .html.gz files", pages)):
            index_rounds(args.quarry, path, scratch, 1)  # warm-up
            walls, rss, summary = index_rounds(args.quarry, path, scratch, args.rounds)
            med = statistics.median(walls)
            print(f"{name}: median {med:.2f} s (min {min(walls):.2f}, max {max(walls):.2f}), "
                  f"{990 / med:.0f} pages/s, peak RSS {max(rss):.0f} MB")
            print("  " + summary.strip().replace("\n", "\n  "))
        if args.baseline:
            dawn = os.path.join(args.data, "dawn_news_2025")
            a_walls, b_walls, ratios = [], [], []
            index_rounds(args.quarry, dawn, scratch, 1)
            index_rounds(args.baseline, dawn, scratch, 1)
            for _ in range(args.rounds):
                a, _, _ = index_rounds(args.quarry, dawn, scratch, 1)
                b, _, _ = index_rounds(args.baseline, dawn, scratch, 1)
                a_walls.append(a[0])
                b_walls.append(b[0])
                ratios.append(a[0] / b[0])
            print(f"dawn_news_2025: this build median {statistics.median(a_walls):.2f} s, "
                  f"baseline median {statistics.median(b_walls):.2f} s, "
                  f"ratio this/baseline median {statistics.median(ratios):.3f} "
                  f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
