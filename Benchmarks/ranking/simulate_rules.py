#!/usr/bin/env python3
"""Simulates a candidate ranking rule on the dev set before building it: re-ranks the full ranked
lists that `error_analysis.py` wrote (every returned offer with its score) with the rule's δ added
to each offer's total, and scores them as `supportmatch evaluate` does (nDCG@10 with linear gains,
P@5 and MRR with relevant = grade ≥ 1, plus the judges' near misses in a top 10). The unchanged
lists reproduce `evaluate` exactly, so a rule's effect is read against the shipped ranking.

    python3 Benchmarks/ranking/error_analysis.py dev /tmp/fdb.sqlite PROFILES QRELS 2026-03-15 /tmp/dev-rows.json > /dev/null
    supportmatch derivations --database /tmp/fdb.sqlite --json > /tmp/derivations.jsonl
    supportmatch export --database /tmp/fdb.sqlite --format native-json --output /tmp/fdb-export.json
    python3 Benchmarks/ranking/simulate_rules.py --rows /tmp/dev-rows.json --derivations /tmp/derivations.jsonl \
        --export /tmp/fdb-export.json [--rule NAME ...] [--delta 0.1 --delta 0.2]

A simulation sees only the offers already returned and their scores, so it cannot try a rule that
changes the text score or eligibility; it is a filter for ideas, not a result (RESULTS records the
built figures). Rules are general statements about programmes and clients, never about one offer.

`--amount-from-text` instead replaces the amount component of every offer whose record states no
maximum but whose title or sentence does ("ein Darlehen von bis zu 25.000 EUR"), as a derived
maximum would: `amountWeight · fit`, fit 1 when the client's need is within it, else
`(maximum / need)^exponent` (``Scoring.amountFit``; pass the shipped `--amount-weight` and
`--amount-exponent`). `--dev` selects the judged set (dev, B or C).
"""
import argparse, collections, json, math, os, re
from judged_metrics import list_metrics

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared", "judgments", "foerderdatenbank-dev")
RESEARCH = {"forschung_innovation_themenoffen", "forschung_innovation_themenspezifisch"}
COMPATIBLE = {"university": {"research-institution"}, "research-institution": {"university"}, "founder": {"company"},
              "company": {"founder"}, "association": {"public-body"}, "public-body": {"association"}}


class Data:
    def __init__(self, args):
        dev = args.dev
        self.rows = json.load(open(args.rows))
        self.qrels = collections.defaultdict(dict)
        for line in open(os.path.join(dev, "judgments.qrels")):
            profile, _, offer, grade = line.split()
            self.qrels[profile][offer] = int(grade)
        self.misses = collections.defaultdict(set)
        for line in list(open(os.path.join(dev, "near-misses.tsv")))[1:]:
            profile, offer = line.rstrip("\n").split("\t")
            self.misses[profile].add(offer)
        self.derived = {}
        for line in open(args.derivations):
            entry = json.loads(line)
            self.derived[entry["id"]] = entry
        self.offers = {}
        for offer in json.load(open(args.export))["offers"]:
            key = offer["id"] if offer["id"].startswith("fdb:") else "fdb:" + offer["id"]
            self.offers[key] = offer
        self.profiles = {}
        for name in os.listdir(os.path.join(dev, "profiles")):
            profile = json.load(open(os.path.join(dev, "profiles", name)))
            self.profiles[profile["id"]] = profile

    def metrics(self, profile, ranked):
        return list_metrics(self.qrels[profile], self.misses[profile], ranked)

    def run(self, delta, label):
        totals, per = [0.0] * 4, {}
        for profile, rows in self.rows.items():
            scored = sorted(((r["score"]["total"] + delta(self, self.profiles[profile], r), -r["rank"], r["id"]) for r in rows), reverse=True)
            per[profile] = self.metrics(profile, [s[2] for s in scored])
            totals = [t + m for t, m in zip(totals, per[profile])]
        n = len(self.rows)
        print(f"{label:44s} nDCG@10 {totals[0] / n:.4f}  P@5 {totals[1] / n:.2f}  MRR {totals[2] / n:.3f}  near misses {int(totals[3])}  "
              + " ".join(f"{p[-2:]}:{per[p][0]:.2f}" for p in sorted(per)))


def derived_values(data, offer, kind):
    return {x["value"] for x in data.derived.get(offer, {}).get("derived", {}).get(kind, [])}


def topics_of(data, offer):
    return set(data.derived.get(offer, {}).get("statedTopics") or []) | derived_values(data, offer, "topics")


