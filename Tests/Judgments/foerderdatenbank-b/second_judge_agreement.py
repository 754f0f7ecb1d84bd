"""Agreement between judge 1 (judgments.qrels) and judge 2 (judge2.qrels) on the sampled pairs.

    python3 second_judge_agreement.py KEY.tsv MERGED_QRELS_OUT

KEY.tsv is second_judge_sample.py's key (profile, offer, stratum, judge-1 grade, weight). Prints
the 4x4 grade confusion matrix, Cohen's kappa on relevant (grade >= 1) / not, linearly weighted
kappa on grades 0-3, each on the sample as drawn and re-weighted to the pool (weight = stratum
size / sampled, per consultation and stratum), a stratified bootstrap interval (2,000 draws, seed
1), agreement per stratum and per consultation, and every disagreement with judge 2's note.
Writes MERGED_QRELS_OUT: judge 1's qrels with judge 2's grade on every sampled pair."""
import collections, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
key_path, merged_out = sys.argv[1], sys.argv[2]
key = [l.split("\t") for l in open(key_path).read().splitlines()[1:]]
key = [(q, d, s, int(g1), float(w)) for q, d, s, g1, w in key]
j1 = {}
for line in open(os.path.join(HERE, "judgments.qrels")):
    q, _, d, g = line.split(); j1[(q, d)] = int(g)
j2 = {}
for line in open(os.path.join(HERE, "judge2.qrels")):
    q, _, d, g = line.split(); j2[(q, d)] = int(g)
notes = {(r[0], r[1]): r[4] for r in (l.split("\t") for l in open(os.path.join(HERE, "judge2-notes.tsv")).read().splitlines()[1:])}
pairs = [(q, d, s, j1.get((q, d), 0), j2.get((q, d), 0), w) for q, d, s, g1, w in key]
assert all(j1.get((q, d), 0) == g1 for q, d, s, g1, w in key), "key and judgments.qrels disagree"


def kappa(items, weighted, binary):
    """Cohen's kappa from a (weighted) confusion matrix; linear disagreement weights if `weighted`."""
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


def figures(ps, reweight):
    items = [(a, b, w if reweight else 1.0) for _, _, _, a, b, w in ps]
    return kappa(items, False, True), kappa(items, True, False)


def boot(reweight, n=2000):
    rng = random.Random(1)
    strata = collections.defaultdict(list)
    for p in pairs: strata[(p[0], p[2])].append(p)
    out = []
    for _ in range(n):
        ps = [rng.choice(v) for v in strata.values() for _ in v]
        try: out.append(figures(ps, reweight))
        except ZeroDivisionError: pass
    qs = lambda xs: (sorted(xs)[int(0.025 * len(xs))], sorted(xs)[int(0.975 * len(xs)) - 1])
    return qs([x[0] for x in out]), qs([x[1] for x in out])


print(f"{len(pairs)} sampled pairs")
print("\nconfusion (rows judge 1, columns judge 2), sample as drawn:")
print("      " + "".join(f"{'J2=' + str(j):>7}" for j in range(4)) + "    sum")
for i in range(4):
    row = [sum(1 for p in pairs if p[3] == i and p[4] == j) for j in range(4)]
    print(f"J1={i}  " + "".join(f"{c:>7}" for c in row) + f"{sum(row):>7}")
print("sum   " + "".join(f"{sum(1 for p in pairs if p[4] == j):>7}" for j in range(4)))
for name, rw in (("sample as drawn", False), ("re-weighted to the pool", True)):
    kb, kw = figures(pairs, rw)
    (lb, ub), (lw, uw) = boot(rw)
    tot = sum(p[5] if rw else 1 for p in pairs)
    agree = sum((p[5] if rw else 1) for p in pairs if (p[3] > 0) == (p[4] > 0)) / tot
    exact = sum((p[5] if rw else 1) for p in pairs if p[3] == p[4]) / tot
    print(f"\n{name}: binary agreement {agree:.3f}, kappa(rel/not) {kb:.3f} [95% {lb:.2f}, {ub:.2f}]; "
          f"exact grade agreement {exact:.3f}, linear weighted kappa {kw:.3f} [95% {lw:.2f}, {uw:.2f}]")
print("\nper stratum: n, judge 2 relevant, binary disagreements, grade disagreements")
for s in "RTZ":
    ps = [p for p in pairs if p[2] == s]
    print(f"  {s}: {len(ps):>3}  {sum(p[4] > 0 for p in ps):>3}  {sum((p[3] > 0) != (p[4] > 0) for p in ps):>3}  {sum(p[3] != p[4] for p in ps):>3}")
print("\nper consultation: n, J1 rel, J2 rel, J1 rel & J2 0, J1 0 & J2 rel, grade differs, kappa(rel/not)")
for q in sorted({p[0] for p in pairs}):
    ps = [p for p in pairs if p[0] == q]
    try: kb = f"{kappa([(a, b, 1.0) for *_, a, b, _w in ps], False, True):.2f}"
    except ZeroDivisionError: kb = "n/a"
    print(f"  {q}: {len(ps):>3} {sum(p[3] > 0 for p in ps):>4} {sum(p[4] > 0 for p in ps):>4} "
          f"{sum(p[3] > 0 and p[4] == 0 for p in ps):>4} {sum(p[3] == 0 and p[4] > 0 for p in ps):>4} "
          f"{sum(p[3] != p[4] for p in ps):>4}   {kb}")
print("\nmean grade of pairs both call relevant: J1 %.2f, J2 %.2f" % tuple(
    sum(p[i] for p in pairs if p[3] > 0 and p[4] > 0) / max(1, sum(1 for p in pairs if p[3] > 0 and p[4] > 0)) for i in (3, 4)))
print("\ndisagreements (J1 -> J2, stratum, judge 2's note):")
for q, d, s, a, b, w in sorted(pairs, key=lambda p: (p[0], -abs(p[3] - p[4]), p[1])):
    if a != b: print(f"  {q} {a}->{b} {s} {d[4:]}  | {notes.get((q, d), '')}")

merged = dict(j1)
for q, d, s, a, b, w in pairs: merged[(q, d)] = b
with open(merged_out, "w") as h:
    for (q, d), g in sorted(merged.items()):
        if g > 0: h.write(f"{q} 0 {d} {g}\n")
