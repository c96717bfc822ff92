#!/usr/bin/python3
"""Stock Xapian peer for the Quarry benchmark: what a user gets from the
Python bindings with no tuning.

  xapian_py.py index DB FILE.jsonl
  xapian_py.py search DB QUERIES.tsv TIMINGS.tsv

`search` reads `qid<TAB>query` lines and writes `qid<TAB>ms<TAB>hits` lines,
the same shape as quarry-search --timings, so run_bench.py parses both alike.
"""
import json
import sys
import time

import xapian

# Value slot for the article id, so a hit can be reported without reading the
# document's termlist.
SLOT_ID = 0
SNIPPET_BYTES = 200  # roughly FTS5's 20-token snippet
# Xapian's own default flags; spelt out because SWIG only takes them positionally.
SNIPPET_FLAGS = (xapian.MSet.SNIPPET_BACKGROUND_MODEL
                 | xapian.MSet.SNIPPET_EXHAUSTIVE)


def index(db_path, jsonl_path):
    db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    with open(jsonl_path, encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            doc = xapian.Document()
            tg.set_document(doc)
            # Same layout as omindex: title both prefixed (for title: searches)
            # and unprefixed (so plain queries match it), then the body.
            tg.index_text(art["title"], 1, "S")
            tg.index_text(art["title"])
            tg.increase_termpos()
            tg.index_text(art["body"])
            doc.set_data(art["body"])
            doc.add_value(SLOT_ID, art["id"])
            doc.add_boolean_term("Q" + art["id"])
            db.add_document(doc)
    db.commit()
    db.close()


def search(db_path, queries_path, timings_path):
    db = xapian.Database(db_path)
    stem = xapian.Stem("english")
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_OR)  # best match, like Quarry
    enquire = xapian.Enquire(db)

    with open(queries_path, encoding="utf-8") as qf, \
            open(timings_path, "w", encoding="utf-8") as out:
        for line in qf:
            qid, text = line.rstrip("\n").split("\t", 1)
            t0 = time.perf_counter()
            enquire.set_query(qp.parse_query(text))
            mset = enquire.get_mset(0, 10)
            hits = []
            for m in mset:
                doc = m.document
                hits.append((doc.get_value(SLOT_ID).decode(),
                             mset.snippet(doc.get_data().decode(),
                                          SNIPPET_BYTES, stem, SNIPPET_FLAGS,
                                          "[", "]", "…")))
            ms = (time.perf_counter() - t0) * 1000.0
            out.write(f"{qid}\t{ms:.4f}\t{len(hits)}\n")


def main(argv):
    if len(argv) == 4 and argv[1] == "index":
        index(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "search":
        search(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
