#!/usr/bin/env python3
"""Checks the native catalogue schemas (Catalog/schema/) against the catalogue and taxonomies.

    python3 Tests/schema/check_schemas.py            # check; exit 1 on any failure
    python3 Tests/schema/check_schemas.py sync     # rewrite the generated code lists first
    python3 Tests/schema/check_schemas.py --xml-dir DIR
        # also validate DIR/valid/*.xml (must pass) and DIR/invalid/*.xml (must fail) against
        # the XSD with xmllint, when xmllint is installed

What it proves:
  * catalogue.schema.json is a valid JSON Schema 2020-12 document;
  * the code lists in both schemas equal the codes in Catalog/taxonomies/*.json (the
    taxonomies are the source of truth; --sync copies them into the schemas);
  * every offer in Catalog/offers/*.json is accepted by the JSON Schema;
  * each of a set of broken offers (missing title, 2026-02-31, unknown instrument, negative
    amount, bad status, ...) is rejected by the JSON Schema.
The Swift tests (Tests/CatalogImportTests/SchemaTests.swift) run this script and check the same
offers, written as XML by NativeXMLWriter, against the XSD with libxml2.

Prints one line per check and a closing "N passed, N failed" line.
"""
import copy
import glob
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CATALOG = os.path.join(ROOT, "Catalog")
JSON_SCHEMA = os.path.join(CATALOG, "schema", "catalogue.schema.json")
XSD = os.path.join(CATALOG, "schema", "catalogue.xsd")

# Schema code list -> (taxonomy file, XSD simple type name).
GENERATED = {
    "providerLevel": ("provider-levels", "ProviderLevel"),
    "status": ("statuses", "Status"),
    "sizeClass": ("size-classes", "SizeClass"),
    "instrument": ("instruments", "Instrument"),
    "topic": ("topics", "Topic"),
    "applicantType": ("applicant-types", "ApplicantType"),
    "region": ("regions", "Region"),
}
XSD_BEGIN = "  <!-- BEGIN generated from Catalog/taxonomies (python3 Tests/schema/check_schemas.py sync) -->\n"
XSD_END = "  <!-- END generated -->\n"


def taxonomy_codes(name):
    with open(os.path.join(CATALOG, "taxonomies", name + ".json"), encoding="utf-8") as handle:
        return [term["code"] for term in json.load(handle)["terms"]]


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def generated_xsd_block():
    lines = [XSD_BEGIN]
    for key, (taxonomy, type_name) in GENERATED.items():
        lines.append(f'  <xs:simpleType name="{type_name}">\n')
        lines.append(f'    <xs:annotation><xs:documentation>Codes of Catalog/taxonomies/{taxonomy}.json</xs:documentation></xs:annotation>\n')
        lines.append('    <xs:restriction base="xs:string">\n')
        for code in taxonomy_codes(taxonomy):
            lines.append(f'      <xs:enumeration value="{xml_escape(code)}"/>\n')
        lines.append("    </xs:restriction>\n  </xs:simpleType>\n")
    lines.append(XSD_END)
    return "".join(lines)


