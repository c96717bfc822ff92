"""Hand-computed checks for eval/metrics.py.

Run from the repo root:
    /usr/bin/python3 -m unittest discover -s eval -p 'test_*.py'
"""

import unittest

from metrics import (average_precision, bootstrap_ratio_interval, evaluate, ndcg_at_k,
                     precision_at_k, randomization_test, recall_at_k)

# log2 values used below: log2(2) = 1, log2(3) = 1.5849625, log2(4) = 2,
# log2(5) = 2.3219281.


class NdcgTest(unittest.TestCase):
    def test_graded_gains(self):
        qrels = {"a": 3, "b": 2, "c": 1, "d": 0}
        # DCG  = 2/log2(2) + 0/log2(3) + 3/log2(4) + 1/log2(5)
        #      = 2 + 0 + 1.5 + 0.4306766 = 3.9306766
        # IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4)      (ideal order a, b, c)
        #      = 3 + 1.2618595 + 0.5 = 4.7618595
        # nDCG = 3.9306766 / 4.7618595 = 0.8254499
        self.assertAlmostEqual(ndcg_at_k(["b", "x", "a", "c"], qrels), 0.8254499, places=6)

    def test_perfect_ranking_is_one(self):
        qrels = {"a": 3, "b": 2, "c": 1}
        self.assertAlmostEqual(ndcg_at_k(["a", "b", "c", "x"], qrels), 1.0)

    def test_ideal_includes_unretrieved_documents(self):
        # Only "b" (grade 1) retrieved, "a" (grade 4) missed.
        # DCG = 1/log2(2) = 1;  IDCG = 4/log2(2) + 1/log2(3) = 4 + 0.6309298
        # nDCG = 1 / 4.6309298 = 0.2159393
        self.assertAlmostEqual(ndcg_at_k(["b"], {"a": 4, "b": 1}), 0.2159393, places=6)

    def test_cut_at_k(self):
        # The only relevant document sits at rank 3, outside the top 2.
        self.assertEqual(ndcg_at_k(["x", "y", "a"], {"a": 2}, k=2), 0.0)
        # 12 judged documents of grade 1: the ideal has only 10 of them, so
        # retrieving 10 of them in the top 10 is perfect.
        qrels = {str(i): 1 for i in range(12)}
        self.assertAlmostEqual(ndcg_at_k([str(i) for i in range(10)], qrels), 1.0)


class AveragePrecisionTest(unittest.TestCase):
    def test_missing_relevant_documents(self):
        # 4 relevant documents (a, b, c, d; grade 2 counts as relevant too).
        # Hits at rank 1 (precision 1/1) and rank 3 (precision 2/3); c and d
        # are never retrieved.  AP = (1 + 2/3) / 4 = 0.4166667
        qrels = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 0}
        self.assertAlmostEqual(average_precision(["a", "x", "b", "e"], qrels), 0.4166667, places=6)

    def test_cut_at_k(self):
        # Hits at ranks 2 and 4, cut at 3: only rank 2 counts -> (1/2) / 2 = 0.25
        qrels = {"a": 1, "b": 1}
        self.assertAlmostEqual(average_precision(["x", "a", "y", "b"], qrels, k=3), 0.25)

    def test_grade_zero_is_not_relevant(self):
        self.assertEqual(average_precision(["a"], {"a": 0, "b": 1}), 0.0)


class PrecisionRecallTest(unittest.TestCase):
    def test_precision_with_fewer_than_ten_results(self):
        # 2 relevant among only 3 results, still divided by 10 -> 0.2
        self.assertAlmostEqual(precision_at_k(["a", "b", "x"], {"a": 1, "b": 3}), 0.2)

    def test_precision_counts_only_top_k(self):
        # 11 results; the relevant one at rank 11 is outside P@10 -> 0.0
        ranking = ["x%d" % i for i in range(10)] + ["a"]
        self.assertEqual(precision_at_k(ranking, {"a": 1}), 0.0)

    def test_recall(self):
        # 2 of 4 relevant retrieved -> 0.5; cut at 2 leaves only "a" -> 1/4
        qrels = {"a": 1, "b": 1, "c": 1, "d": 1}
        self.assertAlmostEqual(recall_at_k(["a", "x", "b"], qrels), 0.5)
        self.assertAlmostEqual(recall_at_k(["a", "x", "b"], qrels, k=2), 0.25)


