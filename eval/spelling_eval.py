#!/usr/bin/python3
"""Did-you-mean on misspelled news-headline queries (issue #17).

    eval/spelling_eval.py [--bin build/bin] [--db DB] [--queries 500] [--seed 17] [--json OUT] [NEWS.jsonl.gz]

Draws queries from the headlines of NEWS (default: the Dawn 2025 file in
../shared/data): a run of 1-3 consecutive words of a headline, lower-cased,
punctuation other than in-word apostrophes (doesn't) made spaces. Each query is asked twice of `quarry-search
--queries ... --format json` on DB (indexed from NEWS first when DB does not
exist): once as it is, where no suggestion is the right answer, and once with
one of its words of 4+ letters misspelled, where the query itself is. A
misspelling is one typing error of a kind drawn evenly from: deletion,
insertion, substitution, transposition of neighbours, a doubled letter, a
doubled letter made single (words with none get another kind). Reports the
share of misspelled queries corrected to exactly the original, per kind, and
the share of correct queries left alone. Nothing of the data is written into
the repository; --keep-queries writes the drawn queries elsewhere.
"""

import argparse
import collections
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_NEWS = REPO.parent / "shared/data/dawn_news_2025/dawn_news_2025_jan-sep.jsonl.gz"
KINDS = ["deletion", "insertion", "substitution", "transposition", "doubled", "undoubled"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def headlines(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            title = json.loads(line).get("title", "")
            if title:
                yield title


def words_of(title):
    text = title.lower().replace("\u00ad", "").replace("\u200b", "")
    text = text.replace("\u2019", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)*", text)


def misspell(word, kind, rng):
    """One typing error of the kind, or None when the word has no place for it."""
    i = rng.randrange(len(word))
    if kind == "deletion":
        return word[:i] + word[i + 1:]
    if kind == "insertion":
        return word[:i] + rng.choice(LETTERS) + word[i:]
    if kind == "substitution":
        return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1:]
    if kind == "transposition":
        places = [j for j in range(len(word) - 1) if word[j] != word[j + 1]]
        if not places:
            return None
        j = rng.choice(places)
        return word[:j] + word[j + 1] + word[j] + word[j + 2:]
    if kind == "doubled":
        return word[:i] + word[i] + word[i:]
    if kind == "undoubled":
        places = [j for j in range(len(word) - 1) if word[j] == word[j + 1]]
        if not places:
            return None
        j = rng.choice(places)
        return word[:j] + word[j + 1:]
    raise ValueError(kind)


def draw(titles, count, seed):
    """[(id, kind, misspelled query, intended query)]: one misspelled word each."""
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        words = words_of(rng.choice(titles))
        if not words:
            continue
        length = min(rng.randint(1, 3), len(words))
        start = rng.randrange(len(words) - length + 1)
        query = words[start:start + length]
        targets = [k for k, w in enumerate(query) if len(w) >= 4 and w.isalpha()]
        if not targets:
            continue
        k = rng.choice(targets)
        kind = KINDS[len(cases) % len(KINDS)]
        wrong = misspell(query[k], kind, rng)
        if wrong is None:
            kind = "substitution"
            wrong = misspell(query[k], kind, rng)
        if wrong == query[k]:
            continue
        typo = query[:k] + [wrong] + query[k + 1:]
        cases.append(("q%04d" % (len(cases) + 1), kind, " ".join(typo), " ".join(query)))
    return cases


def suggestions(search, db, queries, workdir, hint):
    """{qid: suggestion or None} from one batch run of quarry-search: `--suggest`
    (the spelling checker), or with hint the "Did you mean" line of a search."""
    qfile = Path(workdir) / "queries.tsv"
    qfile.write_text("".join("%s\t%s\n" % (qid, q) for qid, q in queries), encoding="utf-8")
    mode = ["--format", "json", "-n", "1"] if hint else ["--suggest"]
    out = subprocess.run([str(search), "-d", str(db)] + mode + ["--queries", str(qfile)],
                         check=True, capture_output=True, text=True).stdout
    found = {qid: None for qid, _ in queries}
    for line in out.splitlines():
        if hint:
            record = json.loads(line)
            if "suggestion" in record:
                found[record["qid"]] = record["suggestion"]
        else:
            qid, corrected = line.split("\t", 1)
            found[qid] = corrected
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("news", nargs="?", type=Path, default=DEFAULT_NEWS)
    ap.add_argument("--bin", type=Path, default=REPO / "build/bin")
    ap.add_argument("--db", type=Path, help="database of NEWS (default: a new one in a temp folder)")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--json", type=Path, help="write the figures (not the queries) here")
    ap.add_argument("--keep-queries", type=Path, help="write the drawn queries (TSV) here, outside the repo")
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--hint", action="store_true",
                    help='measure the "Did you mean" of searches instead of --suggest')
    args = ap.parse_args()
    if not args.news.exists():
        sys.exit("spelling_eval: %s not found (the Dawn data lives in ../shared/data)" % args.news)
    titles = list(headlines(args.news))
    cases = draw(titles, args.queries, args.seed)
    if args.keep_queries:
        args.keep_queries.write_text("".join("\t".join(c) + "\n" for c in cases), encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        db = args.db or Path(work) / "news.db"
        if not Path(db).exists():
            subprocess.run([str(args.bin / "quarry-index"), "--quiet", "-d", str(db), str(args.news)], check=True)
        search = args.bin / "quarry-search"
        typo = suggestions(search, db, [(qid, wrong) for qid, _, wrong, _ in cases], work, args.hint)
        right = suggestions(search, db, [(qid, intended) for qid, _, _, intended in cases], work, args.hint)
    per_kind = collections.defaultdict(lambda: [0, 0])
    failures = []
    for qid, kind, wrong, intended in cases:
        ok = typo[qid] == intended
        per_kind[kind][0] += ok
        per_kind[kind][1] += 1
        if not ok:
            failures.append((wrong, intended, typo[qid]))
    corrected = sum(ok for ok, _ in per_kind.values())
    left_alone = sum(right[qid] is None for qid, *_ in cases)
    wrongly = [(intended, right[qid]) for qid, _, _, intended in cases if right[qid] is not None]
    report = {
        "queries": len(cases), "seed": args.seed, "news": str(args.news),
        "mode": "search hint" if args.hint else "--suggest",
        "misspelled_corrected": corrected / len(cases),
        "correct_left_alone": left_alone / len(cases),
        "per_kind": {k: {"corrected": v[0], "of": v[1]} for k, v in sorted(per_kind.items())},
    }
    print("misspelled queries corrected to the intended query: %d / %d = %.1f %%" % (corrected, len(cases), 100 * corrected / len(cases)))
    for kind in KINDS:
        ok, of = per_kind[kind]
        print("  %-13s %3d / %3d = %.1f %%" % (kind, ok, of, 100 * ok / max(of, 1)))
    print("correctly spelled queries left alone: %d / %d = %.1f %%" % (left_alone, len(cases), 100 * left_alone / len(cases)))
    if args.show_failures:
        for wrong, intended, got in failures:
            print("  miss: %-30s want %-30s got %s" % (wrong, intended, got))
        for intended, got in wrongly:
            print("  changed: %-30s -> %s" % (intended, got))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
