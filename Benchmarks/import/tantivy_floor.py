#!/usr/bin/env python3
"""How long tantivy takes to index the texts of a Grants.gov extract, next to xmllint's parse.

Issue 16.4 asks the whole import (read, store, and the persisted index that issue 16.1 builds at
import) to run at 25 % of `xmllint --stream --noout`'s speed, i.e. in at most 4x xmllint's wall
time. This script measures a floor for the index part alone: the Grants.gov records are parsed
by Python first (not timed), then tantivy (the Rust search library, through its Python binding)
indexes the same text fields SupportMatch indexes (title, description, eligibility text, agency),
English-stemmed, plus the filter fields as raw terms, into an index on disk, and commits. The
timed part is tantivy's document building, tokenising, stemming and writing only: no XML, no
validation, no store, no derivation.

Rounds alternate xmllint and tantivy (the machines drift). Usage, from the package root:

    pip install tantivy
    cd ../shared && python3 tools/grantsgov_extract_from_fpi.py --copies 54 --out /tmp/gg54.xml
    python3 Benchmarks/import/tantivy_floor.py /tmp/gg54.xml [--rounds 3] [--threads 1]

Prints per round xmllint's wall time, tantivy's index time, and the ratio index / xmllint.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from xml.etree import ElementTree as ET

NS = "{http://apply.grants.gov/system/OpportunityDetail-V1.0}"
RECORD_TAGS = {NS + "OpportunitySynopsisDetail_1_0", NS + "OpportunityForecastDetail_1_0"}
TEXT_FIELDS = {
    "OpportunityTitle": "title",
    "Description": "description",
    "AdditionalInformationOnEligibility": "eligibility",
    "AgencyName": "agency",
}
RAW_FIELDS = {
    "OpportunityID": "id",
    "EligibleApplicants": "applicant",
    "CategoryOfFundingActivity": "category",
    "FundingInstrumentType": "instrument",
    "CloseDate": "close",
}


def read_records(path: str) -> list[dict[str, list[str]]]:
    records = []
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag not in RECORD_TAGS:
            continue
        record: dict[str, list[str]] = {}
        for child in element:
            name = child.tag[len(NS):]
            field = TEXT_FIELDS.get(name) or RAW_FIELDS.get(name)
            if field and child.text:
                record.setdefault(field, []).append(child.text.strip())
        records.append(record)
        element.clear()
    return records


def index_once(records: list[dict[str, list[str]]], threads: int) -> float:
    import tantivy

    builder = tantivy.SchemaBuilder()
    for field in TEXT_FIELDS.values():
        builder.add_text_field(field, stored=False, tokenizer_name="en_stem")
    for field in RAW_FIELDS.values():
        builder.add_text_field(field, stored=field == "id", tokenizer_name="raw")
    schema = builder.build()
    directory = tempfile.mkdtemp(prefix="tantivy-floor-")
    try:
        index = tantivy.Index(schema, path=directory)
        start = time.perf_counter()
        writer = index.writer(heap_size=256_000_000, num_threads=threads)
        for record in records:
            writer.add_document(tantivy.Document(**record))
        writer.commit()
        writer.wait_merging_threads()
        return time.perf_counter() - start
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def xmllint_once(path: str) -> float:
    start = time.perf_counter()
    subprocess.run(["xmllint", "--stream", "--noout", path], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="tantivy indexing threads")
    args = parser.parse_args()

    records = read_records(args.xml)
    print(f"{len(records)} records read", flush=True)
    for round_number in range(1, args.rounds + 1):
        parse = xmllint_once(args.xml)
        index = index_once(records, args.threads)
        print(f"round {round_number}: xmllint {parse:.2f} s  tantivy index {index:.2f} s  "
              f"index / xmllint {index / parse:.2f}  (the 25 % target allows 4.00 for the whole import)",
              flush=True)


if __name__ == "__main__":
    main()
