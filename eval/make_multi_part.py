#!/usr/bin/python3
"""Builds a collection of requests that ask for several things, one sentence
each, from a judged collection (issue #18): each query joined with other
queries of the same collection, its judgments the union of theirs.

    eval/make_multi_part.py [--parts 2] [--partner random|nearest] [--frames] [--seed 1]
                            COLLECTION_DIR OUT_DIR

A library user's request often names a subject and then another side of it,
or a second subject ("I am interested in X. I would also be pleased to
receive information on Y."). A relevance model built from the top documents
of the whole request then describes only the part those documents answer.
--partner nearest joins each query to the ones sharing most of its words
(a second side of one subject), random to any (a second subject). Without
--frames the parts are questions ("X? Y?"); with it, the request frame above
(a third part and more: "I would also be pleased to receive information on
Z."). A document keeps its own query's grade where two parts judge it.
Documents are copied unchanged; the output is derived from the input's text:
keep it outside the repository.
"""

import argparse
import random
import re
import shutil
from pathlib import Path


def read_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                qid, text = line.rstrip("\n").split("\t", 1)
                queries.append((qid, " ".join(text.split()).rstrip(" .?")))
    return queries


def read_qrels(path):
    qrels = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if len(fields) == 4:
                qrels.setdefault(fields[0], {})[fields[2]] = int(fields[3])
    return qrels


def long_words(text):
    return set(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3)


def request(parts, frames):
    if not frames:
        return " ".join(p[0].upper() + p[1:] + "?" for p in parts)
    text = "I am interested in %s." % parts[0]
    for part in parts[1:]:
        text += " I would also be pleased to receive information on %s." % part
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("collection", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--parts", type=int, default=2, help="sentences per request (2 or more)")
    ap.add_argument("--partner", choices=["random", "nearest"], default="random")
    ap.add_argument("--frames", action="store_true", help="wrap the parts in request frames")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.parts < 2:
        ap.error("--parts takes 2 or more")

    qrels = read_qrels(args.collection / "qrels.txt")
    queries = [q for q in read_queries(args.collection / "queries.tsv") if q[0] in qrels]
    if len(queries) < args.parts:
        ap.error("the collection has fewer judged queries than --parts")
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.collection / "docs.jsonl", args.out / "docs.jsonl")
    with open(args.out / "queries.tsv", "w", encoding="utf-8") as fq, \
            open(args.out / "qrels.txt", "w", encoding="utf-8") as fr:
        for i, (qid, text) in enumerate(queries):
            others = [j for j in range(len(queries)) if j != i]
            if args.partner == "random":
                partners = rng.sample(others, args.parts - 1)
            else:
                mine = long_words(text)
                ranked = sorted(others, key=lambda j: (-len(mine & long_words(queries[j][1])), rng.random()))
                partners = ranked[:args.parts - 1]
            fq.write("%s\t%s\n" % (qid, request([text] + [queries[j][1] for j in partners], args.frames)))
            judged = {}
            for j in reversed(partners):
                judged.update(qrels[queries[j][0]])
            judged.update(qrels[qid])
            for doc, grade in judged.items():
                fr.write("%s 0 %s %d\n" % (qid, doc, grade))
    print("%s: %d requests of %d parts (%s partners%s)"
          % (args.out, len(queries), args.parts, args.partner, ", framed" if args.frames else ""))


if __name__ == "__main__":
    main()
