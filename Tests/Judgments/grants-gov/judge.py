#!/usr/bin/env python3
"""Grades of the US judged set and the files written from them.

Candidates per profile were pulled from the extract with generous filters (keywords over
title and description, CFDA prefixes, FPI applicant types: see `candidates` below and
README.md), never from SupportMatch's ranking, and read one by one. The grades below are the
judge's, keyed by assistance-listing number (CFDA); offer ids follow from the extract's
OpportunityID for that listing. Run from anywhere:

    python3 Tests/Judgments/grants-gov/judge.py            # writes judgments.qrels, through.tsv, near-misses.tsv
    python3 Tests/Judgments/grants-gov/judge.py --candidates us-01-food-bank   # what was read, with grades

Needs the extract at ../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml (standard library only).
"""
import os, re, sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRACT = os.path.normpath(os.path.join(HERE, "../../../../shared/catalogues/grants-gov/GrantsDBExtract-fpi.xml"))
NS = "{http://apply.grants.gov/system/OpportunityDetail-V1.0}"
SOURCE = "grants.gov"

# profile -> {cfda: (grade, intermediary or None)}
GRADES = {
 "us-01-food-bank": {
  "10.568": (3, "State TEFAP agency"), "10.569": (3, "State TEFAP agency"), "10.187": (3, "State TEFAP agency"),
  "97.024": (3, "EFSP National Board and local boards"), "10.225": (3, None),
  "10.565": (2, "State CSFP agency"), "10.182": (2, "State, tribal or local government purchasing local food"),
  "10.331": (2, None), "10.580": (2, None), "10.559": (2, None),
  "10.175": (1, None), "10.558": (1, None), "10.561": (1, "State SNAP agency (outreach plan)"), "10.766": (1, None),
 },
 "us-02-rural-water-district": {
  "10.760": (3, None), "66.468": (3, "State drinking water revolving fund"),
  "10.763": (2, None), "66.442": (2, "State drinking water program"), "66.958": (2, None),
  "14.228": (2, "State CDBG program / county"),
  "10.759": (1, None), "66.448": (1, None), "10.761": (1, "technical assistance provider"),
  "10.864": (1, "nonprofit revolving loan fund"), "66.521": (1, None), "10.932": (1, None), "11.300": (1, None),
 },
 "us-03-tribal-health": {
  "93.654": (3, None), "93.237": (3, None), "93.788": (3, None), "93.243": (3, None),
  "93.210": (2, None), "93.441": (2, None), "93.762": (2, None), "93.211": (2, None), "10.855": (2, None),
  "93.933": (2, None), "93.912": (2, None), "93.224": (2, None), "93.527": (2, None),
  "93.479": (1, None), "32.007": (1, None), "32.006": (1, None), "93.959": (1, "State substance use block grant"),
  "93.958": (1, "State mental health block grant"), "93.382": (1, None), "93.383": (1, None), "93.228": (1, None),
  "93.444": (1, None), "93.276": (1, None), "93.799": (1, None), "16.838": (1, None), "93.665": (1, None),
  "93.732": (1, None),
 },
 "us-04-small-manufacturer": {
  "11.611": (3, "MEP center"),
  "12.630": (2, None), "12.910": (2, None), "47.041": (2, None), "47.084": (2, None), "17.268": (2, None),
  "59.061": (2, "State trade office (STEP)"),
  "59.037": (1, "Small Business Development Center"), "12.800": (1, None), "12.333": (1, None),
  "59.012": (1, None), "59.054": (1, None), "59.041": (1, None), "31.007": (1, None),
  "17.285": (1, "apprenticeship intermediary"), "17.258": (1, "local workforce board"),
  "11.313": (1, "Trade Adjustment Assistance Center"), "12.022": (1, None), "59.067": (1, None),
 },
 "us-05-university-lab": {
  "93.866": (3, None),
  "93.853": (2, None), "93.372": (2, None), "93.286": (2, None), "12.420": (1, None),
  "93.242": (1, None), "93.350": (1, None), "93.859": (1, None), "47.075": (1, None), "47.070": (1, None),
  "47.074": (1, None), "93.307": (1, None), "93.879": (1, None), "93.384": (1, None),
 },
 "us-06-city-health-department": {
  "93.136": (3, None), "93.197": (3, None), "14.900": (3, None), "14.905": (3, None),
  "93.243": (2, None), "14.913": (2, None), "14.920": (2, None), "16.838": (2, None),
  "93.788": (2, "State opioid response grantee"), "93.959": (2, "State substance use block grant"),
  "14.912": (1, None), "16.754": (1, None), "93.276": (1, None), "93.799": (1, None),
  "93.991": (1, "State health department"), "93.994": (1, "State maternal and child health program"),
  "16.842": (1, None), "14.906": (1, None), "14.902": (1, None), "66.443": (1, None),
 },
 "us-07-community-college": {
  "84.048": (3, "State CTE agency (Perkins)"), "84.042": (3, None), "17.285": (3, None), "47.076": (3, None),
  "84.031": (2, None), "84.116": (2, None), "17.268": (2, None), "93.359": (2, None), "93.178": (2, None),
  "84.066": (1, None), "84.047": (1, None), "84.044": (1, None), "17.258": (1, "local workforce board"),
  "17.278": (1, "State workforce agency"), "84.007": (1, None), "84.033": (1, None), "84.335": (1, None),
  "84.002": (1, "State adult education agency"), "84.051": (1, None), "84.382": (1, None),
 },
 "us-08-housing-nonprofit": {
  "14.239": (3, "participating jurisdiction (CHDO set-aside)"), "14.275": (3, "State housing trust fund agency"),
  "14.169": (2, None), "21.011": (2, None), "14.218": (2, "entitlement city or county"), "14.157": (2, None),
  "14.228": (1, "State CDBG program"), "10.415": (1, None), "10.438": (1, None), "14.181": (1, None),
  "81.042": (1, "State weatherization program"), "10.433": (1, None), "14.252": (1, "national intermediary"),
  "10.420": (1, None), "14.155": (1, None), "14.134": (1, None), "14.138": (1, None), "14.021": (1, None),
  "14.022": (1, None), "14.316": (1, None),
 },
 "us-09-state-arts-council": {
  "45.025": (3, None),
  "84.351": (2, None), "45.149": (2, None),
  "45.024": (1, None), "45.169": (1, None), "45.164": (1, None),
 },
 "us-10-school-district": {
  "84.010": (3, "State educational agency"), "84.287": (3, "State educational agency"), "84.358": (3, None),
  "84.371": (3, "State educational agency"),
  "84.365": (2, "State educational agency"), "10.555": (2, "State child nutrition agency"),
  "10.553": (2, "State child nutrition agency"), "10.559": (2, None), "84.424": (2, "State educational agency"),
  "84.184": (2, None), "84.215": (2, None),
  "93.243": (1, None), "84.367": (1, "State educational agency"), "10.579": (1, "State child nutrition agency"),
  "10.582": (1, "State child nutrition agency"), "10.575": (1, None), "84.060": (1, None), "84.041": (1, None),
  "84.027": (1, "State educational agency"), "84.411": (1, None), "84.196": (1, "State educational agency"),
  "84.011": (1, "State educational agency"),
 },
 "us-11-rural-county-broadband": {
  "10.863": (3, None), "11.035": (3, "State broadband office (BEAD)"), "10.752": (3, None),
  "10.886": (2, None), "11.031": (2, "State (covered partnership)"), "11.300": (2, None),
  "11.033": (1, None), "11.032": (1, "State digital equity plan"), "11.036": (1, None),
  "45.310": (1, "State library agency"), "23.002": (1, None), "11.307": (1, None), "10.854": (1, None),
  "14.228": (1, "State CDBG program"), "10.766": (1, None), "10.855": (1, None),
 },
}

