#!/usr/bin/env python3
"""What each ranking signal adds: the fitted weights (Catalog/analysis/ranking-weights.json),
then the same with one signal switched off at a time, and the weights before the signals
existed, on the dev set and the bundled set. Prints a Markdown table.

    python3 Benchmarks/ranking/ablation.py --fdb-db /tmp/fdb.sqlite --bundled-db /tmp/bundled.sqlite [--binary B]
"""
import argparse, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate_sets as es
import fit_weights as fw

SIGNALS = ["conceptWeight", "applicantMatchWeight", "applicantMismatchPenalty", "servesOthersPenalty",
           "topicOpenWeight", "narrowCallPenalty", "specificityWeight", "topicWeight", "instrumentWeight", "topicRarityBlend", "sectorMatchWeight", "otherSectorPenalty",
           "researchMismatchPenalty", "financingOpenWeight", "otherPurposePenalty"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(es.ROOT, ".build", "debug", "supportmatch"))
    parser.add_argument("--fdb-db", required=True)
    parser.add_argument("--bundled-db", required=True)
    parser.add_argument("--us-db", help="also the US set on this Grants.gov store")
    parser.add_argument("--weights", default=os.path.join(es.ROOT, "Catalog", "analysis", "ranking-weights.json"))
    args = parser.parse_args()
    fitted = json.load(open(args.weights))["weights"]
    sets = [("fitted weights", fitted), ("signals off (defaults of before)", fw.START)]
    for name in SIGNALS:
        if fitted.get(name, 0) != 0:
            sets.append((f"without {name} ({fitted[name]})", dict(fitted, **{name: 0.0})))
    weights = [w for _, w in sets]
    dev = fw.score_sets(args, args.fdb_db, os.path.join(es.DEV, "profiles"), os.path.join(es.DEV, "judgments.qrels"), weights,
                        source="fdb", today="2026-03-15")
    bundled = fw.score_sets(args, args.bundled_db, os.path.join(es.ROOT, "Catalog", "profiles"),
                            os.path.join(es.ROOT, "Tests", "Judgments", "bundled.qrels"), weights)
    us = fw.score_sets(args, args.us_db, os.path.join(fw.US, "profiles"), os.path.join(fw.US, "judgments.qrels"), weights,
                       source="grants.gov", today="2026-01-01") if args.us_db else [None] * len(weights)
    misses = fw.load_misses()
    print("| weights | dev nDCG@10 | dev P@5 | dev MRR | near misses in a top 10 | bundled nDCG@10 | bundled P@5 |"
          + (" US nDCG@10 | US P@5 |" if args.us_db else ""))
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if args.us_db else ""))
    for (label, _), d, b, u in zip(sets, dev, bundled, us):
        count = sum(1 for p, top in d["top"].items() for o in top[:10] if o in misses.get(p, ()))
        print(f"| {label} | {d['mean']['ndcg']:.4f} | {d['mean']['precision']:.2f} | {d['mean']['reciprocalRank']:.3f} | {count} "
              f"| {b['mean']['ndcg']:.4f} | {b['mean']['precision']:.2f} |"
              + (f" {u['mean']['ndcg']:.4f} | {u['mean']['precision']:.2f} |" if u else ""))


if __name__ == "__main__":
    main()
