#!/usr/bin/python3
"""One hit per story on a whole collection (issue #17): which documents of a
Quarry database are near-duplicates, by the same rule quarry-search folds
them with (bottom-64 sketches of word 4-shingles, estimated resemblance
>= 0.55, both with 20+ shingles, dated at most 3 days apart). Candidate pairs are those that
share one of their six smallest shingle hashes (LSH: two documents of
resemblance J do so with probability about 1 - (1 - J)^6, 98 % at J = 0.5),
each then verified by the rule.

    eval/near_duplicate_groups.py DB [--sample 50] [--seed 17] [--news NEWS.jsonl.gz] [--json OUT]

Prints how many documents have a near-duplicate, how many groups (connected
components) they form and their sizes, then a random sample of groups: ids,
dates, titles and each pair's estimated resemblance, and with --news the
share of the shorter text's words found in the same order in the longer
(difflib), to read them by. Nothing of the text is written.
"""

import argparse
import collections
import difflib
import gzip
import json
import random
import struct
import sys

import xapian

PASSAGE_MAP_SLOT = 2
MIN_SHINGLES = 20
THRESHOLD = 0.55
STORY_DAYS = 3


def varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def passage_map(data):
    size, pos = varint(data, 0)
    doc = data[pos:pos + size].decode("utf-8", "replace")
    pos += size
    size, pos = varint(data, pos)
    sketch = data[pos:pos + size]
    if not sketch:
        return doc, (0, 0, [])
    values = struct.unpack("<%dI" % (len(sketch) // 4), sketch)
    return doc, (values[0], values[1], list(values[2:]))


def resemblance(a, b):
    if a[0] < MIN_SHINGLES or b[0] < MIN_SHINGLES:
        return 0.0
    k = max(len(a[2]), len(b[2]))
    union = sorted(set(a[2]) | set(b[2]))[:k]
    both = set(a[2]) & set(b[2])
    return sum(v in both for v in union) / len(union) if union else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--news", help="the JSONL the database was built from: adds a text-overlap figure per pair")
    ap.add_argument("--json", help="write the figures and the sample (ids, titles, figures) here")
    args = ap.parse_args()
    db = xapian.Database(args.db)
    sketches, ids, titles = {}, {}, {}
    for post in db.postlist(""):
        doc = db.get_document(post.docid)
        ids[post.docid], sketches[post.docid] = passage_map(doc.get_value(PASSAGE_MAP_SLOT))
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    pairs = []
    buckets = collections.defaultdict(list)
    for did, sketch in sketches.items():
        if sketch[0] >= MIN_SHINGLES:
            for value in sketch[2][:6]:
                buckets[value].append(did)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                r = resemblance(sketches[a], sketches[b])
                days = abs(sketches[a][1] - sketches[b][1]) if sketches[a][1] and sketches[b][1] else 0
                if r >= THRESHOLD and days <= STORY_DAYS:
                    pairs.append((a, b, r))
                    parent[find(a)] = find(b)
    pairs = list({(min(a, b), max(a, b)): (min(a, b), max(a, b), r) for a, b, r in pairs}.values())
    groups = collections.defaultdict(set)
    for a, b, _ in pairs:
        groups[find(a)].update((a, b))
    sizes = collections.Counter(len(g) for g in groups.values())
    in_groups = sum(len(g) for g in groups.values())
    print("documents: %d; with a near-duplicate: %d; groups: %d (sizes: %s); documents folded away by a match-all query: %d"
          % (db.get_doccount(), in_groups, len(groups), dict(sorted(sizes.items())), in_groups - len(groups)))
    texts = {}
    if args.news:
        wanted = {ids[d] for g in groups.values() for d in g}
        opener = gzip.open if args.news.endswith(".gz") else open
        with opener(args.news, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record.get("id") in wanted:
                    texts[record["id"]] = record
    rng = random.Random(args.seed)
    chosen = rng.sample(sorted(groups.values(), key=lambda g: sorted(g)), min(args.sample, len(groups)))
    sample = []
    for n, group in enumerate(chosen, 1):
        members = sorted(group)
        entry = {"members": [], "pairs": []}
        print("\n#%d" % n)
        for d in members:
            record = texts.get(ids[d], {})
            entry["members"].append({"doc": ids[d], "date": record.get("date"), "title": record.get("title")})
            print("  %s  %s  %s" % (ids[d], record.get("date", ""), record.get("title", "")))
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                r = resemblance(sketches[a], sketches[b])
                line = "  %s ~ %s: resemblance %.2f" % (ids[a], ids[b], r)
                pair = {"a": ids[a], "b": ids[b], "resemblance": round(r, 3)}
                if ids[a] in texts and ids[b] in texts:
                    wa, wb = texts[ids[a]]["body"].split(), texts[ids[b]]["body"].split()
                    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
                    blocks = difflib.SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks()
                    shared = sum(bl.size for bl in blocks) / max(len(short), 1)
                    pair.update(words=[len(wa), len(wb)], shorter_in_longer=round(shared, 3))
                    line += "; words %d / %d; %.0f %% of the shorter in the longer" % (len(wa), len(wb), 100 * shared)
                entry["pairs"].append(pair)
                print(line)
        sample.append(entry)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"documents": db.get_doccount(), "with_near_duplicate": in_groups, "groups": len(groups),
                       "sizes": dict(sorted(sizes.items())), "sample": sample}, out, indent=1)
            out.write("\n")


if __name__ == "__main__":
    main()
