"""The metrics `supportmatch evaluate` reports, for ranked lists the simulation scripts build.

One definition for `simulate_rules.py` and `loo_features.py`, so a simulated figure and a
fitted one are the same measure (nDCG@10 with graded gains, P@5, reciprocal rank, and the
judges' near misses that reach a top 10).
"""
import math


def list_metrics(grades, near_misses, ranked):
    """(nDCG@10, P@5, reciprocal rank, near misses in the top 10) of `ranked` offer ids.

    `grades` maps an offer id to its judged grade (0 or absent: not relevant); `near_misses`
    is the set of offer ids the judges listed as near misses for this consultation.
    """
    dcg = sum(grades.get(o, 0) / math.log2(i + 2) for i, o in enumerate(ranked[:10]))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(grades.values(), reverse=True)[:10]))
    p5 = sum(1 for o in ranked[:5] if grades.get(o, 0) > 0) / 5
    rr = next((1 / (i + 1) for i, o in enumerate(ranked) if grades.get(o, 0) > 0), 0)
    return dcg / ideal, p5, rr, sum(1 for o in ranked[:10] if o in near_misses)