def instruments_of(data, offer):
    return set(data.offers.get(offer, {}).get("instruments") or []) | derived_values(data, offer, "instruments")


def text_of(data, offer):
    o = data.offers.get(offer, {})
    return (o.get("title", "") + " " + (o.get("summary") or "")).lower()


# Each rule: (data, profile, row) -> True when the rule applies (the offer is lowered by δ).
RULES = {
    "eu-scope": lambda d, p, r: "/EU/" in r["id"],
    "thematic-research": lambda d, p, r: "forschung_innovation_themenspezifisch" in topics_of(d, r["id"])
        and "forschung_innovation_themenspezifisch" not in (p.get("topics") or []),
    "mentions-only-other-type": lambda d, p, r: not d.derived.get(r["id"], {}).get("statedApplicantTypes")
        and not derived_values(d, r["id"], "applicantTypes")
        and bool(derived_values(d, r["id"], "mentionedApplicantTypes"))
        and not (derived_values(d, r["id"], "mentionedApplicantTypes") & ({p["applicantType"]} | COMPATIBLE.get(p["applicantType"], set()))),
    "instrument-not-preferred": lambda d, p, r: bool(p.get("preferredInstruments")) and bool(instruments_of(d, r["id"]))
        and not (instruments_of(d, r["id"]) & set(p["preferredInstruments"])),
    "founding-for-established": lambda d, p, r: p["applicantType"] == "company" and bool(p.get("yearFounded"))
        and 2026 - p["yearFounded"] > 5 and "existenzgruendung_festigung" not in (p.get("topics") or [])
        and "existenzgruendung_festigung" in topics_of(d, r["id"]),
    "provider-names-agriculture": lambda d, p, r: p["applicantType"] in ("company", "founder") and bool(p.get("sector"))
        and not p["sector"].startswith("01") and "landwirtschaft" in (d.offers.get(r["id"], {}).get("provider") or {}).get("name", "").lower()
        and not derived_values(d, r["id"], "mentionedSectors") and not derived_values(d, r["id"], "sectors"),
}


# "bis zu 25.000 EUR", "bis zu 3 Millionen EUR", "bis zu 10.000.000 Euro".
AMOUNT_UP_TO = re.compile(r"bis zu (\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+))? ?(Millionen|Mio\.?)? ?(?:EUR|Euro)\b")


def amount_up_to(data, offer):
    """The maximum the record's title or sentence states, or None (also when the record states one)."""
    o = data.offers.get(offer, {})
    if (o.get("funding") or {}).get("amountMax") is not None:
        return None
    text = " ".join(filter(None, [o.get("title"), o.get("summary"), o.get("description")]))
    match = AMOUNT_UP_TO.search(text)
    if not match:
        return None
    value = float(match.group(1).replace(".", "") + ("." + match.group(2) if match.group(2) else ""))
    return value * (1e6 if match.group(3) else 1)


def amount_delta(weight, exponent):
    def delta(data, profile, row):
        maximum, need = amount_up_to(data, row["id"]), profile.get("amountNeeded")
        if maximum is None or not need:
            return 0
        fit = 1 if need <= maximum else (maximum / need) ** exponent
        return weight * fit - row["score"]["amount"]
    return delta


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", required=True)
    parser.add_argument("--derivations", required=True)
    parser.add_argument("--export", required=True)
    parser.add_argument("--dev", default=DEV)
    parser.add_argument("--rule", action="append", choices=sorted(RULES))
    parser.add_argument("--delta", action="append", type=float)
    parser.add_argument("--amount-from-text", action="store_true")
    parser.add_argument("--amount-weight", type=float, default=0.2)
    parser.add_argument("--amount-exponent", type=float, default=1.0)
    args = parser.parse_args()
    data = Data(args)
    data.run(lambda d, p, r: 0, "shipped ranking")
    if args.amount_from_text:
        found = sorted(o for o in data.offers if amount_up_to(data, o) is not None)
        print(f"{len(found)} records state a maximum in their text only:")
        for offer in found:
            print(f"  {amount_up_to(data, offer):>14,.0f} EUR  {data.offers[offer]['title'][:70]}")
        data.run(amount_delta(args.amount_weight, args.amount_exponent), "amount maximum from the text")
        return
    for name in args.rule or sorted(RULES):
        for delta in args.delta or [0.1, 0.2, 0.3]:
            data.run(lambda d, p, r, rule=RULES[name], delta=delta: -delta if rule(d, p, r) else 0, f"{name} −{delta}")


if __name__ == "__main__":
    main()
