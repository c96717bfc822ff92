"""Checks the parts of eval/quarry_eval.py that compute figures without running any system.

Run from the repo root:
    /usr/bin/python3 -m unittest discover -s eval -p 'test_*.py'
"""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quarry_eval import better_of_both, quarry_hits  # noqa: E402


def scores(ndcg, ap):
    return {"nDCG@10": ndcg, "MAP@100": ap, "P@10": 0.0, "R@100": 0.0}


class BetterOfBothTest(unittest.TestCase):
    def test_each_query_takes_the_run_with_the_higher_ndcg_and_its_other_figures(self):
        shipped = {"per_query": {"1": scores(0.8, 0.5), "2": scores(0.2, 0.9), "3": scores(0.4, 0.4)}}
        off = {"per_query": {"1": scores(0.6, 0.7), "2": scores(0.6, 0.1), "3": scores(0.4, 1.0)}}
        best = better_of_both(shipped, off)
        # 1: shipped (0.8 > 0.6), 2: off (0.6 > 0.2), 3: a tie keeps the shipped run (MAP 0.4, not 1.0).
        self.assertEqual(best["per_query"], {"1": scores(0.8, 0.5), "2": scores(0.6, 0.1), "3": scores(0.4, 0.4)})
        self.assertAlmostEqual(best["means"]["nDCG@10"], (0.8 + 0.6 + 0.4) / 3)
        self.assertAlmostEqual(best["means"]["MAP@100"], (0.5 + 0.1 + 0.4) / 3)


class QuarryHitsTest(unittest.TestCase):
    def test_hits_in_rank_order_and_other_lines_left_out(self):
        out = "\n".join([
            '{"qid":"7","rank":2,"doc":"b","score":1.0}',
            '{"qid":"7","rank":1,"doc":"a","score":2.0}',
            '{"qid":"8","suggestion":"heat transfer"}',  # did you mean: no hit
            '{"qid":"8","rank":1,"doc":"c","score":1.0}',
            ""])
        self.assertEqual(quarry_hits(out), {"7": ["a", "b"], "8": ["c"]})


if __name__ == "__main__":
    unittest.main()