class EmptyTest(unittest.TestCase):
    def test_empty_run_scores_zero(self):
        qrels = {"a": 2}
        for fn in (ndcg_at_k, average_precision, precision_at_k, recall_at_k):
            self.assertEqual(fn([], qrels), 0.0, fn.__name__)

    def test_no_relevant_documents_scores_zero(self):
        for fn in (ndcg_at_k, average_precision, precision_at_k, recall_at_k):
            self.assertEqual(fn(["a"], {"a": 0}), 0.0, fn.__name__)


class EvaluateTest(unittest.TestCase):
    def test_means_and_skipped(self):
        qrels = {"1": {"a": 1}, "2": {"b": 0}, "4": {"c": 1}}
        run = {"1": ["a"], "2": ["b"]}
        per_query, means, skipped = evaluate(run, qrels, ["1", "2", "3", "4"])
        # "2" has only a grade-0 judgment and "3" none: both skipped.
        self.assertEqual(skipped, ["2", "3"])
        # "1" is perfect (1.0); "4" has no hits (0.0): mean nDCG = 0.5.
        # P@10 of "1" = 1/10, of "4" = 0 -> mean 0.05.
        self.assertEqual(sorted(per_query), ["1", "4"])
        self.assertAlmostEqual(means["nDCG@10"], 0.5)
        self.assertAlmostEqual(means["MAP@100"], 0.5)
        self.assertAlmostEqual(means["P@10"], 0.05)
        self.assertAlmostEqual(means["R@100"], 0.5)


class SignificanceTest(unittest.TestCase):
    # Exact cases: n pairs give 2^n equally likely swaps under "no difference".
    EXACT_CASES = [
        # (a, b, p): every pair +1, only "swap none" and "swap all" reach |4|: 2/16
        ([1, 1, 1, 1], [0, 0, 0, 0], 2 / 16),
        # +1 and -1 cancel: every swap is as far from 0 as the observed 0
        ([1, 0], [0, 1], 1.0),
        # identical runs
        ([0.3, 0.5, 0.9], [0.3, 0.5, 0.9], 1.0),
        # diffs 3, 1: sums 4, 2, -2, -4; |sum| >= 4 in 2 of 4
        ([3, 1], [0, 0], 2 / 4),
    ]

    def test_exact_cases(self):
        for a, b, p in self.EXACT_CASES:
            with self.subTest(a=a, b=b):
                self.assertAlmostEqual(randomization_test(a, b), p)

    def test_sampled_for_many_queries(self):
        # 40 queries all better by 0.1: exact p is 2 / 2^40, the estimate
        # is bounded below by 1 / (trials + 1)
        self.assertLess(randomization_test([0.6] * 40, [0.5] * 40, trials=2000), 0.001)
        # 20 better, 20 worse by the same amount: no evidence either way
        a = [0.6] * 20 + [0.4] * 20
        self.assertGreater(randomization_test(a, [0.5] * 40, trials=2000), 0.9)

    def test_bootstrap_ratio(self):
        # a is exactly twice b on every query: every resample's ratio is 2
        low, high = bootstrap_ratio_interval([0.2, 0.4, 0.6], [0.1, 0.2, 0.3], trials=500)
        self.assertAlmostEqual(low, 2.0)
        self.assertAlmostEqual(high, 2.0)
        # noisy pairs: the interval contains the observed ratio and has width
        a, b = [0.9, 0.1, 0.5, 0.7, 0.2], [0.5, 0.4, 0.5, 0.6, 0.1]
        low, high = bootstrap_ratio_interval(a, b, trials=2000)
        self.assertLess(low, sum(a) / sum(b))
        self.assertGreater(high, sum(a) / sum(b))

    def test_unpaired_scores_are_an_error(self):
        with self.assertRaises(ValueError):
            randomization_test([1, 2], [1])


if __name__ == "__main__":
    unittest.main()
