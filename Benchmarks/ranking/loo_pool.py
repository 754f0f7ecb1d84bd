#!/usr/bin/env python3
"""Leave-one-consultation-out over a pool of weight sets near the shipped ones: how much of what a
refit gains on the ten dev consultations is real.

    python3 Benchmarks/ranking/loo_pool.py --fdb-db /tmp/fdb.sqlite --candidates 150 --seed 7 \
        [--set '{"compoundAsOneConcept": true}'] [--out /tmp/pool.json]

The pool: the shipped weights (`Catalog/analysis/ranking-weights.json`) and CANDIDATES sets that
each multiply one to four of them (and of the query-side weights textWeight, compoundPartWeight,
textNormalizationFloor, synonymWeight) by a log-normal factor (σ 0.35); `--set` fixes values in
every set, so a switch can be compared with the same search on each side. One
`supportmatch evaluate --weights-list` scores the whole pool on the dev set. For each held-out
consultation the set best on the other nine (mean nDCG@10 minus 0.05 per judges' near miss in a
top 10) is scored on it; the mean over the ten is the held-out estimate, printed next to the best
set on all ten (in sample). Unlike `fit_weights.py` it searches only near the shipped point and
leaves the bundled and US sets out (check the chosen set on them with `evaluate --weights`).
"""
import argparse, collections, json, os, random, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEV = os.path.join(ROOT, "..", "shared", "judgments", "foerderdatenbank-dev")
VARIED = ["topicWeight", "instrumentWeight", "specificityWeight", "applicantMatchWeight", "servesOthersPenalty",
          "topicOpenWeight", "narrowCallPenalty", "conceptWeight", "otherSectorPenalty", "researchMismatchPenalty",
          "textWeight", "compoundPartWeight", "textNormalizationFloor", "synonymWeight"]
QUERY_DEFAULTS = {"textWeight": 1.0, "compoundPartWeight": 0.5, "textNormalizationFloor": 0.25, "synonymWeight": 0.8}


def pool(shipped, count, seed, fixed):
    rnd = random.Random(seed)
    start = dict(QUERY_DEFAULTS, **shipped)
    sets = [dict(start, **fixed)]
    for _ in range(count):
        weights = dict(start)
        for name in rnd.sample(VARIED, rnd.randint(1, 4)):
            weights[name] = round(start[name] * rnd.lognormvariate(0, 0.35), 3)
        weights["textNormalizationFloor"] = min(0.9, weights["textNormalizationFloor"])
        weights["compoundPartWeight"] = min(1.0, weights["compoundPartWeight"])
        sets.append(dict(weights, **fixed))
    return sets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "supportmatch"))
    parser.add_argument("--fdb-db", required=True)
    parser.add_argument("--candidates", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--set", default="{}", help="JSON object of values fixed in every set")
    parser.add_argument("--out")
    args = parser.parse_args()
    shipped = json.load(open(os.path.join(ROOT, "Catalog", "analysis", "ranking-weights.json")))["weights"]
    sets = pool(shipped, args.candidates, args.seed, json.loads(args.set))
    misses = collections.defaultdict(set)
    for line in list(open(os.path.join(DEV, "near-misses.tsv")))[1:]:
        profile, offer = line.rstrip("\n").split("\t")
        misses[profile].add(offer)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("".join(json.dumps(s) + "\n" for s in sets))
    try:
        out = subprocess.run([args.binary, "evaluate", "--database", args.fdb_db, "--source", "fdb", "--today", "2026-03-15",
                              "--profiles", os.path.join(DEV, "profiles"), "--judgments", os.path.join(DEV, "judgments.qrels"),
                              "--weights-list", handle.name], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    results = [json.loads(line) for line in out.splitlines() if line.strip()]
    if args.out:
        json.dump(list(zip(sets, results)), open(args.out, "w"))
    profiles = sorted(results[0]["profiles"])

    def score(result, profile):
        return result["profiles"][profile]["ndcg"] - 0.05 * sum(1 for o in result["top"][profile][:10] if o in misses[profile])

    def best(on):
        return max(range(len(results)), key=lambda i: (statistics.mean(score(results[i], p) for p in on), -i))

    held = {}
    for out_profile in profiles:
        chosen = results[best([p for p in profiles if p != out_profile])]
        held[out_profile] = chosen["profiles"][out_profile]
        held[out_profile]["nearMisses"] = sum(1 for o in chosen["top"][out_profile][:10] if o in misses[out_profile])
    start, everywhere = results[0], best(profiles)
    print("start (shipped%s): nDCG@10 %.4f P@5 %.2f MRR %.3f" % (
        "" if args.set == "{}" else " + " + args.set, start["mean"]["ndcg"], start["mean"]["precision"], start["mean"]["reciprocalRank"]))
    print("held out: nDCG@10 %.4f P@5 %.2f MRR %.3f near misses %d" % (
        statistics.mean(h["ndcg"] for h in held.values()), statistics.mean(h["precision"] for h in held.values()),
        statistics.mean(h["reciprocalRank"] for h in held.values()), sum(h["nearMisses"] for h in held.values())))
    print("  " + " ".join("%s %.4f" % (p, held[p]["ndcg"]) for p in profiles))
    chosen = results[everywhere]
    print("in sample (best of %d on all ten): nDCG@10 %.4f P@5 %.2f" % (len(sets), chosen["mean"]["ndcg"], chosen["mean"]["precision"]),
          {k: v for k, v in sets[everywhere].items() if sets[0].get(k) != v})


if __name__ == "__main__":
    main()
