"""Checks eval/make_multi_part.py on a three-query collection.

Run from the repo root:
    /usr/bin/python3 -m unittest discover -s eval -p 'test_*.py'
"""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "make_multi_part.py"


class MakeMultiPartTest(unittest.TestCase):
    def build(self, *extra):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        coll = tmp / "coll"
        coll.mkdir()
        (coll / "docs.jsonl").write_text(json.dumps({"id": "1", "title": "wing", "body": "flutter"}) + "\n")
        (coll / "queries.tsv").write_text("1\twhat causes wing flutter .\n2\theat transfer to cones ?\n"
                                          "3\twing flutter at high speed\n4\tunjudged\n")
        (coll / "qrels.txt").write_text("1 0 10 3\n1 0 11 1\n2 0 20 2\n3 0 11 2\n3 0 30 1\n")
        out = tmp / "out"
        subprocess.run([sys.executable, str(SCRIPT), *extra, str(coll), str(out)], check=True, capture_output=True)
        queries = dict(line.split("\t") for line in (out / "queries.tsv").read_text().splitlines())
        qrels = {}
        for line in (out / "qrels.txt").read_text().splitlines():
            qid, _, doc, grade = line.split()
            qrels.setdefault(qid, {})[doc] = int(grade)
        return queries, qrels, (out / "docs.jsonl").read_text()

    def test_nearest_partner_shares_the_most_words_and_its_judgments_join(self):
        queries, qrels, docs = self.build("--frames", "--partner", "nearest")
        self.assertEqual(set(queries), {"1", "2", "3"})  # an unjudged query asks nothing
        self.assertEqual(queries["1"], "I am interested in what causes wing flutter. "
                                       "I would also be pleased to receive information on wing flutter at high speed.")
        # Its own grade where both parts judge a document (11), the partner's elsewhere.
        self.assertEqual(qrels["1"], {"10": 3, "11": 1, "30": 1})
        self.assertEqual(docs, json.dumps({"id": "1", "title": "wing", "body": "flutter"}) + "\n")

    def test_questions_of_as_many_parts_as_asked(self):
        queries, qrels, _ = self.build("--parts", "3")
        self.assertEqual(queries["2"].count("?"), 3)
        self.assertTrue(queries["2"].startswith("Heat transfer to cones? "))
        self.assertEqual(set(qrels["2"]), {"10", "11", "20", "30"})


if __name__ == "__main__":
    unittest.main()
