#!/usr/bin/env python3
"""Fits the ranking weights (Catalog/analysis/ranking-weights.json) on judged data, with
leave-one-consultation-out cross-validation, reproducibly (fixed seed).

    python3 Benchmarks/ranking/fit_weights.py --fdb-db /tmp/fdb.sqlite --bundled-db /tmp/bundled.sqlite \
        --samples 120 --seed 12 --cache /tmp/fit-cache.jsonl [--write Catalog/analysis/ranking-weights.json]

Each candidate (random search over the ranges below, plus a local search around the best) is
run once on every dev consultation and on the bundled set. The objective on a set of
consultations is their mean nDCG@10 minus 0.05 per judge's near miss in a top 10; candidates
whose bundled nDCG@10 falls below 0.79 are not eligible. Cross-validation: for each of the ten
consultations, the best candidate on the other nine is scored on the held-out one; the mean of
those held-out scores is the estimate of what the fitted weights do on unseen consultations.
The weights written are the best candidate on all ten. Evaluations are cached by weights, so
a run can be resumed or extended.
"""
import argparse, json, os, random, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate_sets as es

RANGES = {
    "topicWeight": (0.0, 1.2),
    "instrumentWeight": (0.0, 0.6),
    "specificityWeight": (0.0, 0.6),
    "applicantMatchWeight": (0.0, 0.5),
    "applicantMismatchPenalty": (0.0, 1.5),
    "servesOthersPenalty": (0.0, 1.0),
    "topicOpenWeight": (0.0, 0.6),
    "narrowCallPenalty": (0.0, 0.6),
    "conceptWeight": (0.0, 0.6),
}
START = {"topicWeight": 0.6, "instrumentWeight": 0.2, "specificityWeight": 0.15, "applicantMatchWeight": 0.0,
         "applicantMismatchPenalty": 0.0, "servesOthersPenalty": 0.0, "topicOpenWeight": 0.0,
         "narrowCallPenalty": 0.0, "conceptWeight": 0.0}
BUNDLED_FLOOR = 0.79
NEAR_MISS_COST = 0.05


def key(weights):
    return json.dumps({k: round(v, 3) for k, v in sorted(weights.items())})


def evaluate(args, weights, cache):
    k = key(weights)
    if k in cache:
        return cache[k]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"format": "supportmatch-ranking-weights", "version": 1,
                   "weights": {n: round(v, 3) for n, v in weights.items()}}, handle)
        path = handle.name
    try:
        dev = es.run(args.binary, args.fdb_db, os.path.join(es.DEV, "profiles"), os.path.join(es.DEV, "judgments.qrels"),
                     source="fdb", today="2026-03-15", weights=path)
        bundled = es.run(args.binary, args.bundled_db, os.path.join(es.ROOT, "Catalog", "profiles"),
                         os.path.join(es.ROOT, "Tests", "Judgments", "bundled.qrels"), weights=path)
    finally:
        os.unlink(path)
    misses = es.near_misses_in_top10(dev)
    entry = {"weights": {n: round(v, 3) for n, v in weights.items()},
             "dev": {p["profile"]: p["scores"] for p in dev["profiles"]},
             "misses": {p: sum(1 for q, _ in misses if q == p) for p in (x["profile"] for x in dev["profiles"])},
             "bundled": bundled["mean"]["ndcg"]}
    cache[k] = entry
    if args.cache:
        with open(args.cache, "a") as handle:
            handle.write(json.dumps(entry) + "\n")
    return entry


def objective(entry, profiles):
    if entry["bundled"] < BUNDLED_FLOOR:
        return -1.0
    return sum(entry["dev"][p]["ndcg"] - NEAR_MISS_COST * entry["misses"][p] for p in profiles) / len(profiles)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(es.ROOT, ".build", "debug", "supportmatch"))
    parser.add_argument("--fdb-db", required=True)
    parser.add_argument("--bundled-db", required=True)
    parser.add_argument("--samples", type=int, default=120)
    parser.add_argument("--local", type=int, default=40, help="local-search steps around the best")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--cache")
    parser.add_argument("--write")
    args = parser.parse_args()
    cache = {}
    if args.cache and os.path.exists(args.cache):
        for line in open(args.cache):
            entry = json.loads(line)
            cache[key(entry["weights"])] = entry
    rng = random.Random(args.seed)
    entries = [evaluate(args, START, cache)]
    profiles = sorted(entries[0]["dev"])
    for _ in range(args.samples):
        entries.append(evaluate(args, {n: rng.uniform(*r) for n, r in RANGES.items()}, cache))
    best = max(entries, key=lambda e: objective(e, profiles))
    for _ in range(args.local):
        weights = dict(best["weights"])
        for name in rng.sample(sorted(RANGES), 2):
            low, high = RANGES[name]
            weights[name] = min(high, max(low, weights[name] + rng.gauss(0, (high - low) / 8)))
        entry = evaluate(args, weights, cache)
        entries.append(entry)
        if objective(entry, profiles) > objective(best, profiles):
            best = entry

    held = []
    for p in profiles:
        others = [q for q in profiles if q != p]
        chosen = max(entries, key=lambda e: objective(e, others))
        held.append((p, chosen["dev"][p], chosen["misses"][p]))
    n = len(held)
    print(f"candidates: {len(entries)}")
    print("leave-one-consultation-out (weights chosen on the other nine):")
    for p, s, m in held:
        print(f"   {p}  nDCG@10 {s['ndcg']:.4f}  P@5 {s['precision']:.2f}  RR {s['reciprocalRank']:.2f}  near misses {m}")
    print(f"   mean  nDCG@10 {sum(s['ndcg'] for _, s, _ in held) / n:.4f}  P@5 {sum(s['precision'] for _, s, _ in held) / n:.4f}"
          f"  MRR {sum(s['reciprocalRank'] for _, s, _ in held) / n:.4f}  near misses {sum(m for _, _, m in held)}")
    d = best["dev"]
    print(f"best on all ten: nDCG@10 {sum(d[p]['ndcg'] for p in profiles) / n:.4f}  P@5 {sum(d[p]['precision'] for p in profiles) / n:.4f}"
          f"  MRR {sum(d[p]['reciprocalRank'] for p in profiles) / n:.4f}  near misses {sum(best['misses'].values())}  bundled {best['bundled']:.4f}")
    print(json.dumps(best["weights"], indent=1))
    if args.write:
        document = json.load(open(args.write))
        document["weights"] = best["weights"]
        with open(args.write, "w") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")


if __name__ == "__main__":
    main()
