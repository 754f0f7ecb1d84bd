"""Forms the judging pool of set C: union of the first 30 fdb offers of the recommender, text-only,
eligibility-only (TREC run files of `supportmatch evaluate --run-out`) and a keyword search over an
export (stems in title + summary, Bund/EU/applicant's Land only). Writes pool.tsv (profile, offer)
and one judging sheet per consultation, ordered by offer id, without system or rank.

    python3 pool.py RUN_FULL RUN_TEXT_ONLY RUN_ELIGIBILITY_ONLY EXPORT.json keyword-stems.json OUT_DIR profiles/

The run files come from `supportmatch evaluate --source fdb --today 2026-03-15 --mode M --run-out F`
(with a qrels file naming each consultation once), the export from `supportmatch export --format native-json`."""
import json, sys, os, collections
DEPTH = 30
runs = sys.argv[1:4]; export = sys.argv[4]; stems = json.load(open(sys.argv[5])); out = sys.argv[6]
profdir = sys.argv[7]
# the page folder of each Land in the export (Sachsen-Anhalt has none in this export; NRW is "NRW")
LAND = {"DE-SH": "Schleswig-Holstein", "DE-HH": "Hamburg", "DE-NI": "Niedersachsen", "DE-HB": "Bremen", "DE-NW": "NRW",
        "DE-HE": "Hessen", "DE-RP": "Rheinland-Pfalz", "DE-BW": "Baden-Wuerttemberg", "DE-BY": "Bayern", "DE-SL": "Saarland",
        "DE-BE": "Berlin", "DE-BB": "Brandenburg", "DE-MV": "Mecklenburg-Vorpommern", "DE-SN": "Sachsen",
        "DE-ST": "Sachsen-Anhalt", "DE-TH": "Thueringen"}
offers = {}
doc = json.load(open(export))
for o in doc["offers"]:
    offers["fdb:" + o["id"]] = o
pool = collections.defaultdict(set)
for path in runs:
    ranked = collections.defaultdict(list)
    for line in open(path):
        q, _, d, r, *_ = line.split()
        ranked[q].append((int(r), d))
    for q, items in ranked.items():
        for _, d in sorted(items)[:DEPTH]:
            if d.startswith("fdb:"): pool[q].add(d)
for q, words in stems.items():
    state = json.load(open(os.path.join(profdir, q + ".json")))["location"]["state"]
    scored = []
    for oid, o in offers.items():
        path = oid[4:]
        if "/Land/" in path and f"/Land/{LAND[state]}/" not in path: continue
        text = (o.get("title", "") + " " + (o.get("summary") or "")).lower()
        n = sum(1 for w in words if w in text)
        if n: scored.append((-n, oid))
    for _, oid in sorted(scored)[:DEPTH]: pool[q].add(oid)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "pool.tsv"), "w") as h:
    h.write("profile\toffer\n")
    for q in sorted(pool):
        for d in sorted(pool[q]): h.write(f"{q}\t{d}\n")
for q in sorted(pool):
    with open(os.path.join(out, f"sheet-{q}.txt"), "w") as h:
        for d in sorted(pool[q]):
            o = offers.get(d, {})
            el = o.get("eligibility", {})
            h.write(f"{d[4:]}\n   T: {o.get('title')}\n   S: {o.get('summary') or ''}\n"
                    f"   app={el.get('applicantTypes')} topics={o.get('topics')} instr={o.get('instruments')} regions={el.get('regions')}\n")
    print(q, len(pool[q]))
