#!/usr/bin/env python3
"""How the recommender treats the offers a judged set holds relevant: returned as eligible
(every criterion passes), returned with unknown criteria, or not returned; for those not
returned, the criterion that fails (from `recommend --explain`). Used for the US set's
"returned as eligible / unknown" figure in Benchmarks/RESULTS.md.

    python3 Benchmarks/matching/judged_eligibility.py --supportmatch .build/debug/supportmatch \
        --database /tmp/us.sqlite --profiles Tests/Judgments/grants-gov/profiles \
        --judgments Tests/Judgments/grants-gov/judgments.qrels --today 2026-01-01 \
        [--through Tests/Judgments/grants-gov/through.tsv]

Prints per profile and in total: relevant, eligible (all pass), eligible with unknowns, failed,
and every failed offer with its failing criterion and message; with --through, which of the
failed ones the judges reach through an intermediary.
"""
import argparse, collections, json, os, subprocess, sys


def run(binary, args):
    result = subprocess.run([binary] + args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)}: {result.stderr}")
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--supportmatch", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--profiles", required=True)
    parser.add_argument("--judgments", required=True)
    parser.add_argument("--today", required=True)
    parser.add_argument("--through")
    a = parser.parse_args()

    relevant = collections.defaultdict(dict)
    for line in open(a.judgments):
        profile, _, offer, grade = line.split()
        if int(grade) >= 1:
            relevant[profile][offer] = int(grade)
    through = set()
    if a.through:
        for line in list(open(a.through))[1:]:
            profile, offer, _ = line.rstrip("\n").split("\t")
            through.add((profile, offer))

    db = ["--database", a.database, "--today", a.today]
    totals = collections.Counter()
    failures = collections.Counter()
    print("profile | relevant | eligible (all pass) | eligible, unknowns | not returned")
    details = []
    for name in sorted(os.listdir(a.profiles)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(a.profiles, name)
        profile = json.load(open(path)).get("id") or name[:-5]
        answer = run(a.supportmatch, ["recommend", "--profile", path, "--json", "--limit", "100000"] + db)
        returned = {}
        for result in answer["results"]:
            for member in [result["id"]] + [o["id"] for o in result.get("alsoPublishedBy", [])]:
                returned[member] = result
        counts = collections.Counter()
        for offer, grade in sorted(relevant[profile].items()):
            if offer in returned:
                counts["unknown" if returned[offer]["explanation"]["unknown"] else "pass"] += 1
                continue
            counts["failed"] += 1
            explained = run(a.supportmatch, ["recommend", "--profile", path, "--json", "--explain", offer] + db)
            failed = explained["explanation"]["failed"]
            kinds = ",".join(f["criterion"] for f in failed) or "?"
            failures[kinds] += 1
            if (profile, offer) in through:
                counts["failed-through"] += 1
            details.append(f"  {profile} {offer} (grade {grade}{', through' if (profile, offer) in through else ''}): "
                           f"{explained['title'][:60]} -- {kinds}: {'; '.join(f['message']['en'] for f in failed)}")
        n = len(relevant[profile])
        print(f"{profile} | {n} | {counts['pass']} | {counts['unknown']} | {counts['failed']}")
        totals.update(counts)
        totals["relevant"] += len(relevant[profile])
    n = totals["relevant"]
    print(f"total | {n} | {totals['pass']} | {totals['unknown']} | {totals['failed']} "
          f"({totals['failed-through']} of them reached through an intermediary)")
    print(f"returned as eligible or unknown: {(totals['pass'] + totals['unknown']) / n:.1%}")
    print("failing criteria:", dict(failures))
    print("\n".join(details))


if __name__ == "__main__":
    main()
