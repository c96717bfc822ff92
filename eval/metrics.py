"""Ranking metrics for the Quarry evaluation harness.

Every function takes `ranking`, a list of document ids best first (assumed
free of duplicates), and `qrels`, a dict doc id -> grade for one query.
A document is relevant when its grade is >= 1; unjudged documents count as
grade 0, as in trec_eval.
"""

import math
import random


def _relevant(qrels):
    return {doc for doc, grade in qrels.items() if grade >= 1}


def ndcg_at_k(ranking, qrels, k=10):
    """nDCG@k with linear gain (gain = grade) and a log2(rank + 1) discount.

    The ideal ranking is built from all judged grades of the query, not only
    from the retrieved ones, so missing a highly graded document costs score.
    """
    dcg = sum(qrels.get(doc, 0) / math.log2(rank + 1)
              for rank, doc in enumerate(ranking[:k], start=1))
    ideal = sorted((g for g in qrels.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


def average_precision(ranking, qrels, k=100):
    """AP cut at k: divided by all relevant documents of the query, so
    relevant documents never retrieved (or ranked below k) contribute 0."""
    relevant = _relevant(qrels)
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, doc in enumerate(ranking[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def precision_at_k(ranking, qrels, k=10):
    """Always divides by k: returning fewer than k results is not rewarded."""
    relevant = _relevant(qrels)
    return sum(1 for doc in ranking[:k] if doc in relevant) / k


def recall_at_k(ranking, qrels, k=100):
    relevant = _relevant(qrels)
    if not relevant:
        return 0.0
    return sum(1 for doc in ranking[:k] if doc in relevant) / len(relevant)


METRICS = {
    "nDCG@10": lambda r, q: ndcg_at_k(r, q, 10),
    "MAP@100": lambda r, q: average_precision(r, q, 100),
    "P@10": lambda r, q: precision_at_k(r, q, 10),
    "R@100": lambda r, q: recall_at_k(r, q, 100),
}


def evaluate(run, qrels, qids):
    """Score a run (qid -> ranking) on the queries `qids`, given qrels
    (qid -> {doc: grade}).

    Returns (per_query, means, skipped).  Queries without any relevant
    document are skipped, since every metric is 0 or undefined for them; a
    query absent from the run (no hits) scores 0 on everything.
    """
    per_query = {}
    skipped = []
    for qid in qids:
        judged = qrels.get(qid, {})
        if not _relevant(judged):
            skipped.append(qid)
            continue
        ranking = run.get(qid, [])
        per_query[qid] = {name: fn(ranking, judged) for name, fn in METRICS.items()}
    means = {name: (sum(s[name] for s in per_query.values()) / len(per_query)
                    if per_query else 0.0)
             for name in METRICS}
    return per_query, means, skipped


# --- significance -----------------------------------------------------------
# A mean over a few dozen queries moves by a whole query's worth when one
# relevant document swaps places, so a comparison is reported with how sure
# it is: a paired randomization test (Smucker, Allan & Carterette 2007) and a
# bootstrap interval of the ratio the targets are stated in.

def randomization_test(a, b, trials=20000, seed=1):
    """Two-sided p-value of the paired randomization test on per-query scores
    a and b (same queries, same order): the share of the 2^n ways of swapping
    each query's pair whose mean difference is at least as far from 0 as the
    observed one. Exact for up to 16 queries, else estimated from `trials`
    random swaps (fixed seed, so a report is reproducible)."""
    if len(a) != len(b):
        raise ValueError("paired scores need the same queries")
    diffs = [x - y for x, y in zip(a, b)]
    n = len(diffs)
    if n == 0:
        return 1.0
    observed = abs(sum(diffs)) - 1e-12  # ties count as "at least as far"
    if n <= 16:
        extreme = 0
        for mask in range(1 << n):
            total = sum(-d if mask >> i & 1 else d for i, d in enumerate(diffs))
            extreme += abs(total) >= observed
        return extreme / (1 << n)
    rng = random.Random(seed)
    extreme = 0
    for _ in range(trials):
        total = sum(d if rng.random() < 0.5 else -d for d in diffs)
        extreme += abs(total) >= observed
    return (extreme + 1) / (trials + 1)


def bootstrap_ratio_interval(a, b, level=0.95, trials=10000, seed=1):
    """Percentile bootstrap interval of mean(a) / mean(b), resampling queries
    with replacement (the pairs stay together)."""
    if len(a) != len(b) or not a:
        raise ValueError("paired scores need the same, non-empty queries")
    rng = random.Random(seed)
    n = len(a)
    ratios = []
    for _ in range(trials):
        picks = [rng.randrange(n) for _ in range(n)]
        sa = sum(a[i] for i in picks)
        sb = sum(b[i] for i in picks)
        ratios.append(sa / sb if sb else float("inf"))
    ratios.sort()
    tail = (1 - level) / 2
    return ratios[int(tail * trials)], ratios[min(trials - 1, int((1 - tail) * trials))]