# profile -> {cfda: why the client cannot use it}
NEAR_MISSES = {
 "us-01-food-bank": {"10.179": "Micro-Grants for Food Security: Alaska, Hawaii and territories only",
                     "10.292": "Food Loss and Waste Reduction: public nonprofits only",
                     "10.545": "SNAP support grants for farmers' markets, not food banks"},
 "us-02-rural-water-district": {"10.770": "colonias and tribal lands only",
                                "15.553": "one named water system (Eastern New Mexico)",
                                "23.002": "Appalachian region only"},
 "us-03-tribal-health": {"93.193": "urban Indian organizations only",
                         "93.988": "State diabetes programmes only"},
 "us-04-small-manufacturer": {"10.212": "agricultural SBIR topics", "11.021": "ocean and atmosphere SBIR topics",
                              "11.037": "semiconductor manufacturing only"},
 "us-05-university-lab": {"93.051": "Alzheimer's services demonstrations for States, not research",
                          "93.470": "dementia services, not research"},
 "us-06-city-health-department": {"66.707": "lead-paint professional certification by States",
                                  "93.687": "maternal opioid model for State Medicaid agencies"},
 "us-07-community-college": {"84.245": "tribally controlled institutions only",
                             "20.112": "aviation maintenance only"},
 "us-08-housing-nonprofit": {"14.867": "Indian housing block grants to tribes",
                             "14.872": "public housing agencies only"},
 "us-09-state-arts-council": {"45.129": "state humanities councils, not arts agencies",
                              "45.310": "state library agencies, not arts agencies"},
 "us-10-school-district": {"84.165": "magnet schools (federal listing, desegregation plans)",
                           "10.645": "State farm-to-school formula, State agency only"},
 "us-11-rural-county-broadband": {"11.029": "tribal lands only"},
}


