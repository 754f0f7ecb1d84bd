#!/usr/bin/env python3
"""Checks that `supportmatch evaluate` computes the same numbers as trec_eval (to 4 decimals).

For each evaluation mode it runs

    supportmatch evaluate --profiles Catalog/profiles --judgments Tests/Judgments/bundled.qrels \
        --today 2026-11-28 --mode MODE --run-out RUN --json

then scores the written run file against the same qrels with ir-measures, whose values come from
trec_eval's own C code (pytrec_eval): nDCG@10 with linear gain (trec_eval `ndcg_cut_10`), P@5,
RR (MRR per query), and recall over the whole ranking (R@1000; a ranking never holds more
offers) = "eligible returned". Every profile's value and the means are compared; a profile with
an empty ranking scores 0 on both sides (trec_eval leaves it out, so the means are taken here).
Exit status 1 on any disagreement, 2 when ir-measures is missing.

Usage (from the package root, after `swift build`):
    python3 Benchmarks/matching/trec_check.py [--supportmatch PATH] [--profiles DIR] [--judgments FILE]
Needs: pip install ir-measures (.ci/run installs it in a virtual environment and runs this).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

METRICS = {  # our JSON field -> ir-measures measure
    "ndcg": "nDCG@10",
    "precision": "P@5",
    "reciprocalRank": "RR",
    "eligibleReturned": "R@1000",
}


def find_binary(root):
    for scratch in sorted(os.listdir(root)):
        if scratch.startswith(".build"):
            for config in ("release", "debug"):
                path = os.path.join(root, scratch, config, "supportmatch")
                if os.access(path, os.X_OK):
                    return path
    return None


def trec_eval_scores(qrels_path, run_path):
    """Per query and measure, as trec_eval computes them (queries without a ranking are absent)."""
    import ir_measures
    measures = [ir_measures.parse_measure(name) for name in METRICS.values()]
    qrels = list(ir_measures.read_trec_qrels(qrels_path))
    run = list(ir_measures.read_trec_run(run_path))
    scores = {}
    for metric in ir_measures.iter_calc(measures, qrels, run):
        scores.setdefault(metric.query_id, {})[str(metric.measure)] = metric.value
    return scores


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
        import ir_measures  # noqa: F401
    except ImportError:
        print("ir-measures is not installed: pip install ir-measures", file=sys.stderr)
        return 2

    failures = 0
    compared = 0
    with tempfile.TemporaryDirectory() as work:
        database = os.path.join(work, "catalogue.sqlite")
        for mode in ("full", "text-only", "eligibility-only"):
            run_path = os.path.join(work, f"run-{mode}.txt")
            command = [args.supportmatch, "evaluate", "--profiles", args.profiles, "--judgments", args.judgments,
                       "--today", args.today, "--mode", mode, "--run-out", run_path, "--json", "--database", database]
            ours = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            theirs = trec_eval_scores(args.judgments, run_path)
            print(f"mode {mode}: {len(ours['profiles'])} profiles")
            print(f"  {'profile':40} " + " ".join(f"{m:>22}" for m in METRICS.values()))
            rows = []
            for profile in ours["profiles"]:
                reference = theirs.get(profile["profile"], {})
                rows.append((profile["profile"], profile["scores"], {m: reference.get(m, 0.0) for m in METRICS.values()}))
            means = {m: sum(row[2][m] for row in rows) / len(rows) for m in METRICS.values()}
            rows.append(("mean", ours["mean"], means))
            for name, scores, reference in rows:
                cells = []
                for field, metric in METRICS.items():
                    a, b = scores[field], float(reference[metric])
                    same = round(a, 4) == round(b, 4) or abs(a - b) < 5e-5
                    failures += not same
                    compared += 1
                    cells.append(f"{a:.4f}{'=' if same else '≠'}{b:.4f}".rjust(22))
                print(f"  {name:40} " + " ".join(cells))
    if failures:
        print(f"{failures} of {compared} values differ from trec_eval")
        return 1
    print(f"all {compared} values agree with trec_eval (ir-measures) to 4 decimals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
