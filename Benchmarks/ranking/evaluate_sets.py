#!/usr/bin/env python3
"""Scores the ranking on the judged sets in one go: the Förderdatenbank dev set (Förderdatenbank
offers only, as of 2026-03-15, plus the judges' near misses found in anyone's top 10) and the
bundled set, optionally with another weights file.

    python3 Benchmarks/ranking/evaluate_sets.py --binary .build/debug/supportmatch \
        --fdb-db /tmp/fdb.sqlite --bundled-db /tmp/bundled.sqlite [--weights FILE] [--per-profile] [--json]

The databases are created on first use (the Förderdatenbank one by importing
../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip). Extra judged sets are given as
--extra NAME:DB:PROFILES:QRELS[:SOURCE[:TODAY]] (for example the US set on Grants.gov).
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
DEV = os.path.join(SHARED, "judgments", "foerderdatenbank-dev")
FDB_EXPORT = os.path.join(SHARED, "catalogues", "foerderdatenbank-2026-03", "fdb-export.zip")


def run(binary, db, profiles, qrels, source=None, today=None, weights=None, mode="full"):
    command = [binary, "evaluate", "--database", db, "--profiles", profiles, "--judgments", qrels, "--json", "--mode", mode]
    if source: command += ["--source", source]
    if today: command += ["--today", today]
    if weights: command += ["--weights", weights]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {out.stderr}")
    return json.loads(out.stdout)


def near_misses_in_top10(report):
    misses = {}
    with open(os.path.join(DEV, "near-misses.tsv"), encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            profile, offer = line.rstrip("\n").split("\t")
            misses.setdefault(profile, set()).add(offer)
    found = []
    for profile in report["profiles"]:
        for offer in profile["top"][:10]:
            if offer in misses.get(profile["profile"], ()):
                found.append((profile["profile"], offer))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "supportmatch"))
    parser.add_argument("--fdb-db", required=True)
    parser.add_argument("--bundled-db", required=True)
    parser.add_argument("--weights")
    parser.add_argument("--mode", default="full")
    parser.add_argument("--extra", action="append", default=[])
    parser.add_argument("--per-profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.fdb_db):
        subprocess.run([args.binary, "import", "--database", args.fdb_db, FDB_EXPORT], check=True, capture_output=True)
    results = {}
    dev = run(args.binary, args.fdb_db, os.path.join(DEV, "profiles"), os.path.join(DEV, "judgments.qrels"),
              source="fdb", today="2026-03-15", weights=args.weights, mode=args.mode)
    results["dev"] = dev
    bundled = run(args.binary, args.bundled_db, os.path.join(ROOT, "Catalog", "profiles"),
                  os.path.join(ROOT, "Tests", "Judgments", "bundled.qrels"), weights=args.weights, mode=args.mode)
    results["bundled"] = bundled
    for extra in args.extra:
        parts = extra.split(":")
        name, db, profiles, qrels = parts[:4]
        source = parts[4] if len(parts) > 4 and parts[4] else None
        today = parts[5] if len(parts) > 5 else None
        results[name] = run(args.binary, db, profiles, qrels, source=source, today=today, weights=args.weights, mode=args.mode)
    misses = near_misses_in_top10(dev)
    if args.json:
        print(json.dumps({name: {"mean": r["mean"], "profiles": {p["profile"]: p["scores"] for p in r["profiles"]}}
                          for name, r in results.items()} | {"nearMissesInTop10": misses}, indent=1))
        return
    for name, report in results.items():
        m = report["mean"]
        print(f"{name:10s} nDCG@10 {m['ndcg']:.4f}  P@5 {m['precision']:.4f}  MRR {m['reciprocalRank']:.4f}  eligible returned {m['eligibleReturned']:.4f}")
        if args.per_profile:
            for p in report["profiles"]:
                s = p["scores"]
                print(f"   {p['profile']:38s} {s['ndcg']:.4f} {s['precision']:.4f} {s['reciprocalRank']:.4f}")
    print(f"near misses in a dev top 10: {len(misses)}" + "".join(f"\n   {p} {o}" for p, o in misses))


if __name__ == "__main__":
    main()
