"""What the second-judge scripts of the German sets share: reading qrels, Cohen's kappa, the
bootstrap interval and the confusion matrix. Set B's judge 2 graded a weighted sample, set C's
the whole pool, so a pair here is (profile, offer, stratum, grade 1, grade 2, weight), with
weight 1.0 where nothing was sampled.

    sys.path.insert(0, os.path.dirname(HERE)); import agreement"""
import collections, random


def read_qrels(path):
    """{(profile, offer): grade} of a TREC qrels file."""
    grades = {}
    for line in open(path):
        q, _, d, g = line.split(); grades[(q, d)] = int(g)
    return grades


def kappa(items, weighted, binary):
    """Cohen's kappa from a weighted confusion matrix of (grade 1, grade 2, weight) items; linear
    disagreement weights if `weighted`, relevant (grade >= 1) / not if `binary`."""
    k = 2 if binary else 4
    m = [[0.0] * k for _ in range(k)]
    for a, b, w in items:
        if binary: a, b = int(a > 0), int(b > 0)
        m[a][b] += w
    n = sum(map(sum, m))
    ra = [sum(m[i]) / n for i in range(k)]
    cb = [sum(m[i][j] for i in range(k)) / n for j in range(k)]
    dis = (lambda i, j: abs(i - j) / (k - 1)) if weighted else (lambda i, j: float(i != j))
    po = sum(dis(i, j) * m[i][j] / n for i in range(k) for j in range(k))
    pe = sum(dis(i, j) * ra[i] * cb[j] for i in range(k) for j in range(k))
    return 1 - po / pe


def figures(pairs, reweight=False):
    """(kappa relevant/not, linearly weighted kappa on grades 0-3) of the pairs."""
    items = [(p[3], p[4], p[5] if reweight else 1.0) for p in pairs]
    return kappa(items, False, True), kappa(items, True, False)


def bootstrap(pairs, group, reweight=False, n=2000):
    """95 % intervals of ``figures``: pairs resampled within each `group(pair)` (seed 1)."""
    rng = random.Random(1)
    groups = collections.defaultdict(list)
    for p in pairs: groups[group(p)].append(p)
    out = []
    for _ in range(n):
        ps = [rng.choice(v) for v in groups.values() for _ in v]
        try: out.append(figures(ps, reweight))
        except ZeroDivisionError: pass
    qs = lambda xs: (sorted(xs)[int(0.025 * len(xs))], sorted(xs)[int(0.975 * len(xs)) - 1])
    return qs([x[0] for x in out]), qs([x[1] for x in out])


def print_confusion(pairs):
    """The 4x4 grade matrix, rows judge 1, columns judge 2, with sums."""
    print("      " + "".join(f"{'J2=' + str(j):>7}" for j in range(4)) + "    sum")
    for i in range(4):
        row = [sum(1 for p in pairs if p[3] == i and p[4] == j) for j in range(4)]
        print(f"J1={i}  " + "".join(f"{c:>7}" for c in row) + f"{sum(row):>7}")
    print("sum   " + "".join(f"{sum(1 for p in pairs if p[4] == j):>7}" for j in range(4)))
