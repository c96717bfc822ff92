#!/usr/bin/python3
"""SQLite FTS5 peer for the Quarry benchmark, through Python's sqlite3.

  fts5_py.py index DB FILE.jsonl
  fts5_py.py search DB QUERIES.tsv TIMINGS.tsv

`search` reads `qid<TAB>query` lines and writes `qid<TAB>ms<TAB>hits` lines,
the same shape as quarry-search --timings, so run_bench.py parses both alike.
"""
import json
import sqlite3
import sys
import time

# Column 2 is the body: snippets come from the body, as for the other systems.
SEARCH_SQL = ("SELECT id, snippet(d, 2, '[', ']', '…', 20) FROM d "
              "WHERE d MATCH ? ORDER BY bm25(d) LIMIT 10")


def index(db_path, jsonl_path):
    con = sqlite3.connect(db_path)
    con.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, title, body, "
                "tokenize='porter unicode61 remove_diacritics 2')")

    def rows():
        with open(jsonl_path, encoding="utf-8") as f:
            for line in f:
                art = json.loads(line)
                yield art["id"], art["title"], art["body"]

    with con:  # one transaction for the whole load
        con.executemany("INSERT INTO d(id, title, body) VALUES (?, ?, ?)", rows())
    con.close()


def match_expr(text):
    # Quote every word so FTS5 never reads one as an operator (AND, NOT, NEAR)
    # or a column filter; OR gives best-match semantics like Quarry's.
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in text.split())


def search(db_path, queries_path, timings_path):
    con = sqlite3.connect(db_path)
    with open(queries_path, encoding="utf-8") as qf, \
            open(timings_path, "w", encoding="utf-8") as out:
        for line in qf:
            qid, text = line.rstrip("\n").split("\t", 1)
            expr = match_expr(text)
            t0 = time.perf_counter()
            hits = con.execute(SEARCH_SQL, (expr,)).fetchall()
            ms = (time.perf_counter() - t0) * 1000.0
            out.write(f"{qid}\t{ms:.4f}\t{len(hits)}\n")
    con.close()


def main(argv):
    if len(argv) == 4 and argv[1] == "index":
        index(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "search":
        search(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
