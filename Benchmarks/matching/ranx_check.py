#!/usr/bin/env python3
"""Checks that `supportmatch evaluate` computes the same numbers as ranx (to 4 decimals).

For each evaluation mode it runs

    supportmatch evaluate --profiles Catalog/profiles --judgments Tests/Judgments/bundled.qrels \
        --today 2026-11-28 --mode MODE --run-out RUN --json

then scores the written run file against the same qrels with ranx (nDCG@10 with linear gain =
ranx "ndcg", as trec_eval; P@5; MRR; recall over the whole ranking = "eligible returned") and
compares every profile's value and the means. Exit status 1 on any disagreement.

Usage (from the package root, after `swift build`):
    python3 Benchmarks/matching/ranx_check.py [--supportmatch PATH] [--profiles DIR] [--judgments FILE]
Needs: pip install ranx
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

METRICS = {  # our JSON field -> ranx metric
    "ndcg": "ndcg@10",
    "precision": "precision@5",
    "reciprocalRank": "mrr",
    "eligibleReturned": "recall",
}


def find_binary(root):
    for scratch in sorted(os.listdir(root)):
        if scratch.startswith(".build"):
            for config in ("release", "debug"):
                path = os.path.join(root, scratch, config, "supportmatch")
                if os.access(path, os.X_OK):
                    return path
    return None


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--supportmatch", default=os.environ.get("SUPPORTMATCH_BIN") or find_binary(root),
                        help="the built supportmatch executable (default: the first found under .build*/)")
    parser.add_argument("--profiles", default=os.path.join(root, "Catalog", "profiles"))
    parser.add_argument("--judgments", default=os.path.join(root, "Tests", "Judgments", "bundled.qrels"))
    parser.add_argument("--today", default="2026-11-28")
    args = parser.parse_args()
    if not args.supportmatch:
        sys.exit("no supportmatch binary found; run `swift build` or pass --supportmatch")
    try:
        from ranx import Qrels, Run, evaluate
    except ImportError:
        sys.exit("ranx is not installed: python3 -m pip install ranx")

    qrels = Qrels.from_file(args.judgments, kind="trec")
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        database = os.path.join(work, "catalogue.sqlite")
        for mode in ("full", "text-only", "eligibility-only"):
            run_path = os.path.join(work, f"run-{mode}.txt")
            command = [args.supportmatch, "evaluate", "--profiles", args.profiles, "--judgments", args.judgments,
                       "--today", args.today, "--mode", mode, "--run-out", run_path, "--json", "--database", database]
            ours = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            run = Run.from_file(run_path, kind="trec")
            # ranx needs every judged query in the run; a mode that returns nothing for a
            # profile gets an empty ranking, which both sides score 0.
            judged = set(qrels.keys())
            missing = judged - set(run.keys())
            if missing:
                data = run.to_dict()
                for query in missing:
                    data[query] = {}
                run = Run(data)
            theirs = evaluate(qrels, run, list(METRICS.values()), save_results_in_run=True, make_comparable=True)
            print(f"mode {mode}: {len(ours['profiles'])} profiles")
            print(f"  {'profile':40} " + " ".join(f"{m:>22}" for m in METRICS.values()))
            rows = [(p["profile"], p["scores"], {m: run.scores[m][p["profile"]] for m in METRICS.values()})
                    for p in ours["profiles"]]
            rows.append(("mean", ours["mean"], theirs))
            for name, scores, reference in rows:
                cells = []
                for field, metric in METRICS.items():
                    a, b = scores[field], float(reference[metric])
                    same = round(a, 4) == round(b, 4) or abs(a - b) < 5e-5
                    failures += not same
                    cells.append(f"{a:.4f}{'=' if same else '≠'}{b:.4f}".rjust(22))
                print(f"  {name:40} " + " ".join(cells))
    if failures:
        print(f"{failures} values differ from ranx")
        return 1
    print("all values agree with ranx to 4 decimals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