# The filters the candidates were pulled with, per profile, consolidated from the scans run
# while judging: keyword regexes over title, agency and description (optionally AND-ed with a
# second regex over the FPI applicant types and text) and assistance-listing prefixes. Of every
# listing returned the title, agency and applicant types were read, and the description of
# every one whose title could fit the client; the grades above are what that reading found.
# `--candidates PROFILE` shows each candidate with its grade.
CANDIDATE_FILTERS = {
 "us-01-food-bank": [
  ("food bank|emergency food|TEFAP|commodit|food insecur|hunger|food pantr|fresh produce|local food|cold storage"
   "|refrigerat|community food|food distribution|food recovery|gleaning", None, ["10.5"]),
  ("food bank|food pantr|food rescue|soup kitchen|emergency feeding|Community Facilit|essential community", None, [])],
 "us-02-rural-water-district": [
  ("drinking water|water system|wastewater|water and waste|water infrastructure|nitrate|water main|water loss"
   "|revolving fund|rural water|water utilit|Community Development Block|Public Works", None, [])],
 "us-03-tribal-health": [
  ("behavioral health|opioid|substance use|substance abuse|diabetes|telehealth|mental health|suicide|addiction",
   "tribal|tribe|indian|alaska native|Native American", []),
  ("Indian Health Service|telehealth|telemedicine|Health Center Program|block grant", None, [])],
 "us-04-small-manufacturer": [
  ("manufactur|small business innovation|SBIR|STTR|export|additive|prototype|commerciali|technology transfer|apprentice",
   "Profit organization|Small business|For-Profit|Anyone", []),
  ("Manufacturing Extension|Trade Adjustment|Apprenticeship|workforce", None,
   ["17.", "59.", "47.", "11.", "12.3", "12.4", "12.6", "12.8", "12.9"])],
 "us-05-university-lab": [
  ("aging|alzheimer|dementia|neuro|brain|imaging|biomedical|machine learning", None, ["47."])],
 "us-06-city-health-department": [
  ("lead hazard|lead poisoning|lead-based|Reducing Lead|overdose|opioid|naloxone|injury|healthy homes|substance"
   "|block grant", None, ["14.9"])],
 "us-07-community-college": [
  ("community college|workforce|apprentice|career and technical|nursing|first-generation|Advanced Technological",
   None, ["84.", "17."])],
 "us-08-housing-nonprofit": [
  ("affordable housing|rental housing|housing counsel|weatheriz|Housing Trust|HOME Investment", None, ["14.", "10.4"])],
 "us-09-state-arts-council": [
  ("arts|folk|cultural heritage|humanities|museum|digitiz", None, ["45."])],
 "us-10-school-district": [
  ("school|reading|literacy|after-school|English learner|school meal|mental health", None, ["84.", "10.5"])],
 "us-11-rural-county-broadband": [
  ("broadband|ReConnect|eConnectivity|digital equity|telecommunication|economic development|library"
   "|Community Facilit|Community Development Block|Economic Adjustment|Grants to States", None, ["11.0", "10.8"])],
}


