"""Draws the sample of set-B pool pairs for the second judge (session 9) and writes it blind.

    python3 second_judge_sample.py RUN_FULL OUT_DIR [SEED]

RUN_FULL is the recommender's TREC run (`supportmatch evaluate --source fdb --today 2026-03-15
--run-out F`, ranks only, no grades). Strata per consultation, from judge 1's grades:

  R  judged 1-3 by judge 1: all of them, at most CAP_R (random if more);
  T  judged 0 and in the recommender's top 10: all of them (these move nDCG@10 most);
  Z  judged 0, any other pooled pair: random, so that T + Z = max(|R sample|, MIN_ZERO), and at
     least MIN_Z of them (an estimate of what judge 1 missed among the plainly irrelevant).

Writes OUT_DIR/second-judge-blind.tsv (profile, offer; shuffled within each consultation, no
grade, no stratum: the file the second judge works from) and OUT_DIR/second-judge-key.tsv
(profile, offer, stratum, judge-1 grade, sampling weight = stratum size / sampled; read only after
judging). Judge 1's files are read, never written. Deterministic for a given seed."""
import collections, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 20261204
CAP_R, MIN_ZERO, MIN_Z, TOPK = 13, 10, 4, 10
run_path, out = sys.argv[1], sys.argv[2]

pool = collections.defaultdict(list)
for line in open(os.path.join(HERE, "pool.tsv")).read().splitlines()[1:]:
    q, d = line.split("\t"); pool[q].append(d)
grade = {}
for line in open(os.path.join(HERE, "judgments.qrels")):
    q, _, d, g = line.split(); grade[(q, d)] = int(g)
top = collections.defaultdict(list)
for line in open(run_path):
    q, _, d, r, *_ = line.split()
    if d.startswith("fdb:"): top[q].append((int(r), d))
topk = {q: {d for _, d in sorted(v)[:TOPK]} for q, v in top.items()}

rng = random.Random(SEED)
blind, key = [], []
for q in sorted(pool):
    ds = sorted(pool[q])
    R = [d for d in ds if grade.get((q, d), 0) > 0]
    T = [d for d in ds if grade.get((q, d), 0) == 0 and d in topk.get(q, set())]
    Z = [d for d in ds if grade.get((q, d), 0) == 0 and d not in topk.get(q, set())]
    rs = sorted(rng.sample(R, min(len(R), CAP_R)))
    nz = max(max(len(rs), MIN_ZERO) - len(T), MIN_Z)
    zs = sorted(rng.sample(Z, min(len(Z), nz)))
    chosen = [(d, "R", len(R) / max(len(rs), 1)) for d in rs] + \
             [(d, "T", 1.0) for d in T] + [(d, "Z", len(Z) / max(len(zs), 1)) for d in zs]
    rng.shuffle(chosen)
    for d, s, w in chosen:
        blind.append(f"{q}\t{d}")
        key.append(f"{q}\t{d}\t{s}\t{grade.get((q, d), 0)}\t{w:.4f}")
    print(q, f"R {len(rs)}/{len(R)}  T {len(T)}/{len(T)}  Z {len(zs)}/{len(Z)}  sample {len(chosen)}",
          file=sys.stderr)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "second-judge-blind.tsv"), "w") as h:
    h.write("profile\toffer\n" + "\n".join(blind) + "\n")
with open(os.path.join(out, "second-judge-key.tsv"), "w") as h:
    h.write("profile\toffer\tstratum\tjudge1\tweight\n" + "\n".join(key) + "\n")
print(f"seed {SEED}: {len(blind)} pairs", file=sys.stderr)
