"""Writes the second judge's blind judging sheets for set C (session 12): every pooled pair.

    python3 second_judge_sheets.py EXPORT.json OUT_DIR

EXPORT.json is `supportmatch export --format native-json --source fdb` of a store that imported
the fdb export. Reads only the first two columns of pool.tsv (profile, offer): judge 1's grade
column is never read, and neither are judgments.qrels or near-misses.tsv. Writes one sheet per
consultation, offers ordered by id (no system, no rank, no grade): page path, title, sentence,
stated applicant types, topics, instruments and regions — the fields `supportmatch show` prints."""
import collections, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
export, out = sys.argv[1], sys.argv[2]
offers = {"fdb:" + o["id"]: o for o in json.load(open(export))["offers"]}
pool = collections.defaultdict(list)
for line in open(os.path.join(HERE, "pool.tsv")).read().splitlines()[1:]:
    q, d = line.split("\t")[:2]          # the third column (judge 1's grade) is not read
    pool[q].append(d)
os.makedirs(out, exist_ok=True)
for q in sorted(pool):
    with open(os.path.join(out, f"sheet-{q}.txt"), "w") as h:
        for d in sorted(pool[q]):
            o = offers.get(d, {})
            el = o.get("eligibility", {})
            h.write(f"{d[4:].replace('Foerderprogramm/', '')}\n   T: {o.get('title')}\n   S: {o.get('summary') or ''}\n"
                    f"   app={el.get('applicantTypes')} topics={o.get('topics')} instr={o.get('instruments')}\n")
    print(q, len(pool[q]), file=sys.stderr)
