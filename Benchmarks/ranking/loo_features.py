#!/usr/bin/env python3
"""Leave-one-consultation-out test of candidate ranking features on the dev set, before building any.

Re-ranks the full ranked lists that `error_analysis.py` wrote (every returned offer with its score
components) with `total + Σ w_k · f_k`, where the f_k are candidate features of a (consultation,
offer) pair, standardised by their spread over the top 30s. For each held-out consultation the
weights are chosen on the other nine by coordinate ascent over a grid (mean nDCG@10 minus 0.05
per judges' near miss in a top 10), then the held-out one is scored. The unchanged lists
reproduce `supportmatch evaluate` exactly (0.6349 on main 11681a8). A feature whose held-out
mean does not beat the unchanged lists does not generalise, whatever it adds in sample.

    python3 Benchmarks/ranking/error_analysis.py dev /tmp/fdb.sqlite PROFILES QRELS 2026-03-15 /tmp/dev-rows.json > /dev/null
    supportmatch derivations --database /tmp/fdb.sqlite --json > /tmp/derivations.jsonl
    supportmatch export --database /tmp/fdb.sqlite --format native-json --output /tmp/fdb-export.json
    python3 Benchmarks/ranking/loo_features.py --rows /tmp/dev-rows.json --derivations /tmp/derivations.jsonl \
        --export /tmp/fdb-export.json [--features txtp,fam ...] [--per-profile] [--pairwise 1.0 --pairwise 0.1]

With --pairwise LAMBDA (repeatable; needs numpy) the learner is a pairwise logistic ranker instead: a
linear score over the six weighted components of the ranking (text, topics, instruments,
specificity, derived, amount) and the --features, fitted by gradient descent on every pair of
differently graded offers among each training consultation's top 50, with an L2 pull of strength
LAMBDA towards the shipped combination (1 on each component, 0 on each feature).

Without --features each feature is tried alone, then all together. Features (see `features`):
own (matched groups through the client's own words), allg (all matched groups), ownfrac, txtp
(text × topic component), titleany / title (matched stems in the title), fam (log size of the
programme family: offers sharing the title before " – "), breadth (stated + derived topics),
slen (log words of the summary), eu / bund (page level), ment (mentioned applicant types),
notext, notopic, tx2, sqrttx, txrank / tprank / sprank (rank percentile of a component within
the consultation), txsp, tpsp, txdv (interactions with specificity and the derived component),
txmin (min of text and topic), tbig / sbig (adjacent word pairs of the client's description found
adjacent in the title / summary), tprec (share of the offer's stated + derived topics the client
named), textra (the offer's topics the client did not name), tjac (Jaccard of both topic sets).
"""
import argparse, collections, json, math, os, re, statistics
from judged_metrics import list_metrics

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared", "judgments", "foerderdatenbank-dev")
GRID = [x / 100 for x in range(-20, 21, 2)]


def fold(text):
    text = text.lower()
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def family(title):
    return fold(re.split(r" [–-] |:|\(", title)[0]).strip()[:60]