def load(path=EXTRACT):
    records = []
    for record in ET.parse(path).getroot():
        fields = {}
        for child in record:
            fields.setdefault(child.tag.replace(NS, ""), []).append(child.text or "")
        records.append({"id": fields["OpportunityID"][0], "cfda": fields["CFDANumbers"][0],
                        "title": fields["OpportunityTitle"][0], "agency": fields.get("AgencyName", [""])[0],
                        "desc": fields.get("Description", [""])[0],
                        "elig": fields.get("AdditionalInformationOnEligibility", [""])[0]})
    return records


def candidates(records, pattern, prefixes=()):
    """The generous filter used to pull what was read: a keyword regex over title, agency and
    description, or an assistance-listing prefix."""
    expression = re.compile(pattern, re.I)
    return [r for r in records if expression.search(r["title"] + " " + r["agency"] + " " + r["desc"])
            or any(r["cfda"].startswith(p) for p in prefixes)]


def main():
    records = load()
    by_cfda = {}
    for r in records:
        by_cfda.setdefault(r["cfda"], []).append(r)
    if len(sys.argv) > 1 and sys.argv[1] == "--candidates":
        # --candidates PROFILE: the recorded filters, each listing with its grade ("-" = 0).
        profile = sys.argv[2]
        seen = {}
        for pattern, applicants, prefixes in CANDIDATE_FILTERS[profile]:
            both = re.compile(applicants, re.I) if applicants else None
            for r in candidates(records, pattern, tuple(prefixes)):
                if both and not both.search(r["elig"] + " " + r["title"] + " " + r["desc"]):
                    continue
                seen[r["cfda"]] = r
        for cfda, r in sorted(seen.items()):
            graded = GRADES.get(profile, {}).get(cfda)
            print(f"{cfda} [{graded[0] if graded else '-'}] {r['title']} | {r['agency']} | {r['elig'][46:200]}")
        print(f"{len(seen)} candidates", file=sys.stderr)
        return
    qrels, through, near = [], [], []
    for profile in sorted(GRADES):
        for cfda, (grade, intermediary) in sorted(GRADES[profile].items(), key=lambda kv: (-kv[1][0], kv[0])):
            if cfda not in by_cfda:
                sys.exit(f"{profile}: no listing {cfda} in the extract")
            for r in by_cfda[cfda]:
                qrels.append(f"{profile} 0 {SOURCE}:{r['id']} {grade}")
                if intermediary:
                    through.append(f"{profile}\t{SOURCE}:{r['id']}\t{intermediary}")
        for cfda, why in sorted(NEAR_MISSES.get(profile, {}).items()):
            if cfda not in by_cfda:
                sys.exit(f"{profile}: no listing {cfda} in the extract")
            if cfda in GRADES[profile]:
                sys.exit(f"{profile}: {cfda} is both graded and a near miss")
            for r in by_cfda[cfda]:
                near.append(f"{profile}\t{SOURCE}:{r['id']}\t{why}")
    with open(os.path.join(HERE, "judgments.qrels"), "w") as f:
        f.write("\n".join(qrels) + "\n")
    with open(os.path.join(HERE, "through.tsv"), "w") as f:
        f.write("profile\toffer\tintermediary\n" + "\n".join(through) + "\n")
    with open(os.path.join(HERE, "near-misses.tsv"), "w") as f:
        f.write("profile\toffer\twhy\n" + "\n".join(near) + "\n")
    grades = [int(line.split()[3]) for line in qrels]
    print(f"{len(qrels)} judgments over {len(GRADES)} profiles ({grades.count(3)} grade 3, {grades.count(2)} grade 2, "
          f"{grades.count(1)} grade 1), {len(through)} through an intermediary, {len(near)} near misses")


if __name__ == "__main__":
    main()