def sync():
    with open(JSON_SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    for key, (taxonomy, _) in GENERATED.items():
        schema["$defs"][key] = {"description": f"Codes of Catalog/taxonomies/{taxonomy}.json", "enum": taxonomy_codes(taxonomy)}
    with open(JSON_SCHEMA, "w", encoding="utf-8") as handle:
        json.dump(schema, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    with open(XSD, encoding="utf-8") as handle:
        text = handle.read()
    start = text.index(XSD_BEGIN)
    end = text.index(XSD_END) + len(XSD_END)
    with open(XSD, "w", encoding="utf-8") as handle:
        handle.write(text[:start] + generated_xsd_block() + text[end:])


# Broken offers: (name, mutation of a valid offer). Each must be rejected.
def _delete(path):
    def mutate(offer):
        target = offer
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


def _set(path, value):
    def mutate(offer):
        target = offer
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(key, str) else target[key]
        target[path[-1]] = value
    return mutate


INVALID = [
    ("missing title", _delete(["title"])),
    ("impossible date 2026-02-31", _set(["asOf"], "2026-02-31")),
    ("date with time", _set(["schedule", "opens"], "2026-01-01T00:00:00")),
    ("unknown instrument", _set(["instruments"], ["gift"])),
    ("no instrument", _set(["instruments"], [])),
    ("unknown topic", _set(["topics"], ["weltraum"])),
    ("unknown region", _set(["eligibility", "regions"], ["DE-XX"])),
    ("unknown applicant type", _set(["eligibility", "applicantTypes"], ["alien"])),
    ("negative amount", _set(["funding", "amountMax"], -1)),
    ("rate over 100", _set(["funding", "rateMax"], 120)),
    ("amount as string", _set(["funding", "amountMin"], "5000")),
    ("bad status", _set(["schedule", "status"], "opened")),
    ("bad provider level", _set(["provider", "level"], "national")),
    ("bad link kind", _set(["links", 0, "kind"], "homepage")),
    ("link without http", _set(["links", 0, "url"], "www.example.org")),
    ("unknown field (typo)", _set(["keyword"], ["x"])),
    ("fractional company age", _set(["eligibility", "companyAge"], {"maxYears": 2.5})),
    ("bad sector code", _set(["eligibility", "sectors"], {"include": ["Z"]})),
    ("bad size class", _set(["eligibility", "companySizes"], ["tiny"])),
    ("control character", _set(["title"], "Bell\u0007")),
    ("blank id", _set(["id"], "  ")),
    ("id with markup", _set(["id"], "<script>alert(1)</script>")),
    ("id with a space", _set(["id"], "HHS 2026")),
    ("language not a two-letter code", _set(["language"], "deutsch")),
    ("id over 500 characters", _set(["id"], "x" * 501)),
]

# Editorial rules of hand-written catalogues that imported offers break (issue 14): the format
# carries every offer the store holds, so the schemas accept these and the reader warns.
EDITORIAL = [
    ("empty summary", _set(["summary"], "  ")),
    ("summary over 300 characters", _set(["summary"], "x" * 301)),
    ("empty description", _set(["description"], "")),
    ("no links", _set(["links"], [])),
    ("no topics", _set(["topics"], [])),
    ("an imported source's id", _set(["id"], "Foerderprogramm/Bund/BMG/Themenoffen")),
    ("missing asOf", _delete(["asOf"])),
    ("missing sourceURL", _delete(["sourceURL"])),
    ("language fr", _set(["language"], "fr")),
]


def base_offer():
    """A complete valid offer exercising every field."""
    return {
        "id": "schema-check",
        "title": "Prüfprogramm",
        "summary": "Kurz.",
        "description": "Lang.\n\nZweiter Absatz.",
        "language": "de",
        "provider": {"name": "Testbank", "level": "state",
                     "contact": {"name": "Team", "email": "a@example.org", "phone": "+49 1", "address": "Weg 1", "url": "https://example.org"}},
        "links": [{"kind": "information", "url": "https://example.org/a", "title": "A"}],
        "instruments": ["grant", "loan"],
        "topics": ["digitalisierung"],
        "keywords": ["a", "b", "c"],
        "eligibility": {"applicantTypes": ["company"], "companySizes": ["micro"], "regions": ["DE-SN"],
                        "sectors": {"include": ["C", "62", "62.01"], "exclude": ["A"]},
                        "companyAge": {"minYears": 0, "maxYears": 5}, "conditions": ["Bedingung"]},
        "funding": {"currency": "EUR", "amountMin": 1000, "amountMax": 2500.5, "rateMin": 10, "rateMax": 50, "totalBudget": 1000000},
        "schedule": {"status": "open", "opens": "2026-01-01", "deadlines": ["2026-06-30", "2026-12-31"]},
        "lastUpdated": "2026-03-12",
        "sourceURL": "https://example.org/source",
        "asOf": "2026-11-28",
        "originalCodes": {"foerderart": ["Zuschuss"]},
    }


def document(offers):
    return {"format": "supportmatch-catalogue", "version": 1, "source": "check", "offers": offers}


def invalid_documents():
    """(name, document) for each broken offer; used by this script and written out for the
    Swift XSD test with --write-invalid DIR."""
    result = []
    for name, mutate in INVALID:
        offer = base_offer()
        mutate(offer)
        result.append((name, document([offer])))
    return result


def main(argv):
    if "sync" in argv or "--sync" in argv:
        sync()
    if "--write-invalid" in argv:
        target = argv[argv.index("--write-invalid") + 1]
        os.makedirs(target, exist_ok=True)
        for index, (name, doc) in enumerate(invalid_documents()):
            with open(os.path.join(target, f"{index:02d}.json"), "w", encoding="utf-8") as handle:
                json.dump({"name": name, "document": doc}, handle, ensure_ascii=False)
        with open(os.path.join(target, "valid.json"), "w", encoding="utf-8") as handle:
            json.dump(document([base_offer()]), handle, ensure_ascii=False)
        return 0

    try:
        import jsonschema
    except ImportError:
        print("SKIP: python module jsonschema is not installed (pip install jsonschema)")
        return 2

    passed = failed = 0

    def check(ok, label, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   {label}")
        else:
            failed += 1
            print(f"FAIL {label}{': ' + detail if detail else ''}")

    with open(JSON_SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.Draft202012Validator
    try:
        validator_class.check_schema(schema)
        check(True, "catalogue.schema.json is a valid JSON Schema 2020-12")
    except jsonschema.SchemaError as error:
        check(False, "catalogue.schema.json is a valid JSON Schema 2020-12", error.message)
        print(f"{passed} passed, {failed} failed")
        return 1
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    with open(XSD, encoding="utf-8") as handle:
        xsd_text = handle.read()
    for key, (taxonomy, type_name) in GENERATED.items():
        codes = taxonomy_codes(taxonomy)
        check(schema["$defs"][key].get("enum") == codes, f"JSON Schema {key} codes equal taxonomies/{taxonomy}.json",
              "run python3 Tests/schema/check_schemas.py sync")
        match = re.search(rf'<xs:simpleType name="{type_name}">(.*?)</xs:simpleType>', xsd_text, re.S)
        xsd_codes = re.findall(r'<xs:enumeration value="([^"]*)"/>', match.group(1)) if match else None
        check(xsd_codes == [xml_escape(code) for code in codes], f"XSD {type_name} codes equal taxonomies/{taxonomy}.json",
              "run python3 Tests/schema/check_schemas.py sync")

    files = sorted(glob.glob(os.path.join(CATALOG, "offers", "*.json")))
    check(len(files) > 0, "Catalog/offers has catalogue files")
    for path in files:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
        errors = sorted(validator.iter_errors(doc), key=lambda error: list(error.absolute_path))
        detail = "; ".join(f"#/{'/'.join(map(str, error.absolute_path))}: {error.message[:160]}" for error in errors[:10])
        offers = len(doc.get("offers", [])) if isinstance(doc, dict) else 0
        check(not errors, f"{os.path.relpath(path, ROOT)} ({offers} offers) is accepted by the JSON Schema", detail)

    check(not list(validator.iter_errors(document([base_offer()]))), "the complete sample offer is accepted")
    for name, mutate in EDITORIAL:
        offer = base_offer()
        mutate(offer)
        check(not list(validator.iter_errors(document([offer]))), f"accepted by the JSON Schema (the reader warns): {name}")
    mixed = document([dict(base_offer(), source="fdb")])
    check(not list(validator.iter_errors(dict(mixed, sources=["fdb"]))), "a document declaring its other sources is accepted")
    check(bool(list(validator.iter_errors(dict(mixed, sources=["Not A Source"])))), "rejected by the JSON Schema: a bad name in sources")
    for name, doc in invalid_documents():
        errors = list(validator.iter_errors(doc))
        check(bool(errors), f"rejected by the JSON Schema: {name}")

    if "--xml-dir" in argv:
        xml_dir = argv[argv.index("--xml-dir") + 1]
        xmllint = shutil.which("xmllint")
        if xmllint is None:
            print("note: xmllint not installed; XSD checks left to the Swift tests")
        else:
            for path in sorted(glob.glob(os.path.join(xml_dir, "valid", "*.xml"))):
                run = subprocess.run([xmllint, "--noout", "--nonet", "--schema", XSD, path], capture_output=True, text=True)
                check(run.returncode == 0, f"accepted by the XSD (xmllint): {os.path.basename(path)}", run.stderr[:400])
            for path in sorted(glob.glob(os.path.join(xml_dir, "invalid", "*.xml"))):
                run = subprocess.run([xmllint, "--noout", "--nonet", "--schema", XSD, path], capture_output=True, text=True)
                check(run.returncode != 0, f"rejected by the XSD (xmllint): {os.path.basename(path)}")

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
