#!/usr/bin/python3
"""Chooses Quarry's ranking parameters by cross-validation (issue #4).

    eval/tune.py [COLLECTION_DIR...] [--bin build/bin] [--folds 5] [--grid NAME=v1,v2,... ...]

(--grid takes every word after it, so collections go first.)

Each collection is indexed once; every combination of the grid is run through
quarry-search (parameters passed in $QUARRY_RANKING, see query/ranking.h) and
scored by nDCG@10. Reported: the best setting per collection, k-fold
cross-validated nDCG@10 (choose on k-1 folds of queries, score on the held-out
fold), and the one setting that is best on average over all collections, which
is what the defaults in query/ranking.h should be.
"""

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import ndcg_at_k  # noqa: E402
from quarry_eval import (DEFAULT_COLLECTIONS, Collection, check_quarry_binaries,  # noqa: E402
                         prepare_quarry, quarry_hits, resolve)

DEFAULT_GRID = ["k1=0.9,1.2,1.6", "b=0.4,0.6,0.75", "passage_weight=0,0.5,1",
                "title_weight=0,1", "prf_docs=0,10", "prf_terms=20", "prf_weight=0.3"]


def per_query_ndcg(coll, bindir, db, queries, setting):
    env = dict(os.environ, QUARRY_RANKING=setting)
    out = subprocess.run([bindir / "quarry-search", "-d", db, "--format", "json", "--snippet-bytes", "0",
                          "-n", "10", "--queries", queries], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit("quarry-search failed with %s: %s" % (setting, out.stderr))
    run = quarry_hits(out.stdout)
    return {qid: ndcg_at_k(run.get(qid, []), coll.qrels[qid])
            for qid, _ in coll.queries if coll.qrels.get(qid)}


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("collections", nargs="*", default=DEFAULT_COLLECTIONS)
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--grid", nargs="*", default=DEFAULT_GRID)
    args = ap.parse_args()
    bindir = resolve(args.bin)
    check_quarry_binaries(bindir)
    names, values = [], []
    for spec in args.grid:
        name, vals = spec.split("=", 1)
        names.append(name)
        values.append(vals.split(","))
    settings = [",".join("%s=%s" % nv for nv in zip(names, combo)) for combo in itertools.product(*values)]
    print("%d settings x %d collections" % (len(settings), len(args.collections)), file=sys.stderr)

    overall = {s: [] for s in settings}
    for path in map(resolve, args.collections):
        coll = Collection(path)
        with tempfile.TemporaryDirectory(prefix="quarry-tune-") as tmp:
            db, queries = prepare_quarry(coll, Path(tmp), bindir)
            scores = {s: per_query_ndcg(coll, bindir, db, queries, s) for s in settings}
        qids = sorted(next(iter(scores.values())))
        folds = [qids[i::args.folds] for i in range(args.folds)]
        held_out = []
        for fold in folds:
            train = [q for q in qids if q not in fold]
            best = max(settings, key=lambda s: mean(scores[s][q] for q in train))
            held_out += [scores[best][q] for q in fold]
        best = max(settings, key=lambda s: mean(scores[s].values()))
        print("== %s: best %s nDCG@10 %.4f; %d-fold cross-validated nDCG@10 %.4f"
              % (coll.name, best, mean(scores[best].values()), args.folds, mean(held_out)))
        for s in settings:
            overall[s].append(mean(scores[s].values()))
    ranked = sorted(settings, key=lambda s: -mean(overall[s]))
    print("== best on average over all collections:")
    for s in ranked[:10]:
        print("  %s  %s  (mean %.4f)" % (s, " ".join("%.4f" % v for v in overall[s]), mean(overall[s])))


if __name__ == "__main__":
    main()
