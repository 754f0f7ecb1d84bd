#!/usr/bin/env python3
"""Error analysis of a judged set: per consultation, the top 10 with grades and score components,
then every judged-relevant offer outside it (its rank and components, or NOT RETURNED when the
recommender filters it as ineligible).

    python3 Benchmarks/ranking/error_analysis.py NAME DB PROFILES QRELS TODAY OUT.json > analysis.txt

One `recommend --limit 100000 --json` per consultation (about 30 s each in a debug build).
SUPPORTMATCH_BINARY overrides the binary (default .build/debug/supportmatch).
"""
import json, subprocess, sys, os, collections
B = os.environ.get("SUPPORTMATCH_BINARY", os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), ".build", "debug", "supportmatch"))
def qrels(path):
    q = collections.defaultdict(dict)
    for line in open(path):
        p, _, o, g = line.split(); q[p][o] = int(g)
    return q
def main(name, db, profdir, qrelpath, today, out):
    q = qrels(qrelpath)
    res = {}
    for f in sorted(os.listdir(profdir)):
        pid = json.load(open(os.path.join(profdir, f))).get("id", f[:-5])
        cmd = [B, "recommend", "--database", db, "--profile", os.path.join(profdir, f), "--today", today,
               "--limit", "100000", "--near-misses", "0", "--json", "--lang", "en"]
        r = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        rows = []
        for i, o in enumerate(r["results"]):
            s = o["explanation"]["score"]
            ids = [o["id"]] + [x["id"] for x in o.get("alsoPublishedBy", [])]
            g = max(q[pid].get(x, 0) for x in ids)
            rows.append(dict(rank=i+1, id=o["id"], title=o["title"][:70], grade=g, score=s,
                             terms=[t["matched"] + ("*" if t["via"] != "word" else "") for t in o["explanation"]["matchedTerms"]],
                             topics=[t["code"] for t in o["explanation"]["matchedTopics"]]))
        res[pid] = rows
    json.dump(res, open(out, "w"))
    for pid, rows in res.items():
        ranked = {r["id"]: r for r in rows}
        print(f"\n## {pid}")
        for r in rows[:10]:
            print(fmt(r))
        print("  -- relevant below 10 / not eligible:")
        for o, g in sorted(q[pid].items(), key=lambda x: -x[1]):
            if o in ranked and ranked[o]["rank"] <= 10: continue
            if o in ranked: print(fmt(ranked[o]))
            else: print(f"   --- g{g} {o} NOT RETURNED")
def fmt(r):
    s = r["score"]
    return (f"  {r['rank']:4d} g{r['grade']} tot {s['total']:.2f} tx {s['text']:.2f} tp {s['topics']:.2f} sp {s['specificity']:.2f} "
            f"dv {s['derived']:+.2f} in {s['instruments']:.2f} | {r['title']} | {','.join(r['terms'][:8])} | {','.join(r['topics'])}")
if __name__ == "__main__":
    a = sys.argv[1:]
    main(*a)