class Data:
    def __init__(self, args):
        rows = json.load(open(args.rows))
        self.qrels = collections.defaultdict(dict)
        for line in open(os.path.join(args.dev, "judgments.qrels")):
            profile, _, offer, grade = line.split()
            self.qrels[profile][offer] = int(grade)
        self.misses = collections.defaultdict(set)
        for line in list(open(os.path.join(args.dev, "near-misses.tsv")))[1:]:
            profile, offer = line.rstrip("\n").split("\t")
            self.misses[profile].add(offer)
        derived = {}
        for line in open(args.derivations):
            entry = json.loads(line)
            derived[entry["id"]] = entry
        offers = {}
        for offer in json.load(open(args.export))["offers"]:
            offers[offer["id"] if offer["id"].startswith("fdb:") else "fdb:" + offer["id"]] = offer
        families = collections.Counter(family(o["title"]) for o in offers.values())
        self.profiles = {}
        for name in os.listdir(os.path.join(args.dev, "profiles")):
            client = json.load(open(os.path.join(args.dev, "profiles", name)))
            words = crude_words(client.get("projectDescription", ""))
            client["bigrams"] = set(zip(words, words[1:]))
            client["words"] = set(words)
            self.profiles[client["id"]] = client
        self.lists = {}
        for profile, ranked in rows.items():
            client = self.profiles[profile]
            entries = [(r["id"], r["score"]["total"], features(r, client, offers, derived, families)) for r in ranked]
            for entry, r in zip(entries, ranked):
                for component in COMPONENTS:
                    entry[2]["=" + component] = r["score"][component]
            n = len(ranked)
            for component, name in (("text", "txrank"), ("topics", "tprank"), ("specificity", "sprank")):
                order = sorted(range(n), key=lambda i: -ranked[i]["score"][component])
                for position, i in enumerate(order):
                    entries[i][2][name] = 1 - position / n
            self.lists[profile] = entries
        names = [n for n in next(iter(self.lists.values()))[0][2] if not n.startswith("=")]
        for name in names:  # standardise by the spread over the top 30s (not the components, which the pairwise learner reweights)
            values = [f[name] for entries in self.lists.values() for (_, _, f) in entries[:30]]
            mean = sum(values) / len(values)
            spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1
            for entries in self.lists.values():
                for (_, _, f) in entries:
                    f[name] /= spread
        self.names = names

    def metrics(self, profile, weights):
        entries = self.lists[profile]
        order = sorted(range(len(entries)), key=lambda i: (-(entries[i][1] + sum(w * entries[i][2][k] for k, w in weights.items())), i))
        return self.ranked_metrics(profile, [entries[i][0] for i in order])

    def ranked_metrics(self, profile, ranked):
        return list_metrics(self.qrels[profile], self.misses[profile], ranked)

    def objective(self, profiles, weights):
        return statistics.mean(m[0] - 0.05 * m[3] for m in (self.metrics(p, weights) for p in profiles))

    def fit(self, profiles, names, rounds=3):
        weights = {name: 0.0 for name in names}
        best = self.objective(profiles, weights)
        for _ in range(rounds):
            changed = False
            for name in names:
                for value in GRID:
                    trial = dict(weights, **{name: value})
                    score = self.objective(profiles, trial)
                    if score > best + 1e-9:
                        best, weights, changed = score, trial, True
            if not changed:
                break
        return weights, best


STOPWORDS = set("und oder der die das den dem des ein eine einer eines einem für mit von zu zur zum im in auf an am als "
                "auch bei aus nach über unter durch unsere unser unseren unserer wir ihr ihre sie es ist sind wird werden "
                "soll sollen".split())


def crude_words(text):
    """Folded words without stopwords, cut to five letters: a stemmer's stand-in for adjacency tests."""
    return [w[:5] for w in re.findall(r"[a-zäöüß]+", fold(text)) if w not in STOPWORDS and len(w) > 2]


COMPONENTS = ["text", "topics", "instruments", "specificity", "derived", "amount"]


def pairwise(data, names, lambdas, per_profile):
    """Leave-one-consultation-out of a pairwise logistic ranker (see the module's docstring)."""
    import numpy as np
    columns = ["=" + c for c in COMPONENTS] + names
    matrix = {p: np.array([[f[c] for c in columns] for (_, _, f) in entries]) for p, entries in data.lists.items()}
    grades = {p: np.array([data.qrels[p].get(oid, 0) for (oid, _, _) in entries]) for p, entries in data.lists.items()}
    start = np.array([1.0] * len(COMPONENTS) + [0.0] * len(names))

    def differences(profile, top=50):
        x, g = matrix[profile][:top], grades[profile][:top]
        return np.array([x[i] - x[j] for i in range(len(g)) for j in range(len(g)) if g[i] > g[j]])

    def fit(profiles, strength):
        d = np.vstack([differences(p) for p in profiles])
        w = start.copy()
        for _ in range(300):
            s = 1 / (1 + np.exp(np.clip(d @ w, -30, 30)))
            w -= 0.5 * (-(d * s[:, None]).mean(0) + strength * (w - start))
        return w

    def measure(profile, w):
        order = np.argsort(-(matrix[profile] @ w), kind="stable")
        entries = data.lists[profile]
        return data.ranked_metrics(profile, [entries[i][0] for i in order])

    profiles = sorted(data.lists)
    for strength in lambdas:
        held = {h: measure(h, fit([p for p in profiles if p != h], strength)) for h in profiles}
        w = fit(profiles, strength)
        print("pairwise λ %-6g %-28s held out nDCG@10 %.4f P@5 %.2f MRR %.3f near misses %d | in sample %.4f" % (
            strength, ",".join(names)[:28], statistics.mean(m[0] for m in held.values()),
            statistics.mean(m[1] for m in held.values()), statistics.mean(m[2] for m in held.values()),
            sum(m[3] for m in held.values()), statistics.mean(measure(p, w)[0] for p in profiles)))
        if per_profile:
            print("   " + " ".join("%s %.4f" % (p, held[p][0]) for p in profiles))


