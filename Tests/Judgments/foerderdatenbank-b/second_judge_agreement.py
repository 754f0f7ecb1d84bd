"""Agreement between judge 1 (judgments.qrels) and judge 2 (judge2.qrels) on the sampled pairs.

    python3 second_judge_agreement.py KEY.tsv MERGED_QRELS_OUT

KEY.tsv is second_judge_sample.py's key (profile, offer, stratum, judge-1 grade, weight). Prints
the 4x4 grade confusion matrix, Cohen's kappa on relevant (grade >= 1) / not, linearly weighted
kappa on grades 0-3, each on the sample as drawn and re-weighted to the pool (weight = stratum
size / sampled, per consultation and stratum), a stratified bootstrap interval (2,000 draws, seed
1), agreement per stratum and per consultation, and every disagreement with judge 2's note.
Writes MERGED_QRELS_OUT: judge 1's qrels with judge 2's grade on every sampled pair."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from agreement import bootstrap, figures, kappa, print_confusion, read_qrels  # noqa: E402

key_path, merged_out = sys.argv[1], sys.argv[2]
key = [l.split("\t") for l in open(key_path).read().splitlines()[1:]]
key = [(q, d, s, int(g1), float(w)) for q, d, s, g1, w in key]
j1, j2 = read_qrels(os.path.join(HERE, "judgments.qrels")), read_qrels(os.path.join(HERE, "judge2.qrels"))
notes = {(r[0], r[1]): r[4] for r in (l.split("\t") for l in open(os.path.join(HERE, "judge2-notes.tsv")).read().splitlines()[1:])}
pairs = [(q, d, s, j1.get((q, d), 0), j2.get((q, d), 0), w) for q, d, s, g1, w in key]
assert all(j1.get((q, d), 0) == g1 for q, d, s, g1, w in key), "key and judgments.qrels disagree"


print(f"{len(pairs)} sampled pairs")
print("\nconfusion (rows judge 1, columns judge 2), sample as drawn:")
print_confusion(pairs)
for name, rw in (("sample as drawn", False), ("re-weighted to the pool", True)):
    kb, kw = figures(pairs, rw)
    (lb, ub), (lw, uw) = bootstrap(pairs, lambda p: (p[0], p[2]), rw)
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
