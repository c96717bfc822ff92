"""Checks eval/make_known_item.py on a handful of made-up articles.

Run from the repo root:
    /usr/bin/python3 -m unittest discover -s eval -p 'test_*.py'
"""

import gzip
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "make_known_item.py"

LONG = ["The dispute began last year.",
        "Provinces have argued for months over how the canal's water should be shared in the dry season.",
        "Sindh says the new canals would take water its farmers already depend on downstream.",
        "Punjab says the water would otherwise flow unused to the sea during the monsoon months."]
ARTICLES = [
    {"id": "a1", "title": "Flood waters rise in Sindh", "body": "Rivers burst their banks."},
    {"id": "a2", "title": "Cabinet approves new budget", "body": "The cabinet met on Monday."},
    {"id": "a3", "title": "Editorial", "body": "One word titles are not asked."},
    {"id": "a4", "title": "Letters to the editor", "body": "First recurring page."},
    {"id": "a5", "title": "Letters  to the Editor", "body": "Second recurring page."},
    {"id": "a6", "title": "Cricket board names new coach", "body": ""},  # no text: not a document
    {"id": "a7", "title": "Dam levels fall", "body": "Officials met on Monday. The two reservoirs may reach "
     "their dead levels within the next ten days, officials said. Rain is expected."},
]


class MakeKnownItemTest(unittest.TestCase):
    def build(self, *extra, articles=ARTICLES):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        news = tmp / "news.jsonl.gz"
        with gzip.open(news, "wt", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps(a) + "\n")
            f.write("not json\n")
        out = tmp / "out"
        run = subprocess.run([sys.executable, str(SCRIPT), *extra, str(news), str(out)],
                             capture_output=True, text=True, check=True)
        docs = [json.loads(line) for line in (out / "docs.jsonl").read_text().splitlines()]
        queries = dict(line.split("\t") for line in (out / "queries.tsv").read_text().splitlines())
        qrels = [line.split() for line in (out / "qrels.txt").read_text().splitlines()]
        return docs, queries, qrels, run.stderr

    def test_titles_become_queries_for_their_own_article(self):
        docs, queries, qrels, stderr = self.build()
        self.assertEqual(sorted(d["id"] for d in docs), ["a1", "a2", "a3", "a4", "a5", "a7"])
        self.assertTrue(all(d["title"] == "" for d in docs))  # the answer is not in a title field
        by_id = {a["id"]: a["title"] for a in ARTICLES}
        # Only the two titles that have 3+ words and occur once are asked.
        self.assertEqual(sorted(queries.values()),
                         ["Cabinet approves new budget", "Dam levels fall", "Flood waters rise in Sindh"])
        for qid, zero, doc, grade in qrels:
            self.assertEqual((zero, grade), ("0", "1"))
            self.assertEqual(queries[qid], by_id[doc])
        self.assertIn("news.jsonl.gz:8: skipped, not JSON", stderr)  # the bad line is named, the rest goes on

    def test_passage_queries_are_three_consecutive_sentences(self):
        docs, queries, qrels, _ = self.build("--keep-titles", "--ask", "passage", articles=ARTICLES + [
            {"id": "a8", "title": "Canal water shares", "body": " ".join(LONG)}])
        self.assertEqual([q[2] for q in qrels], ["a8"])  # the only article with 4+ long sentences
        self.assertEqual(list(queries.values()), [" ".join(LONG[1:4])])

    def test_sentence_queries_keep_titles(self):
        docs, queries, qrels, _ = self.build("--keep-titles", "--ask", "sentence")
        self.assertEqual({d["id"]: d["title"] for d in docs}["a7"], "Dam levels fall")
        # Only a7 has a sentence of 8-25 words that is not its first.
        self.assertEqual(list(queries.values()),
                         ["The two reservoirs may reach their dead levels within the next ten days, officials said."])
        self.assertEqual([q[2] for q in qrels], ["a7"])

    def test_sizes_are_capped(self):
        docs, queries, qrels, _ = self.build("--docs", "2", "--queries", "1")
        self.assertEqual(len(docs), 2)
        self.assertLessEqual(len(queries), 1)
        self.assertEqual(len(queries), len(qrels))


if __name__ == "__main__":
    unittest.main()
