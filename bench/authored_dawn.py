#!/usr/bin/env python3
"""The Dawn 2025 articles with made-up authors and sites, for timing filters
over a field of thousands of values (the corpus itself has no authors and one
site). Each record gets one to three authors from a pool of --authors names
(first name and surname drawn from lists that mix ASCII, accented, Turkish,
Polish, Greek and Cyrillic names; a tenth of the records print a name in
capitals) and one of --sites sites. Deterministic for a seed.

  bench/authored_dawn.py OUT.jsonl [--data DAWN.jsonl.gz] [--authors 3000] [--sites 200]
  bench/authored_dawn.py --queries Q.tsv [--authors 3000] [--sites 200]   # filtered queries for it
"""
import argparse
import gzip
import json
import os
import random

FIRST = ["Zahid", "Ann", "Zoë", "Émile", "Łukasz", "İlker", "Søren", "José", "Αλέξης", "Иван", "Ayşe", "Bo",
         "Fatima", "Omar", "Chloé", "Jürgen", "Noël", "Renée", "Ömer", "Zoe", "Emile", "Dmitri", "Νίκος", "Mehmet"]
LAST = ["Hussain", "Lee", "Ålund", "Müller", "Kowalski", "Yılmaz", "Ørsted", "García", "Παπαδόπουλος", "Петров",
        "O'Brien", "Khan", "Ahmed", "Dubois", "Straße", "Şahin", "Nowak", "Smith", "Иванова", "Lefèvre",
        "Öztürk", "Wiśniewski", "Jensen", "Rossi"]


def pool(n, rng):
    names = set()
    while len(names) < n:
        names.add(f"{rng.choice(FIRST)} {rng.choice(LAST)}{'' if rng.random() < 0.5 else ' ' + rng.choice(LAST)}"
                  + ("" if rng.random() < 0.7 else f" {rng.randrange(1000)}"))
    return sorted(names)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?")
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "dawn_news_2025",
                                                   "dawn_news_2025_jan-sep.jsonl.gz"))
    ap.add_argument("--authors", type=int, default=3000)
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--queries", help="write filtered queries (id<TAB>query) instead")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    authors = pool(args.authors, rng)
    sites = [f"{rng.choice(LAST).lower()}{i}.example" for i in range(args.sites)]
    if args.queries:
        words = ["pakistan", "budget", "court", "cricket", "water", "imran khan", "polio", "flood"]
        with open(args.queries, "w") as out:
            for i in range(100):
                name = rng.choice(authors)
                typed = [name, name.lower(), name.upper()][i % 3]
                filt = [f'author:"{typed}"', f"site:{rng.choice(sites)}", "section:pakistan", "section:WORLD"][i % 4]
                out.write(f"f{i:03d}\t{rng.choice(words)} {filt}\n")
        return
    if not args.out:
        ap.error("give OUT.jsonl or --queries Q.tsv")
    with gzip.open(args.data, "rt", encoding="utf-8") as src, open(args.out, "w", encoding="utf-8") as out:
        for line in src:
            r = json.loads(line)
            names = rng.sample(authors, 1 + rng.randrange(3))
            if rng.random() < 0.1:
                names[0] = names[0].upper()
            r["author"] = names
            r["site"] = rng.choice(sites)
            out.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