def features(row, client, offers, derived, families):
    offer = offers.get(row["id"], {})
    facts = derived.get(row["id"], {}).get("derived", {})
    score = row["score"]
    title = fold(offer.get("title", ""))
    own = [t for t in row["terms"] if not t.endswith("*")]
    stems = [t.rstrip("*") for t in row["terms"]]
    in_title = sum(1 for t in stems if all(w in title for w in t.split()))
    text, topics = score["text"], score["topics"]
    topic_codes = set(derived.get(row["id"], {}).get("statedTopics", [])) | {t["value"] for t in facts.get("topics", [])}
    client_topics = set(client.get("topics") or [])
    title_words, summary_words = crude_words(offer.get("title", "")), crude_words(offer.get("summary", ""))
    return dict(
        own=len(own), allg=len(row["terms"]), ownfrac=len(own) / max(1, len(row["terms"])),
        txtp=text * topics, title=min(3, in_title), titleany=1.0 if in_title else 0.0,
        fam=math.log(families[family(offer.get("title", ""))]) if offer else 0.0,
        breadth=len(topic_codes), slen=math.log(1 + len(offer.get("summary", "").split())),
        eu=1.0 if "/EU/" in row["id"] else 0.0, bund=1.0 if "/Bund/" in row["id"] else 0.0,
        ment=len(facts.get("mentionedApplicantTypes", [])), notext=1.0 if text == 0 else 0.0,
        notopic=1.0 if topics == 0 else 0.0, tx2=text * text, sqrttx=math.sqrt(max(text, 0)),
        txsp=text * score["specificity"], tpsp=topics * score["specificity"], txdv=text * max(0, score["derived"]),
        txmin=min(text, topics),
        tbig=len(client["bigrams"] & set(zip(title_words, title_words[1:]))),
        sbig=len(client["bigrams"] & set(zip(summary_words, summary_words[1:]))),
        tprec=len(topic_codes & client_topics) / len(topic_codes) if topic_codes else 0.0,
        textra=len(topic_codes - client_topics),
        tjac=len(topic_codes & client_topics) / len(topic_codes | client_topics) if topic_codes else 0.0,
        fsuf=module_match(offer.get("title", ""), client, families),
        fsufany=1.0 if module_match(offer.get("title", ""), client, families) else 0.0)


def module_match(title, client, families):
    """Words of the client's description in the part of a programme family's title that tells
    its modules apart (after " – ", ":" or "("), for families of two or more offers: the shared
    sentence and family name cannot separate modules, their own title part can."""
    if families[family(title)] < 2:
        return 0.0
    parts = re.split(r" [–-] |:|\(", title, maxsplit=1)
    if len(parts) < 2:
        return 0.0
    own = set(crude_words(parts[1])) - set(crude_words(parts[0]))
    return float(len(own & client["words"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", required=True)
    parser.add_argument("--derivations", required=True)
    parser.add_argument("--export", required=True)
    parser.add_argument("--dev", default=DEV)
    parser.add_argument("--features", action="append", help="comma-separated features fitted together (repeatable)")
    parser.add_argument("--per-profile", action="store_true")
    parser.add_argument("--pairwise", type=float, action="append", help="a pairwise logistic ranker with this L2 strength")
    args = parser.parse_args()
    data = Data(args)
    if args.pairwise:
        for names in ([s.split(",") for s in args.features] if args.features else [[]]):
            pairwise(data, [n for n in names if n], args.pairwise, args.per_profile)
        return
    profiles = sorted(data.lists)
    unchanged = {p: data.metrics(p, {}) for p in profiles}
    print("unchanged lists: nDCG@10 %.4f" % statistics.mean(m[0] for m in unchanged.values()))
    specs = [s.split(",") for s in args.features] if args.features else [[n] for n in data.names] + [data.names]
    for names in specs:
        held = {}
        for out in profiles:
            weights, _ = data.fit([p for p in profiles if p != out], names)
            held[out] = (data.metrics(out, weights), weights)
        weights, in_sample = data.fit(profiles, names)
        print("%-40s held out nDCG@10 %.4f P@5 %.2f MRR %.3f near misses %d | in sample %.4f %s" % (
            ",".join(names)[:40], statistics.mean(h[0][0] for h in held.values()), statistics.mean(h[0][1] for h in held.values()),
            statistics.mean(h[0][2] for h in held.values()), sum(h[0][3] for h in held.values()), in_sample,
            {k: v for k, v in weights.items() if v}))
        if args.per_profile:
            for p in profiles:
                print("   %s %.4f -> %.4f" % (p, unchanged[p][0], held[p][0][0]), {k: v for k, v in held[p][1].items() if v})


if __name__ == "__main__":
    main()
