#!/usr/bin/env python3
"""Recommendation latency of two builds of matching-bench side by side (for example the commit
before a ranking change and the change), run alternately on the same catalogue and queries.

    python3 Benchmarks/ranking/compare_latency.py --base /tmp/base/matching-bench --new .build-bench/release/matching-bench \
        [--size 100000] [--rounds 10] [--repeat 6] [--work /tmp/supportmatch-bench] [--progress]

The shared machines drift by up to 2x within minutes, so each repeat runs base then new (the
order alternating between repeats) and the ratio new/base of each adjacent pair is reported,
with the median of the ratios.
"""
import argparse, json, os, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TODAY = "2026-11-28"


def run(binary, catalogue, queries, rounds):
    out = subprocess.run([binary, "--catalogue", catalogue, "--queries", queries, "--rounds", str(rounds), "--today", TODAY],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--new", required=True)
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--work", default="/tmp/supportmatch-bench")
    parser.add_argument("--progress", action="store_true", help="print each pair (JSON of both runs) to stderr as it completes")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    catalogue = os.path.join(args.work, f"offers-{args.size}.json")
    if not os.path.exists(catalogue):
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate_catalogue.py"), "--count", str(args.size),
                        "--format", "json", "--out", catalogue], check=True)
    queries = os.path.join(ROOT, "Benchmarks", "matching", "queries.json")
    ratios50, ratios99, rows = [], [], []
    for repeat in range(args.repeat):
        order = [("base", args.base), ("new", args.new)] if repeat % 2 == 0 else [("new", args.new), ("base", args.base)]
        result = {}
        for name, binary in order:
            result[name] = run(binary, catalogue, queries, args.rounds)
        b, n = result["base"], result["new"]
        ratios50.append(n["p50_ms"] / b["p50_ms"])
        ratios99.append(n["p99_ms"] / b["p99_ms"])
        rows.append((repeat + 1, b["p50_ms"], n["p50_ms"], ratios50[-1], b["p99_ms"], n["p99_ms"], ratios99[-1]))
        if args.progress:
            # Each pair as it completes: at 100k a pair takes many minutes on a loaded machine.
            print(f"pair {repeat + 1}: {json.dumps({'base': b, 'new': n}, sort_keys=True)}, load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr, flush=True)
    print(f"{args.size} offers, {args.rounds} rounds x {len(json.load(open(queries))['queries'])} queries, {args.repeat} alternating pairs")
    print("pair  base p50  new p50  ratio   base p99  new p99  ratio")
    for row in rows:
        print(f"{row[0]:4d}  {row[1]:8.2f} {row[2]:8.2f}  {row[3]:5.2f}   {row[4]:8.2f} {row[5]:8.2f}  {row[6]:5.2f}")
    print(f"median ratio new/base: p50 {statistics.median(ratios50):.3f}, p99 {statistics.median(ratios99):.3f}")


if __name__ == "__main__":
    main()
