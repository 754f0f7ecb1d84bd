#!/usr/bin/env python3
"""Recommendation latency of SupportMatch next to tantivy, on the same catalogues and queries.

For each size (default 1k, 10k, 100k offers) it generates a catalogue with
Benchmarks/generate_catalogue.py (German text recombined from the bundled offers), then

- SupportMatch: the release build of Benchmarks/matching (a separate package) builds an
  OfferIndex and calls `recommend` (limit 10: eligibility, BM25F with synonyms and compound
  parts, topic/instrument/amount/deadline/specificity scoring, explanations of the 10 results,
  near misses, next question) for every query in queries.json;
- tantivy (pip install tantivy): an in-RAM index of title, summary, description, keywords with a
  German analyzer (simple tokenizer, lowercase, German stopwords, Snowball German stemmer), field
  boosts as ours (title 3, summary 1.5, keywords 2), and the same filters as indexed raw fields
  queried as constant-score term sets: applicant type, region (the profile's district, state,
  DE, or unrestricted), size class, open on the day. Query = filters AND (OR of the description's
  terms), top 10, ids fetched from the doc store.

Both run on one thread, warm-up pass first, then --rounds passes over the 50 queries; p50/p99
are nearest-rank percentiles of the per-query times. Prints a table and a JSON summary.

The machines this runs on are shared virtual machines whose speed drifts by up to 2x within
minutes, so --repeat N runs the two engines alternately N times per size and reports the ratio
of each adjacent pair and their median: a ratio from one pair measured minutes apart from
another engine's run would mostly measure the drift.

    python3 Benchmarks/matching/run_latency.py [--sizes 1000,10000,100000] [--rounds 20] \
        [--repeat 3] [--work /tmp/supportmatch-bench] [--scratch-path Benchmarks/matching/.build]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TODAY = "2026-11-28"


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), -(-int(p * len(sorted_values)) // 100)))
    return sorted_values[rank - 1]


def generate(count, work):
    path = os.path.join(work, f"offers-{count}.json")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "generate_catalogue.py"),
                        "--count", str(count), "--format", "json", "--out", path], check=True)
    return path


def build_supportmatch(scratch):
    subprocess.run(["swift", "build", "-c", "release", "--package-path", HERE, "--scratch-path", scratch,
                    "--product", "matching-bench"], check=True)
    binary = subprocess.run(["swift", "build", "-c", "release", "--package-path", HERE, "--scratch-path", scratch,
                             "--show-bin-path"], check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(binary, "matching-bench")


def run_supportmatch(binary, catalogue, queries, rounds):
    output = subprocess.run([binary, "--catalogue", catalogue, "--queries", queries, "--rounds", str(rounds),
                             "--today", TODAY], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def is_open(schedule):
    if schedule.get("status") == "closed":
        return False
    deadlines = schedule.get("deadlines", [])
    return not deadlines or any(d >= TODAY for d in deadlines)


def run_tantivy(catalogue, queries, rounds):
    import tantivy
    from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

    german = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
              .filter(Filter.stopword("german")).filter(Filter.stemmer("german")).build())
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "summary", "description", "keywords"):
        builder.add_text_field(name, stored=False, tokenizer_name="de_stem")
    for name in ("applicant", "region", "size", "open"):
        builder.add_text_field(name, stored=False, tokenizer_name="raw")
    schema = builder.build()
    index = tantivy.Index(schema)  # in RAM
    index.register_tokenizer("de_stem", german)

    with open(catalogue, encoding="utf-8") as handle:
        offers = json.load(handle)["offers"]
    start = time.perf_counter()
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for offer in offers:
        eligibility = offer.get("eligibility", {})
        writer.add_document(tantivy.Document(
            id=offer["id"], title=offer["title"], summary=offer.get("summary", ""),
            description=offer.get("description", ""), keywords=". ".join(offer.get("keywords", [])),
            applicant=eligibility.get("applicantTypes") or ["any"],
            region=eligibility.get("regions") or ["any"],
            size=eligibility.get("companySizes") or ["any"],
            open=["yes" if is_open(offer.get("schedule", {})) else "no"]))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build_ms = (time.perf_counter() - start) * 1e3
    searcher = index.searcher()

    prepared = []
    for profile in queries:
        location = profile.get("location", {})
        regions = ["any", "DE", location["state"]] + ([location["district"]] if "district" in location else [])
        filters = [
            (Occur.Must, Query.term_set_query(schema, "applicant", ["any", profile["applicantType"]])),
            (Occur.Must, Query.term_set_query(schema, "region", regions)),
            (Occur.Must, Query.term_query(schema, "open", "yes")),
        ]
        if "sizeClass" in profile:
            filters.append((Occur.Must, Query.term_set_query(schema, "size", ["any", profile["sizeClass"]])))
        text = re.sub(r"[^\w\s]", " ", profile["projectDescription"])
        prepared.append((Query.const_score_query(Query.boolean_query(filters), 0.0), text))

    def answer(filter_query, text):
        text_query = index.parse_query(text, ["title", "summary", "description", "keywords"],
                                       field_boosts={"title": 3.0, "summary": 1.5, "keywords": 2.0})
        query = Query.boolean_query([(Occur.Must, filter_query), (Occur.Must, text_query)])
        hits = searcher.search(query, 10).hits
        return [searcher.doc(address)["id"][0] for _, address in hits]

    eligible = sum(searcher.search(f, 1).count for f, _ in prepared) / len(prepared)
    for filter_query, text in prepared:  # warm-up
        answer(filter_query, text)
    samples = []
    for _ in range(rounds):
        for filter_query, text in prepared:
            begin = time.perf_counter_ns()
            answer(filter_query, text)
            samples.append((time.perf_counter_ns() - begin) / 1e6)
    samples.sort()
    return {"engine": "tantivy", "offers": len(offers), "queries": len(prepared), "samples": len(samples),
            "p50_ms": percentile(samples, 50), "p99_ms": percentile(samples, 99),
            "mean_ms": sum(samples) / len(samples), "build_ms": build_ms, "mean_eligible": eligible}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--work", default="/tmp/supportmatch-bench")
    parser.add_argument("--scratch-path", default=os.path.join(HERE, ".build"))
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.json"))
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the engines alternately this many times per size; reports each pair's ratio and the median")
    parser.add_argument("--engines", default="supportmatch,tantivy",
                        help="which engines to run (comma-separated); the ratio needs both")
    args = parser.parse_args()
    engines = set(args.engines.split(","))
    os.makedirs(args.work, exist_ok=True)
    with open(args.queries, encoding="utf-8") as handle:
        queries = json.load(handle)["queries"]

    binary = build_supportmatch(args.scratch_path) if "supportmatch" in engines else None
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        catalogue = generate(size, args.work)
        ratios = []
        for repetition in range(1, args.repeat + 1):
            ours = run_supportmatch(binary, catalogue, args.queries, args.rounds) if binary else None
            theirs = run_tantivy(catalogue, queries, args.rounds) if "tantivy" in engines else None
            result = {"size": size, "repetition": repetition, "supportmatch": ours, "tantivy": theirs}
            for engine in (ours, theirs):
                if engine:
                    print(f"{size:>7} offers  run {repetition}  {engine['engine']:12} p50 {engine['p50_ms']:.3f} ms  "
                          f"p99 {engine['p99_ms']:.3f} ms  mean {engine['mean_ms']:.3f} ms  "
                          f"(index {engine['build_ms'] / 1e3:.1f} s, {engine['mean_eligible']:.0f} eligible/query)", flush=True)
                    if "first_pass_p50_ms" in engine:
                        print(f"{size:>7} offers  run {repetition}  {engine['engine']:12} first pass (cold) p50 "
                              f"{engine['first_pass_p50_ms']:.3f} ms  max {engine['first_pass_max_ms']:.3f} ms  "
                              f"mean {engine['first_pass_mean_ms']:.3f} ms", flush=True)
            if ours and theirs:
                result["p50_ratio"] = ours["p50_ms"] / theirs["p50_ms"]
                ratios.append(result["p50_ratio"])
                print(f"{size:>7} offers  run {repetition}  p50 ratio (supportmatch / tantivy) {result['p50_ratio']:.2f}", flush=True)
            results.append(result)
        if ratios:
            ordered = sorted(ratios)
            middle = len(ordered) // 2
            median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
            print(f"{size:>7} offers  p50 ratio over {len(ratios)} pairs: median {median:.2f}, "
                  f"range {ordered[0]:.2f}-{ordered[-1]:.2f}", flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
