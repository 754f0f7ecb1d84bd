#!/usr/bin/env python3
"""Deterministic generator of large SupportMatch catalogues for benchmarks.

Builds N synthetic offers whose texts are recombined from the sentences and keywords of the
bundled catalogue (Catalog/offers/*.json), so the text has the length, vocabulary and German
morphology of real programme descriptions, and whose criteria (regions, applicant types,
sizes, sectors, instruments, topics, amounts, deadlines) are drawn from the taxonomies with
realistic skew. Same arguments, same bytes: the random generator is seeded and no clock is read.

    python3 Benchmarks/generate_catalogue.py --count 100000 --format xml --out /tmp/offers-100k.xml
    python3 Benchmarks/generate_catalogue.py --count 10000 --format json --out /tmp/offers-10k.json
"""
import argparse
import glob
import json
import os
import random
import re
import sys
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = "https://supportmatch.example/ns/catalogue/1"


def load_corpus():
    sentences, titles, keywords, providers = [], [], [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "Catalog", "offers", "*.json"))):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        for offer in document["offers"]:
            titles.append(offer["title"])
            keywords.extend(offer.get("keywords", []))
            providers.append((offer["provider"]["name"], offer["provider"]["level"]))
            text = offer.get("summary", "") + " " + offer.get("description", "")
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 30)
    return sentences, titles, sorted(set(keywords)), providers


def load_codes(name):
    with open(os.path.join(ROOT, "Catalog", "taxonomies", name + ".json"), encoding="utf-8") as handle:
        return [term["code"] for term in json.load(handle)["terms"]]


