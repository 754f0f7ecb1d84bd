#!/usr/bin/env python3
"""Imports each amplification shape of issue 13 (item 4) with the real binary and reports the
peak resident memory of every import, next to the baseline import of a tiny catalogue.

    amplification.py --binary PATH --work DIR [--scale small|full]

Prints one JSON object: {"baseline": {...}, "shapes": {name: {"maxrss_mb", "status", "seconds"}}}.
`small` (the default, what `swift test` runs) builds the issue's sizes where the generator is
quick (a million unknown codes, a 200 MB description) and 48 one-megabyte archive entries
(compressing 2 GB for the archive takes minutes); each of the first two took gigabytes on the
code before issue 13, so the default run fails there. `full` builds all the sizes of the issue
(2,047 one-megabyte archive entries too) and is what .ci/run asks for with
SUPPORTMATCH_HOSTILE_FULL=1.
"""
import argparse, json, os, resource, subprocess, sys, time, zipfile


def measure(binary, args, env):
    """Runs the binary in a child of a fresh Python child, so ru_maxrss is this import's alone."""
    probe = (
        "import resource, subprocess, sys, json, time\n"
        "t = time.time(); r = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(json.dumps({'status': r.returncode, 'maxrss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,"
        " 'seconds': time.time() - t, 'stdout': r.stdout.decode('utf-8', 'replace')[-600:], 'stderr': r.stderr.decode('utf-8', 'replace')[-600:]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, binary] + args, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def fdb_archive(path, entries, entry_bytes):
    """Programmes of just under the ratio floor each (1 MiB), compressing about 1000:1."""
    filler = "Förderung " * (entry_bytes // 11)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(entries):
            document = (f'<?xml version="1.0" encoding="UTF-8"?>\n<document name="p{index}" '
                        f'path="/BMWI/FDB/Content/DE/Foerderprogramm/Bund/BMWK" type="gsb:ServiceOffer">'
                        f'<property name="gsb:title" type="RichText"><text>Programm {index}</text></property>'
                        f'<property name="gsb:description" type="RichText"><text>{filler}</text></property></document>')
            archive.writestr(f"BMWI/FDB/Content/DE/Foerderprogramm/Bund/BMWK/p{index}.xml", document)


def grantsgov_codes(path, codes):
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<Grants xmlns="http://apply.grants.gov/system/OpportunityDetail-V1.0">\n'
                  "<OpportunitySynopsisDetail_1_0><OpportunityID>900001</OpportunityID>"
                  "<OpportunityTitle>Amplification</OpportunityTitle><OpportunityNumber>AMP-1</OpportunityNumber>"
                  "<FundingInstrumentType>G</FundingInstrumentType>")
        chunk = "".join(f"<EligibleApplicants>U{i:07d}</EligibleApplicants>\n" for i in range(10_000))
        for _ in range(codes // 10_000):
            out.write(chunk)
        out.write("<PostDate>01152026</PostDate><CloseDate>09302026</CloseDate>"
                  "<Description>d</Description></OpportunitySynopsisDetail_1_0>\n</Grants>\n")


def commongrants_description(path, size):
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"id": "amp-1", "title": "Amplification", "status": {"value": "open"}, "description": "')
        block = "Förderung für kleine Unternehmen. " * 1000
        written = 0
        while written < size:
            out.write(block)
            written += len(block.encode("utf-8"))
        out.write('", "keyDates": {}, "acceptedApplicantTypes": [{"value": "for_profit_small_business"}]}\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--scale", choices=["small", "full"], default="small")
    options = parser.parse_args()
    full = options.scale == "full"
    os.makedirs(options.work, exist_ok=True)
    env = dict(os.environ)
    env.pop("SUPPORTMATCH_DATABASE", None)

    def run(name, *arguments):
        database = os.path.join(options.work, f"{name}.sqlite")
        # First use imports the bundled catalogue; that import is the baseline's too.
        subprocess.run([options.binary, "offers", "--database", database], capture_output=True, env=env, check=True)
        return measure(options.binary, ["import", *arguments, "--database", database], env)

    tiny = os.path.join(options.work, "tiny.json")
    with open(tiny, "w", encoding="utf-8") as out:
        out.write('{"format": "supportmatch-catalogue", "version": 1, "source": "tiny", "offers": []}\n')
    result = {"scale": options.scale, "baseline": run("baseline", tiny), "shapes": {}}

    archive = os.path.join(options.work, "fdb-amplification.zip")
    fdb_archive(archive, 2047 if full else 48, 1024 * 1024 - 4096)
    result["shapes"]["fdb-archive-many-entries"] = run("fdb", archive, "--format", "fdb-export")

    records = os.path.join(options.work, "grantsgov-codes.xml")
    grantsgov_codes(records, 1_000_000)
    result["shapes"]["grantsgov-unknown-codes"] = run("grantsgov", records, "--format", "grantsgov-xml")

    description = os.path.join(options.work, "commongrants-description.json")
    commongrants_description(description, 200 * 1024 * 1024)
    result["shapes"]["commongrants-huge-description"] = run("commongrants", description, "--format", "commongrants-json")

    for path in (archive, records, description):
        os.remove(path)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
