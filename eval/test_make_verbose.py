"""Checks eval/make_verbose.py on a two-document collection.

Run from the repo root:
    /usr/bin/python3 -m unittest discover -s eval -p 'test_*.py'
"""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_verbose import FRAMES  # noqa: E402

SCRIPT = Path(__file__).resolve().parent / "make_verbose.py"


class MakeVerboseTest(unittest.TestCase):
    def build(self, *extra):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        coll = tmp / "coll"
        coll.mkdir()
        docs = [{"id": "1", "title": "wing flutter .", "body": "wing flutter .\n  tests of a wing in flutter ."},
                {"id": "2", "title": "heat transfer", "body": "a study of cones ."}]
        (coll / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
        (coll / "queries.tsv").write_text("1\twhat causes wing flutter .\n2\theat transfer to cones ?\n")
        (coll / "qrels.txt").write_text("1 0 1 3\n2 0 2 1\n")
        out = tmp / "out"
        subprocess.run([sys.executable, str(SCRIPT), *extra, str(coll), str(out)], check=True, capture_output=True)
        docs = {d["id"]: d for d in map(json.loads, (out / "docs.jsonl").read_text().splitlines())}
        queries = dict(line.split("\t") for line in (out / "queries.tsv").read_text().splitlines())
        return docs, queries, (out / "qrels.txt").read_text()

    def test_titles_leave_the_body_and_queries_get_a_frame(self):
        docs, queries, qrels = self.build()
        self.assertEqual(docs["1"], {"id": "1", "title": "wing flutter .", "body": "tests of a wing in flutter ."})
        self.assertEqual(docs["2"]["body"], "a study of cones .")  # no leading title: unchanged
        for qid, question in (("1", "what causes wing flutter"), ("2", "heat transfer to cones")):
            self.assertIn(queries[qid], [frame.format(q=question) for frame in FRAMES])
        self.assertEqual(qrels, "1 0 1 3\n2 0 2 1\n")

    def test_either_change_alone(self):
        docs, queries, _ = self.build("--no-frames")
        self.assertEqual(queries["1"], "what causes wing flutter .")
        self.assertEqual(docs["1"]["body"], "tests of a wing in flutter .")
        docs, _, _ = self.build("--keep-title-in-body")
        self.assertEqual(docs["1"]["body"], "wing flutter .\n  tests of a wing in flutter .")

    def test_title_only_leaves_that_share_of_documents_a_title_alone(self):
        docs, _, _ = self.build("--title-only", "1")
        self.assertEqual(docs["1"], {"id": "1", "title": "wing flutter .", "body": ""})
        self.assertEqual(docs["2"], {"id": "2", "title": "heat transfer", "body": ""})
        docs, _, _ = self.build("--title-only", "0")
        self.assertEqual(docs["2"]["body"], "a study of cones .")


if __name__ == "__main__":
    unittest.main()
