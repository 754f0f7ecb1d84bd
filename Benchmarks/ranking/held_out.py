#!/usr/bin/env python3
"""Leave-one-consultation-out for a change made after a fit, without refitting: for each dev
consultation, the weights the fit chose on the other nine (read from its --cache file, with the
fit's objective) are scored on the held-out consultation with the current build.

    python3 Benchmarks/ranking/held_out.py --fdb-db /tmp/fdb.sqlite --cache /tmp/fit-cache3.jsonl [--binary B]

The fold's choice comes from scores of the build the fit ran on; only the held-out scores are
new. So a change measured this way cannot have been tuned by the weights: it is the honest
held-out figure for a change that keeps the fitted weights.
"""
import argparse, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate_sets as es
import fit_weights as fw


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(es.ROOT, ".build", "debug", "supportmatch"))
    parser.add_argument("--fdb-db", required=True)
    parser.add_argument("--cache", required=True, help="the --cache file of the fit")
    args = parser.parse_args()
    entries = [json.loads(line) for line in open(args.cache) if line.strip()]
    # The fit's objective counts the US set when its entries have one.
    if any("us" in entry for entry in entries):
        fw.US_FLOOR = (0.0, 0.0)
    profiles = sorted(entries[0]["dev"])
    chosen = [max(entries, key=lambda e: fw.objective(e, [q for q in profiles if q != p]))["weights"] for p in profiles]
    reports = fw.score_sets(args, args.fdb_db, os.path.join(es.DEV, "profiles"), os.path.join(es.DEV, "judgments.qrels"),
                            chosen, source="fdb", today="2026-03-15")
    misses = fw.load_misses()
    totals, near = [0.0, 0.0, 0.0], 0
    for profile, report in zip(profiles, reports):
        scores = report["profiles"][profile]
        found = sum(1 for offer in report["top"][profile] if offer in misses.get(profile, ()))
        print(f"   {profile}  nDCG@10 {scores['ndcg']:.4f}  P@5 {scores['precision']:.2f}  RR {scores['reciprocalRank']:.2f}  near misses {found}")
        totals = [totals[0] + scores["ndcg"], totals[1] + scores["precision"], totals[2] + scores["reciprocalRank"]]
        near += found
    n = len(profiles)
    print(f"   mean  nDCG@10 {totals[0] / n:.4f}  P@5 {totals[1] / n:.4f}  MRR {totals[2] / n:.4f}  near misses {near}")


if __name__ == "__main__":
    main()
