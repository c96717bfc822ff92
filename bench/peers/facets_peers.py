#!/usr/bin/python3
"""Facet-counting peers for bench/facets_bench.py (issue 17): the same exact
counts Quarry's --facets gives (matches per section, year and month, and the
number of matches), the way a user of each system would get them.

  facets_peers.py index-fts5 DB FILE.jsonl
  facets_peers.py search-fts5 DB QUERIES.tsv TIMINGS.tsv
  facets_peers.py index-xapian DB FILE.jsonl
  facets_peers.py search-xapian DB QUERIES.tsv TIMINGS.tsv

`search-*` read `qid<TAB>query` lines and write `qid<TAB>ms<TAB>matches`
lines, the shape of quarry-search --timings.

fts5: SQLite FTS5 with section and date as UNINDEXED columns; per query one
`count(*)` and one `GROUP BY` per field over `WHERE d MATCH ?`.
xapian: stock Xapian (TermGenerator, Stem("english")) with section, year and
month in value slots; per query one `get_mset(0, 0, doccount)` with a
ValueCountMatchSpy per slot (Xapian's documented way to count facets exactly).
"""
import json
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fts5_py import match_expr  # noqa: E402  (the same quoting of words as the search peer)

FIELDS_SQL = {
    "section": "section",
    "year": "substr(date, 1, 4)",
    "month": "substr(date, 1, 7)",
}


def queries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, text = line.rstrip("\n").split("\t", 1)
            yield qid, text


def index_fts5(db_path, jsonl_path):
    con = sqlite3.connect(db_path)
    con.execute("CREATE VIRTUAL TABLE d USING fts5(title, body, section UNINDEXED, date UNINDEXED, "
                "tokenize='porter unicode61 remove_diacritics 2')")

    def rows():
        with open(jsonl_path, encoding="utf-8") as f:
            for line in f:
                art = json.loads(line)
                yield art["title"], art["body"], art.get("section") or "", art.get("date") or ""

    with con:
        con.executemany("INSERT INTO d(title, body, section, date) VALUES (?, ?, ?, ?)", rows())
    con.close()


def search_fts5(db_path, queries_path, timings_path):
    con = sqlite3.connect(db_path)
    with open(timings_path, "w", encoding="utf-8") as out:
        for qid, text in queries(queries_path):
            expr = match_expr(text)
            t0 = time.perf_counter()
            matches = con.execute("SELECT count(*) FROM d WHERE d MATCH ?", (expr,)).fetchone()[0]
            for column in FIELDS_SQL.values():
                con.execute(f"SELECT {column}, count(*) FROM d WHERE d MATCH ? GROUP BY 1", (expr,)).fetchall()
            ms = (time.perf_counter() - t0) * 1000.0
            out.write(f"{qid}\t{ms:.4f}\t{matches}\n")
    con.close()


SLOTS = {"section": 1, "year": 2, "month": 3}


def index_xapian(db_path, jsonl_path):
    import xapian
    db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    with open(jsonl_path, encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(art["title"])
            tg.increase_termpos()
            tg.index_text(art["body"])
            date = art.get("date") or ""
            if art.get("section"):
                doc.add_value(SLOTS["section"], art["section"])
            if date:
                doc.add_value(SLOTS["year"], date[:4])
                doc.add_value(SLOTS["month"], date[:7])
            db.add_document(doc)
    db.commit()
    db.close()


def search_xapian(db_path, queries_path, timings_path):
    import xapian
    db = xapian.Database(db_path)
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    with open(timings_path, "w", encoding="utf-8") as out:
        for qid, text in queries(queries_path):
            t0 = time.perf_counter()
            enquire = xapian.Enquire(db)
            enquire.set_query(qp.parse_query(text))
            spies = [xapian.ValueCountMatchSpy(slot) for slot in SLOTS.values()]
            for spy in spies:
                enquire.add_matchspy(spy)
            mset = enquire.get_mset(0, 0, db.get_doccount())
            matches = mset.get_matches_estimated()
            for spy in spies:
                list((item.term, item.termfreq) for item in spy.values())
            ms = (time.perf_counter() - t0) * 1000.0
            out.write(f"{qid}\t{ms:.4f}\t{matches}\n")


def main(argv):
    commands = {"index-fts5": index_fts5, "search-fts5": search_fts5,
                "index-xapian": index_xapian, "search-xapian": search_xapian}
    if len(argv) < 2 or argv[1] not in commands or len(argv) != (4 if argv[1].startswith("index") else 5):
        sys.exit(__doc__)
    commands[argv[1]](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
