"""Agreement between judge 1 (judgments.qrels) and judge 2 (judge2.qrels) over set C's whole pool.

    python3 second_judge_agreement.py RUN_FULL OUT_DIR

Set B's second_judge_agreement.py for a judge 2 who graded every pooled pair (no sample, so no
re-weighting). RUN_FULL is the recommender's TREC run (`supportmatch evaluate --source fdb --today
2026-03-15 --run-out F`), used only to name set B's strata: R (judge 1 graded 1-3), T (judge 1
graded 0, in the recommender's top 10), Z (the other zeros). Prints the 4x4 grade confusion matrix,
Cohen's kappa on relevant (grade >= 1) / not, linearly weighted kappa on grades 0-3, exact
agreement, bootstrap intervals (2,000 draws, seed 1, pairs resampled within each consultation),
agreement per stratum and per consultation, near-miss overlap, and every disagreement with judge
2's note. Writes OUT_DIR/both.qrels (a pair relevant only if both call it relevant, the lower
grade) and OUT_DIR/either.qrels (the higher grade), bounds for `supportmatch evaluate`."""
import collections, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from agreement import bootstrap, figures, kappa, print_confusion, read_qrels  # noqa: E402

run_path, out = sys.argv[1], sys.argv[2]


j1, j2 = read_qrels(os.path.join(HERE, "judgments.qrels")), read_qrels(os.path.join(HERE, "judge2.qrels"))
pool = [tuple(l.split("\t")) for l in open(os.path.join(HERE, "pool.tsv")).read().splitlines()[1:]]
assert all(j1.get((q, d), 0) == int(g) for q, d, g in pool), "pool.tsv and judgments.qrels disagree"
assert set(j1) <= {(q, d) for q, d, _ in pool} and set(j2) <= {(q, d) for q, d, _ in pool}
notes = {(r[0], r[1]): r[4] for r in (l.split("\t") for l in open(os.path.join(HERE, "judge2-notes.tsv")).read().splitlines()[1:])}
ranked = collections.defaultdict(list)
for line in open(run_path):
    q, _, d, r, *_ = line.split()
    if d.startswith("fdb:"): ranked[q].append((int(r), d))
top10 = {q: {d for _, d in sorted(v)[:10]} for q, v in ranked.items()}


def stratum(q, d):
    return "R" if j1.get((q, d), 0) > 0 else ("T" if d in top10.get(q, set()) else "Z")


pairs = [(q, d, stratum(q, d), j1.get((q, d), 0), j2.get((q, d), 0), 1.0) for q, d, _ in pool]


print(f"{len(pairs)} pooled pairs; judge 1 relevant {sum(p[3] > 0 for p in pairs)}, judge 2 relevant {sum(p[4] > 0 for p in pairs)}")
print("\nconfusion (rows judge 1, columns judge 2):")
print_confusion(pairs)
kb, kw = figures(pairs)
(lb, ub), (lw, uw) = bootstrap(pairs, lambda p: p[0])
agree = sum((p[3] > 0) == (p[4] > 0) for p in pairs) / len(pairs)
exact = sum(p[3] == p[4] for p in pairs) / len(pairs)
print(f"\nwhole pool: binary agreement {agree:.3f}, kappa(rel/not) {kb:.3f} [95% {lb:.2f}, {ub:.2f}]; "
      f"exact grade agreement {exact:.3f}, linear weighted kappa {kw:.3f} [95% {lw:.2f}, {uw:.2f}]")
rel = [p for p in pairs if p[3] > 0 or p[4] > 0]
print(f"pairs either judge calls relevant: {len(rel)}; both {sum(p[3] > 0 and p[4] > 0 for p in pairs)}; "
      f"positive agreement (Dice) {2 * sum(p[3] > 0 and p[4] > 0 for p in pairs) / (sum(p[3] > 0 for p in pairs) + sum(p[4] > 0 for p in pairs)):.3f}")
print("\nper stratum (set B's): n, judge 2 relevant, binary disagreements, grade disagreements")
for s in "RTZ":
    ps = [p for p in pairs if p[2] == s]
    print(f"  {s}: {len(ps):>4} {sum(p[4] > 0 for p in ps):>4} {sum((p[3] > 0) != (p[4] > 0) for p in ps):>4} {sum(p[3] != p[4] for p in ps):>4}")
print("\nper consultation: n, J1 rel, J2 rel, J1 rel & J2 0, J1 0 & J2 rel, grade differs, kappa(rel/not), J1 3s, J2 3s")
for q in sorted({p[0] for p in pairs}):
    ps = [p for p in pairs if p[0] == q]
    try: k = f"{kappa([(p[3], p[4], 1.0) for p in ps], False, True):.2f}"
    except ZeroDivisionError: k = "n/a"
    print(f"  {q}: {len(ps):>4} {sum(p[3] > 0 for p in ps):>4} {sum(p[4] > 0 for p in ps):>4} "
          f"{sum(p[3] > 0 and p[4] == 0 for p in ps):>4} {sum(p[3] == 0 and p[4] > 0 for p in ps):>4} "
          f"{sum(p[3] != p[4] for p in ps):>4}   {k:>5} {sum(p[3] == 3 for p in ps):>3} {sum(p[4] == 3 for p in ps):>3}")
both = [(p[3], p[4]) for p in pairs if p[3] > 0 and p[4] > 0]
print("\nmean grade of pairs both call relevant: J1 %.2f, J2 %.2f (n %d; J2 lower %d, higher %d)" % (
    sum(a for a, _ in both) / len(both), sum(b for _, b in both) / len(both), len(both),
    sum(b < a for a, b in both), sum(b > a for a, b in both)))


def nm(name):
    return {tuple(l.split("\t")[:2]) for l in open(os.path.join(HERE, name)).read().splitlines()[1:] if l.strip()}


n1, n2 = nm("near-misses.tsv"), nm("judge2-near-misses.tsv")
print(f"\nnear misses: judge 1 {len(n1)}, judge 2 {len(n2)}, shared {len(n1 & n2)}")
for q in sorted({p[0] for p in pairs}):
    a, b = {d for x, d in n1 if x == q}, {d for x, d in n2 if x == q}
    print(f"  {q}: J1 {len(a)} J2 {len(b)} shared {len(a & b)}")
print("\ndisagreements (J1 -> J2, stratum, offer | judge 2's note):")
for q, d, s, a, b, _w in sorted(pairs, key=lambda p: (p[0], -abs(p[3] - p[4]), p[1])):
    if a != b: print(f"  {q} {a}->{b} {s} {d[4:].replace('Foerderprogramm/', '')}  | {notes.get((q, d), '')}")

os.makedirs(out, exist_ok=True)
for name, f in (("both", min), ("either", max)):
    with open(os.path.join(out, name + ".qrels"), "w") as h:
        for q, d, s, a, b, _w in pairs:
            if f(a, b) > 0: h.write(f"{q} 0 {d} {f(a, b)}\n")