def make_offer(rng, index, corpus, codes):
    sentences, titles, keywords, providers = corpus
    provider_name, level = rng.choice(providers)
    title_words = rng.choice(titles).split()
    rng.shuffle(title_words)
    title = " ".join(title_words[: max(3, len(title_words) // 2)]) + f" {index}"
    description = "\n\n".join(
        " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(2, 4)))
    offer = {
        "id": f"gen-{index:07d}",
        "title": title,
        "summary": rng.choice(sentences)[:300],
        "description": description,
        "language": "de",
        "provider": {"name": provider_name, "level": level},
        "links": [{"kind": "information", "url": f"https://example.org/programme/{index}"}],
        "instruments": sorted(set(rng.choices(codes["instruments"], weights=[6, 2, 1, 1, 1, 1][: len(codes["instruments"])], k=rng.randint(1, 2)))),
        "topics": sorted(set(rng.sample(codes["topics"], rng.randint(1, 3)))),
        "keywords": sorted(set(rng.sample(keywords, min(len(keywords), rng.randint(2, 6))))),
        "schedule": {"status": rng.choices(["rolling", "open", "closed", "forthcoming"], weights=[6, 3, 1, 1])[0]},
        "sourceURL": f"https://example.org/programme/{index}",
        "asOf": "2026-11-28",
    }
    eligibility = {}
    if rng.random() < 0.8:
        eligibility["applicantTypes"] = sorted(set(rng.sample(codes["applicant-types"], rng.randint(1, 3))))
    if rng.random() < 0.4:
        eligibility["companySizes"] = rng.choice([["micro"], ["micro", "small"], ["micro", "small", "medium"]])
    regions = [code for code in codes["regions"] if code.startswith("DE-") or code.startswith("DED")]
    if rng.random() < 0.9:
        eligibility["regions"] = ["DE"] if rng.random() < 0.4 else [rng.choice(regions)]
    if rng.random() < 0.15:
        sections = [code for code in codes["sectors"] if code.isalpha()]
        eligibility["sectors"] = {"include": sorted(set(rng.sample(sections, rng.randint(1, 3))))}
    if rng.random() < 0.1:
        eligibility["companyAge"] = {"maxYears": rng.choice([3, 5, 7])}
    if eligibility:
        offer["eligibility"] = eligibility
    if rng.random() < 0.7:
        high = rng.choice([10_000, 50_000, 200_000, 1_000_000, 5_000_000])
        offer["funding"] = {"currency": "EUR", "amountMax": high}
        if rng.random() < 0.5:
            offer["funding"]["rateMax"] = rng.choice([25, 40, 50, 70, 80, 100])
    if offer["schedule"]["status"] in ("open", "closed"):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        offer["schedule"]["deadlines"] = [f"{2026 + (offer['schedule']['status'] == 'open')}-{month:02d}-{day:02d}"]
    return offer


def xml_offer(offer):
    """The native XML encoding, element for element like the JSON (Catalog/README.md)."""
    out = [f'  <offer id={quoteattr(offer["id"])}>']
    def text(name, value, indent="    "):
        out.append(f"{indent}<{name}>{escape(str(value))}</{name}>")
    text("title", offer["title"])
    text("summary", offer["summary"])
    text("description", offer["description"])
    text("language", offer["language"])
    out.append("    <provider>")
    text("name", offer["provider"]["name"], "      ")
    text("level", offer["provider"]["level"], "      ")
    out.append("    </provider>")
    out.append("    <links>")
    for link in offer["links"]:
        out.append(f'      <link><kind>{link["kind"]}</kind><url>{escape(link["url"])}</url></link>')
    out.append("    </links>")
    out.append("    <instruments>" + "".join(f"<instrument>{i}</instrument>" for i in offer["instruments"]) + "</instruments>")
    out.append("    <topics>" + "".join(f"<topic>{t}</topic>" for t in offer["topics"]) + "</topics>")
    out.append("    <keywords>" + "".join(f"<keyword>{escape(k)}</keyword>" for k in offer["keywords"]) + "</keywords>")
    eligibility = offer.get("eligibility")
    if eligibility:
        out.append("    <eligibility>")
        for key, item in (("applicantTypes", "applicantType"), ("companySizes", "companySize"), ("regions", "region")):
            if key in eligibility:
                out.append(f"      <{key}>" + "".join(f"<{item}>{v}</{item}>" for v in eligibility[key]) + f"</{key}>")
        if "sectors" in eligibility:
            out.append("      <sectors><include>" + "".join(f"<sector>{v}</sector>" for v in eligibility["sectors"]["include"]) + "</include></sectors>")
        if "companyAge" in eligibility:
            out.append(f'      <companyAge><maxYears>{eligibility["companyAge"]["maxYears"]}</maxYears></companyAge>')
        out.append("    </eligibility>")
    funding = offer.get("funding")
    if funding:
        out.append("    <funding>" + "".join(f"<{k}>{v}</{k}>" for k, v in funding.items()) + "</funding>")
    schedule = offer["schedule"]
    out.append("    <schedule><status>" + schedule["status"] + "</status>"
               + ("<deadlines>" + "".join(f"<deadline>{d}</deadline>" for d in schedule["deadlines"]) + "</deadlines>" if schedule.get("deadlines") else "")
               + "</schedule>")
    text("sourceURL", offer["sourceURL"])
    text("asOf", offer["asOf"])
    out.append("  </offer>")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--format", choices=["json", "xml"], default="json")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--source", default="generated")
    parser.add_argument("--out", default="-")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    corpus = load_corpus()
    codes = {name: load_codes(name) for name in ("instruments", "topics", "applicant-types", "regions", "sectors")}
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    if args.format == "json":
        out.write('{"format": "supportmatch-catalogue", "version": 1, "source": %s, "offers": [\n' % json.dumps(args.source))
        for index in range(args.count):
            out.write(("," if index else "") + json.dumps(make_offer(rng, index, corpus, codes), ensure_ascii=False) + "\n")
        out.write("]}\n")
    else:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<catalogue xmlns="{NS}" version="1" source={quoteattr(args.source)}>\n')
        for index in range(args.count):
            out.write(xml_offer(make_offer(rng, index, corpus, codes)) + "\n")
        out.write("</catalogue>\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
