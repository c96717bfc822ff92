#!/usr/bin/python3
"""Builds a known-item collection from a news JSONL file, for checking that
ranking settings chosen on Cranfield and TIME carry over to news (issue #4).

    eval/make_known_item.py [--docs 5000] [--queries 250] [--seed 1] [--keep-titles]
                            [--ask title|sentence|passage] NEWS.jsonl[.gz] OUT_DIR

A random sample of articles becomes the documents, their titles removed
(kept, with --keep-titles); the titles of some of them become the queries,
each with its own article as the one relevant document. Writes
OUT_DIR/docs.jsonl, queries.tsv and qrels.txt in the format
eval/quarry_eval.py reads. Titles that occur more than once in the file
(recurring headlines) are not used as queries. With --ask sentence the query
is instead one sentence of 8-25 words from the article's body (not its first,
and found once in the sample): with --keep-titles, a check that weighing
titles does not bury what the body says. With --ask passage it is three
consecutive sentences of the body (30-70 words in all, not the first, each
found once in the sample): a long request naming several aspects of a story. The output is derived from the
input's text: keep it outside the repository.
"""

import argparse
import collections
import gzip
import json
import random
import re
import sys
from pathlib import Path


def read_articles(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                print("%s:%d: skipped, not JSON (%s)" % (path, number, e.msg), file=sys.stderr)
                continue
            if record.get("id") and record.get("body", "").strip():
                yield record


def body_sentences(body):
    """The body's sentences: split after . ? ! followed by a space, and at line ends."""
    return [s for line in body.splitlines() for s in re.split(r"(?<=[.?!])\s+", line.strip()) if s]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("news", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep-titles", action="store_true", help="documents keep their titles")
    ap.add_argument("--ask", choices=("title", "sentence", "passage"), default="title",
                    help="what a query is: the article's title (default), a sentence of its body, "
                         "or three consecutive sentences of it (a long request)")
    args = ap.parse_args()

    articles = list(read_articles(args.news))
    titles = collections.Counter(" ".join(a.get("title", "").lower().split()) for a in articles)
    rng = random.Random(args.seed)
    docs = rng.sample(articles, min(args.docs, len(articles)))
    if args.ask == "title":
        askable = [(a, " ".join(a["title"].split())) for a in docs if len(a.get("title", "").split()) >= 3
                   and titles[" ".join(a["title"].lower().split())] == 1]
    else:
        sentences = {a["id"]: [" ".join(s.split()) for s in body_sentences(a["body"])] for a in docs}
        seen = collections.Counter(s.lower() for ss in sentences.values() for s in ss)
        askable = []
        for a in docs:
            ss = sentences[a["id"]]
            if args.ask == "sentence":
                fit = [s for s in ss[1:] if 8 <= len(s.split()) <= 25 and seen[s.lower()] == 1]
            else:
                fit = [" ".join(ss[i:i + 3]) for i in range(1, len(ss) - 2)
                       if 30 <= len(" ".join(ss[i:i + 3]).split()) <= 70 and all(seen[s.lower()] == 1 for s in ss[i:i + 3])]
            if fit:
                askable.append((a, rng.choice(fit)))
    asked = rng.sample(askable, min(args.queries, len(askable)))

    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "docs.jsonl", "w", encoding="utf-8") as f:
        for a in docs:
            title = a.get("title", "") if args.keep_titles else ""
            f.write(json.dumps({"id": a["id"], "title": title, "body": a["body"]}, ensure_ascii=False) + "\n")
    with open(args.out / "queries.tsv", "w", encoding="utf-8") as q, \
            open(args.out / "qrels.txt", "w", encoding="utf-8") as r:
        for number, (a, query) in enumerate(asked, start=1):
            q.write("%d\t%s\n" % (number, query))
            r.write("%d 0 %s 1\n" % (number, a["id"]))
    print("%s: %d documents, %d queries" % (args.out, len(docs), len(asked)))


if __name__ == "__main__":
    main()
