#!/usr/bin/python3
"""Builds a collection with real titles and long requests in natural language
from one with titled documents and questions (issue #18), to check ranking on
the kind of collection where a title field and request boilerplate matter.

    eval/make_verbose.py [--seed 1] [--keep-title-in-body] [--no-frames] [--title-only SHARE]
                         COLLECTION_DIR OUT_DIR

Documents keep their title as a title and lose the copy of it that opens the
body (Cranfield's abstracts repeat their title; a library abstract does not),
so the title's words are found in the title field only. With --title-only, that share of the documents
(drawn at random, seeded) keeps its title alone, as the many records of a
bibliographic collection that have no abstract. Each query is wrapped
in a request frame drawn at random (seeded) from FRAMES: "I am interested in
... I would be pleased to receive information on this." and the like, some of
whose words ("papers", "reports", "material", "work") are common content words
in technical abstracts. Judgments are copied unchanged. The output is derived
from the input's text: keep it outside the repository.
"""

import argparse
import json
import random
import shutil
from pathlib import Path

# Request frames; {q} is the question with its final full stop removed.
FRAMES = [
    "I am interested in {q}. I would be pleased to receive information on this subject.",
    "I would be pleased to receive any information on {q}.",
    "Please send me papers about {q}; references to recent work would be welcome.",
    "I am looking for documents that discuss {q}.",
    "My research concerns {q}. Any articles describing this would be appreciated.",
    "Could you find me material on {q}? I would be grateful for anything relevant.",
    "I need information about {q}, especially recent reports.",
    "Interested in {q}. Please provide literature on the question.",
]


def body_without_title(title, body):
    """The body less a leading copy of the title (compared word by word)."""
    words, title_words = body.split(), title.split()
    if title_words and words[:len(title_words)] == title_words:
        return " ".join(words[len(title_words):])
    return body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("collection", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep-title-in-body", action="store_true",
                    help="leave the body as it is (only the queries change)")
    ap.add_argument("--no-frames", action="store_true",
                    help="leave the queries as they are (only the bodies change)")
    ap.add_argument("--title-only", type=float, default=0.0, metavar="SHARE",
                    help="this share (0-1) of the documents keeps its title and no body")
    args = ap.parse_args()
    if not 0 <= args.title_only <= 1:
        ap.error("--title-only takes a share between 0 and 1")

    args.out.mkdir(parents=True, exist_ok=True)
    moved = emptied = 0
    pick = random.Random(args.seed)
    with open(args.collection / "docs.jsonl", encoding="utf-8") as f, \
            open(args.out / "docs.jsonl", "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            title, body = d.get("title") or "", d.get("body") or ""
            if not args.keep_title_in_body:
                stripped = body_without_title(title, body)
                moved += stripped != body
                body = stripped
            if title and pick.random() < args.title_only:
                body = ""
                emptied += 1
            out.write(json.dumps({"id": str(d["id"]), "title": title, "body": body}, ensure_ascii=False) + "\n")
    rng = random.Random(args.seed)
    count = 0
    with open(args.collection / "queries.tsv", encoding="utf-8") as f, \
            open(args.out / "queries.tsv", "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            qid, text = line.rstrip("\n").split("\t", 1)
            question = " ".join(text.split()).rstrip(" .?")
            frame = rng.choice(FRAMES)
            out.write("%s\t%s\n" % (qid, text if args.no_frames else frame.format(q=question)))
            count += 1
    shutil.copyfile(args.collection / "qrels.txt", args.out / "qrels.txt")
    print("%s: %d queries; %d bodies lost their leading title; %d documents are a title alone"
          % (args.out, count, moved, emptied))


if __name__ == "__main__":
    main()
