"""Do weight comparisons on set B come out the same under judge 1's grades and the merged grades?

    python3 second_judge_weights.py WEIGHTS.json OUT_DIR            # writes OUT_DIR/wl.jsonl (27 sets)
    supportmatch evaluate ... --judgments judgments.qrels --weights-list OUT_DIR/wl.jsonl > OUT_DIR/wl-j1.jsonl
    supportmatch evaluate ... --judgments MERGED.qrels   --weights-list OUT_DIR/wl.jsonl > OUT_DIR/wl-m.jsonl
    python3 second_judge_weights.py --compare OUT_DIR

The sets are the shipped weights and, for each weight, the weight halved and multiplied by 1.5
(topicRarityBlend, bounded by 1: 0.5 and 0). Prints each variant's nDCG@10 change against the
shipped weights under both qrels, the Spearman correlation of the changes, and whether every change
of at least 0.005 under either qrels has the same sign under both."""
import json, os, sys

if sys.argv[1] != "--compare":
    w = json.load(open(sys.argv[1]))["weights"]
    sets = [dict(w)]
    for k in w:
        for f in (0.5, 1.5):
            v = dict(w); v[k] = round(w[k] * f, 4)
            if k == "topicRarityBlend": v[k] = 0.5 if f == 0.5 else 0.0
            sets.append(v)
    os.makedirs(sys.argv[2], exist_ok=True)
    open(os.path.join(sys.argv[2], "wl.jsonl"), "w").write("\n".join(json.dumps(s) for s in sets) + "\n")
    sys.exit(0)
out = sys.argv[2]
sets = [json.loads(l) for l in open(os.path.join(out, "wl.jsonl"))]
a = [json.loads(l)["mean"]["ndcg"] for l in open(os.path.join(out, "wl-j1.jsonl"))]
b = [json.loads(l)["mean"]["ndcg"] for l in open(os.path.join(out, "wl-m.jsonl"))]
rows = []
for i, s in enumerate(sets[1:], 1):
    k = [x for x in s if s[x] != sets[0][x]][0]
    rows.append((f"{k}={s[k]}", a[i] - a[0], b[i] - b[0]))


def ranks(xs):  # average ranks for ties
    order = sorted(range(len(xs)), key=lambda i: xs[i]); r = [0.0] * len(xs); i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]: j += 1
        for t in range(i, j + 1): r[order[t]] = (i + j) / 2
        i = j + 1
    return r


ra, rb = ranks([r[1] for r in rows]), ranks([r[2] for r in rows])
ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
rho = sum((x - ma) * (y - mb) for x, y in zip(ra, rb)) / (
    sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
big = [(x, y) for _, x, y in rows if max(abs(x), abs(y)) >= 0.005]
print(f"{len(rows)} one-weight variants; shipped weights: nDCG@10 judge 1 {a[0]:.4f}, merged {b[0]:.4f}")
print(f"Spearman rho of the changes {rho:.3f}; changes >= 0.005 under either: {len(big)}, "
      f"same sign under both: {sum(1 for x, y in big if (x > 0) == (y > 0))}")
for name, x, y in sorted(rows, key=lambda r: r[1]):
    print(f"  {name:32} judge 1 {x:+.4f}  merged {y:+.4f}")
