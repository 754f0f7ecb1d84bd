#!/usr/bin/env python3
"""Precision of the derived facts of thin records, measured two ways on the Förderdatenbank
export:

1. Against the records that state their applicants ("Wer wird gefördert", 299 programmes),
   topics or instruments (every record states its Förderart): derive from the title and summary only, ignoring the stated fields
   (`supportmatch derivations --from title-summary`), and compare with what is stated.
2. Against the judged eligibility of the dev set (eligible.tsv): of the offers in a
   consultation's regions whose derived facts make them *likely not* eligible for that
   applicant (another applicant named as the subject, a size limit that excludes it) or mark
   them as serving others, the share the judge also held not usable.

    python3 Benchmarks/ranking/derivation_precision.py --binary .build/debug/supportmatch --fdb-db /tmp/fdb.sqlite
"""
import argparse, json, os, subprocess, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEV = os.path.join(os.path.dirname(ROOT), "shared", "judgments", "foerderdatenbank-dev")


def lines(binary, db, source, frm):
    out = subprocess.run([binary, "derivations", "--database", db, "--source", source, "--from", frm, "--json"],
                         capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "supportmatch"))
    parser.add_argument("--fdb-db", required=True)
    args = parser.parse_args()

    print("1. Derived from title and summary only, against the stated labels")
    bare = lines(args.binary, args.fdb_db, "fdb", "title-summary")
    for field, stated_key, kinds in [("applicant types", "statedApplicantTypes", ["applicantTypes", "mentionedApplicantTypes"]),
                                     ("topics", "statedTopics", ["topics"])]:
        labelled = [l for l in bare if l.get(stated_key)]
        for kind in kinds:
            right = wrong = covered = 0
            for l in labelled:
                derived = {d["value"] for d in l["derived"].get(kind, [])}
                if derived: covered += 1
                right += len(derived & set(l[stated_key]))
                wrong += len(derived - set(l[stated_key]))
            total = right + wrong
            print(f"   {field:16s} {kind:24s} records {len(labelled):4d}  with a derivation {covered:4d}"
                  f"  values {total:4d}  precision {right / total if total else float('nan'):.3f}")
    # Instruments: every Förderdatenbank record states its one Förderart, so each derived
    # instrument is right when it is the stated one (a record naming two forms, "ein Darlehen
    # und einen Zuschuss", counts one of them wrong; advice is never stated there).
    right, wrong = Counter(), Counter()
    for l in bare:
        for d in l["derived"].get("instruments", []):
            (right if d["value"] in (l.get("statedInstruments") or []) else wrong)[d["value"]] += 1
    for value in sorted(set(right) | set(wrong)):
        total = right[value] + wrong[value]
        print(f"   instruments      {value:24s} values {total:4d}  precision {right[value] / total:.3f}")
    total = sum(right.values()) + sum(wrong.values())
    if total:
        print(f"   instruments      {'all':24s} values {total:4d}  precision {sum(right.values()) / total:.3f}")
    sized = [l for l in bare if l.get("statedCompanySizes")]
    right = sum(1 for l in sized if l["derived"].get("companySizes") and set(l["derived"]["companySizes"]["value"]) <= set(l["statedCompanySizes"]))
    some = sum(1 for l in sized if l["derived"].get("companySizes"))
    print(f"   company sizes    within the stated classes: {right} of {some} derived ({len(sized)} records state sizes)")

    print("2. Likely-not and serves-others against the judged eligibility (eligible.tsv)")
    full = {l["id"]: l for l in lines(args.binary, args.fdb_db, "fdb", "all")}
    exported = subprocess.run([args.binary, "offers", "--database", args.fdb_db, "--source", "fdb", "--status", "active",
                               "--limit", "100000", "--json"], capture_output=True, text=True, check=True)
    offers = {o["id"]: o["offer"] for o in json.loads(exported.stdout)}
    eligible = defaultdict(set)
    with open(os.path.join(DEV, "eligible.tsv")) as handle:
        next(handle)
        for line in handle:
            p, o = line.rstrip("\n").split("\t")
            eligible[p].add(o)
    rules = json.load(open(os.path.join(ROOT, "Catalog", "analysis", "derivation.json")))
    compatible = defaultdict(set)
    for a, b in rules["compatibleTypes"]["pairs"]:
        compatible[a].add(b)
        compatible[b].add(a)
    sizes = {"micro": (0, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 10 ** 9)}
    counts = Counter()
    for name in sorted(os.listdir(os.path.join(DEV, "profiles"))):
        profile = json.load(open(os.path.join(DEV, "profiles", name)))
        pid, ptype, state = profile["id"], profile.get("applicantType"), profile.get("location", {}).get("state")
        staff = profile.get("employees")
        for oid, offer in offers.items():
            regions = (offer.get("eligibility") or {}).get("regions") or ["DE"]
            if not any(r in ("DE", "EU") or r == state or state and state.startswith(r) for r in regions):
                continue
            types = (offer.get("eligibility") or {}).get("applicantTypes")
            if types and ptype not in types:
                continue  # stated: already decided
            d = full[oid]["derived"]
            subject = {x["value"] for x in d.get("applicantTypes", [])}
            size = d.get("companySizes")
            likely_not = bool(subject) and not subject & ({ptype} | compatible[ptype])
            if size and ptype in ("company", "founder") and staff is not None:
                classes = [c for c, (lo, hi) in sizes.items() if lo <= staff <= hi]
                if classes and not set(classes) & set(size["value"]):
                    likely_not = True
            if likely_not:
                counts["likelyNot"] += 1
                counts["likelyNot.judgedUsable"] += oid in eligible[pid]
            if d.get("servesOthers") and ptype in ("company", "founder", "private-person") \
                    and not subject & ({ptype} | compatible[ptype]):  # a subject naming the client overrides
                counts["servesOthers"] += 1
                counts["servesOthers.judgedUsable"] += oid in eligible[pid]
            if subject and ptype in subject:
                counts["subjectMatch"] += 1
                counts["subjectMatch.judgedUsable"] += oid in eligible[pid]
    for kind in ["likelyNot", "servesOthers"]:
        n, usable = counts[kind], counts[kind + ".judgedUsable"]
        print(f"   {kind:14s} (consultation, offer) pairs {n:5d}  judged not usable {n - usable:5d}  precision {(n - usable) / n if n else float('nan'):.3f}")
    n, usable = counts["subjectMatch"], counts["subjectMatch.judgedUsable"]
    print(f"   subjectMatch   (consultation, offer) pairs {n:5d}  judged usable {usable:5d}  precision {usable / n if n else float('nan'):.3f}")


if __name__ == "__main__":
    main()
