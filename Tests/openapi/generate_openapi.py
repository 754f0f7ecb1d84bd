"""Writes Sources/SupportServer/Resources/openapi.json, the OpenAPI 3.1 document of the HTTP API.

The document is kept in the repository and served at /openapi.json; this script is how it is
maintained, because the code lists (topics, regions, ...) come from Catalog/taxonomies and must
follow them. Run it after changing a route or a vocabulary, and commit the result:

    python3 Tests/openapi/generate_openapi.py Sources/SupportServer/Resources/openapi.json

SupportServerTests checks that the committed document's code lists match the taxonomies.
"""
import json, sys
import os as _os
_ROOT = _os.path.dirname(_os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))))
def codes_of(name):
    return [t["code"] for t in json.load(open(_os.path.join(_ROOT, "Catalog/taxonomies", name + ".json")))["terms"]]
def code_list(name):
    return {"type": "array", "items": {"enum": codes_of(name)}}
problem_ref = {"$ref": "#/components/schemas/Problem"}
def problem(desc):
    return {"description": desc, "content": {"application/problem+json": {"schema": problem_ref}}}
def js(ref, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + ref}}}}
common = {"405": problem("Method not allowed (the `Allow` header lists the methods)"),}
str_list = {"type": "string"}
def qparam(name, desc, schema=None, explode=True):
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or {"type": "string"}}
doc = {
 "openapi": "3.1.0",
 "info": {"title": "SupportMatch API", "version": "1.0.0",
   "description": "Public support offers (funding programmes, loans, advice) for organisations in Saxony, matched to an organisation's answers. Errors are RFC 9457 problem details with a JSON pointer for every invalid field (`invalid-params[].pointer`, relative to the part named by `in`: the JSON body, the query read as an object of its parameters, or the path)."},
 "servers": [{"url": "/"}],
 "paths": {
  "/v1/recommendations": {"post": {
    "operationId": "recommend", "summary": "Ranked offers for a profile, with explanations, near misses and the next question",
    "description": "The response is the same JSON as `supportmatch recommend --json`.",
    "parameters": [qparam("limit", "Most results returned (default 10).", {"type": "integer", "minimum": 1, "maximum": 50})],
    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}},
    "responses": {"200": js("Recommendations"), "400": problem("Invalid profile: every invalid field with its JSON pointer"),
                  "413": problem("Body larger than the limit"), "415": problem("Body is not JSON"),
                  "503": problem("The catalogue index is still loading"), **common}}},
  "/v1/offers": {"get": {
    "operationId": "searchOffers", "summary": "Search and filter the active offers, with facet counts and pagination",
    "parameters": [
      qparam("q", "Words that must all occur in id, title, summary, description, provider or keywords; offers with every word in the title come first (the same search as `supportmatch offers --text`). Spellings are compared as answers are: case and accents ignored, umlauts and ß also spelt out (\"Goerlitz\", \"Gorlitz\" and \"Görlitz\" are one word)."),
      qparam("topic", "Topic codes (repeat the parameter or comma-separate; any matches).", code_list("topics")),
      qparam("region", "Region codes: offers open to applicants there (a nationwide offer is open to Saxony).", code_list("regions")),
      qparam("applicantType", "Applicant-type codes.", code_list("applicant-types")),
      qparam("instrument", "Instrument codes.", code_list("instruments")),
      qparam("status", "Statuses.", code_list("statuses")),
      qparam("page", "Page number from 1.", {"type": "integer", "minimum": 1, "maximum": 100000}),
      qparam("pageSize", "Offers per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
    ],
    "responses": {"200": js("OfferSearchResult"), "400": problem("Invalid query parameter"),
                  "503": problem("The catalogue index is still loading"), **common}}},
  "/v1/offers/{id}": {"get": {
    "operationId": "getOffer", "summary": "One active offer, full record",
    "parameters": [{"name": "id", "in": "path", "required": True, "description": "Offer id `source:localID`.", "schema": {"type": "string", "pattern": "^[^:/]+:[^/]+$"}}],
    "responses": {"200": js("Offer"), "400": problem("Malformed id"), "404": problem("No active offer with this id"),
                  "503": problem("The catalogue index is still loading"), **common}}},
  "/v1/taxonomies": {"get": {
    "operationId": "getTaxonomies", "summary": "Every vocabulary with German and English labels",
    "responses": {"200": js("Taxonomies"), **common}}},
  "/v1/imports": {
    "post": {"operationId": "importCatalogue", "summary": "Import a catalogue file (admin)",
      "description": "The body is the catalogue file itself (native JSON or XML, or another supported format). Same pipeline and report as `supportmatch import`. Off (404) unless the server was started with an admin token.",
      "security": [{"adminToken": []}],
      "parameters": [
        qparam("dryRun", "Compute the report without changing the catalogue.", {"type": "boolean"}),
        qparam("skipInvalid", "Import the valid records and report the rest.", {"type": "boolean"}),
        qparam("format", "Force a reader instead of detecting the format from content."),
        qparam("fileName", "The file name shown in the report."),
      ],
      "requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "contentMediaType": "application/octet-stream"}},
                                                     "application/json": {"schema": {}}, "application/xml": {"schema": {"type": "string"}}}},
      "responses": {"200": js("ImportReport", "Imported (or, for a dry run, would import)"),
                    "400": problem("Invalid parameter or empty body"), "401": problem("No bearer token"),
                    "403": problem("Wrong token"), "404": problem("Import endpoints are off"),
                    "413": problem("Upload larger than the limit"),
                    "422": js("ImportReport", "Rejected: nothing changed; the report lists every problem"),
                    "500": js("ImportReport", "The import failed: nothing changed"), **common}},
    "get": {"operationId": "listImports", "summary": "Import history, newest first (admin)",
      "security": [{"adminToken": []}],
      "parameters": [qparam("limit", "Most runs returned (default 20).", {"type": "integer", "minimum": 1, "maximum": 1000})],
      "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ImportRunSummary"}}}}},
                    "400": problem("Invalid parameter"), "401": problem("No bearer token"), "403": problem("Wrong token"),
                    "404": problem("Import endpoints are off"), **common}}},
  "/health": {"get": {"operationId": "health", "summary": "Liveness and readiness",
    "responses": {"200": js("Health", "Serving: an index is loaded"), "503": js("Health", "Alive, index not loaded yet"), **common}}},
  "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus metrics (text exposition format 0.0.4)",
    "responses": {"200": {"description": "OK", "content": {"text/plain": {"schema": {"type": "string"}}}}, **common}}},
  "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}, **common}}},
 },
 "components": {
  "securitySchemes": {"adminToken": {"type": "http", "scheme": "bearer", "description": "SUPPORTMATCH_ADMIN_TOKEN or the token file given at start."}},
  "schemas": {}
 }
}
S = doc["components"]["schemas"]
S["Problem"] = {"type": "object", "required": ["type", "title", "status"], "properties": {
  "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
  "detail": {"type": "string"}, "instance": {"type": "string"},
  "invalid-params": {"type": "array", "items": {"type": "object", "required": ["in", "pointer", "detail"], "properties": {
     "in": {"enum": ["body", "query", "path"]}, "pointer": {"type": "string"}, "detail": {"type": "string"}}}},
  "more-invalid-params": {"type": "integer", "description": "How many problems were found beyond the ones listed in invalid-params (at most 50 are listed)."}}}
S["Label"] = {"type": "object", "required": ["code", "de", "en"], "properties": {"code": {"type": "string"}, "de": {"type": "string"}, "en": {"type": "string"}, "parent": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}}}}
S["Taxonomy"] = {"type": "object", "required": ["name", "terms"], "properties": {"name": {"type": "string"}, "description": {"type": "string"}, "terms": {"type": "array", "items": {"$ref": "#/components/schemas/Label"}}}}
tax = {k: {"$ref": "#/components/schemas/Taxonomy"} for k in ["topics", "applicantTypes", "instruments", "regions", "sectors", "sizeClasses", "providerLevels", "statuses"]}
tax["smeThresholds"] = {"type": "array", "items": {"type": "object", "required": ["sizeClass", "headcountBelow", "turnoverMax", "balanceSheetMax"], "properties": {"sizeClass": {"enum": ["micro", "small", "medium", "large"]}, "headcountBelow": {"type": "integer"}, "turnoverMax": {"type": "number"}, "balanceSheetMax": {"type": "number"}}}}
S["Taxonomies"] = {"type": "object", "required": list(tax.keys()), "properties": tax}
S["Health"] = {"type": "object", "required": ["status", "ready", "version", "importsEnabled"], "properties": {
  "status": {"enum": ["ok", "starting"]}, "ready": {"type": "boolean"},
  "version": {"type": "string", "description": "The SupportMatch release (as `supportmatch --version` prints it; also `info.version` of this document)."},
  "catalogueVersion": {"type": "string"},
  "offers": {"type": "integer"}, "indexLoadedAt": {"type": "string", "format": "date-time"},
  "lastImportAt": {"type": "string", "format": "date-time"}, "importsEnabled": {"type": "boolean"}}}
day = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
S["OfferSummary"] = {"type": "object", "required": ["id", "title", "summary", "provider", "providerLevel", "instruments", "topics", "status", "deadlines", "href"], "properties": {
  "id": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"}, "provider": {"type": "string"},
  "providerLevel": {"enum": ["eu", "federal", "state", "municipal", "other"]},
  "instruments": {"type": "array", "items": {"type": "string"}}, "topics": {"type": "array", "items": {"type": "string"}},
  "regions": {"type": "array", "items": {"type": "string"}}, "status": {"enum": ["forthcoming", "open", "closed", "rolling"]},
  "deadlines": {"type": "array", "items": day}, "amountMax": {"type": "number"}, "currency": {"type": "string"}, "href": {"type": "string"}}}
facet = {"type": "array", "items": {"type": "object", "required": ["value", "count"], "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 1}}}}
S["OfferSearchResult"] = {"type": "object", "required": ["total", "page", "pageSize", "items", "facets"], "properties": {
  "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer"}, "pageSize": {"type": "integer"},
  "items": {"type": "array", "items": {"$ref": "#/components/schemas/OfferSummary"}},
  "facets": {"type": "object", "required": ["topic", "region", "applicantType", "instrument", "status"],
             "properties": {k: facet for k in ["topic", "region", "applicantType", "instrument", "status"]}}}}
S["Offer"] = {"type": "object", "description": "An offer in the native catalogue format (Catalog/schema/catalogue.schema.json), with its `source` and provenance.",
  "required": ["source", "id", "title", "summary", "description", "language", "provider", "instruments", "schedule"], "properties": {
  "source": {"type": "string"}, "id": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"},
  "description": {"type": "string"}, "language": {"type": "string"},
  "provider": {"type": "object", "required": ["name", "level"], "properties": {"name": {"type": "string"}, "level": {"type": "string"}, "contact": {"type": "object"}}},
  "links": {"type": "array", "items": {"type": "object", "required": ["kind", "url"], "properties": {"kind": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"}}}},
  "instruments": {"type": "array", "items": {"type": "string"}}, "topics": {"type": "array", "items": {"type": "string"}},
  "keywords": {"type": "array", "items": {"type": "string"}}, "eligibility": {"type": "object"}, "funding": {"type": "object"},
  "schedule": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}, "opens": day, "deadlines": {"type": "array", "items": day}}},
  "lastUpdated": day, "sourceURL": {"type": "string"}, "asOf": day, "originalCodes": {"type": "object"}, "provenance": {"type": "object"}}}
S["ImportReport"] = {"type": "object", "description": "The import report, as `supportmatch import --json` prints it.",
  "required": ["outcome", "dryRun", "counts"], "properties": {"runID": {"type": "integer"}, "outcome": {"enum": ["succeeded", "rejected", "failed"]},
  "dryRun": {"type": "boolean"}, "counts": {"type": "object"}}}
S["ImportRunSummary"] = {"type": "object", "required": ["id", "outcome", "dryRun"], "properties": {"id": {"type": "integer"}, "outcome": {"enum": ["succeeded", "rejected", "failed"]}, "dryRun": {"type": "boolean"}}}
if True:
    money = {"type": "number", "minimum": 0, "maximum": 1e15}
    codes = {"type": "array", "items": {"type": "string"}}
    S["Profile"] = {"type": "object", "additionalProperties": False,
      "description": "The questionnaire (Catalog/schema/profile.schema.json). Every answer is optional; unknown fields and unknown codes are errors.",
      "properties": {
        "id": {"type": "string"}, "name": {"type": "string"},
        "applicantType": {"enum": codes_of("applicant-types"), "description": "An applicant-type code (GET /v1/taxonomies)."},
        "location": {"type": "object", "additionalProperties": False, "properties": {
            "country": {"enum": [c for c in codes_of("regions") if len(c) == 2 and c != "EU"], "description": "ISO 3166-1 code such as DE."},
            "state": {"enum": [c for c in codes_of("regions") if "-" in c], "description": "ISO 3166-2 code such as DE-SN."},
            "district": {"enum": [c for c in codes_of("regions") if len(c) == 5 and "-" not in c], "description": "NUTS-3 code such as DED21; must lie in the state when both are given."}}},
        "employees": {"type": "integer", "minimum": 0, "maximum": 10000000}, "annualTurnover": money, "balanceSheetTotal": money,
        "sizeClass": {"enum": ["micro", "small", "medium", "large"], "description": "Must agree with employees and money figures when those are given too."},
        "yearFounded": {"type": "integer", "minimum": 1000}, "sector": {"type": "string", "description": "NACE/WZ code: a section letter or a division, group or class such as 62.01."},
        "topics": code_list("topics"), "projectDescription": {"type": "string"}, "language": {"enum": ["de", "en"]},
        "amountNeeded": money, "preferredInstruments": code_list("instruments"), "plannedStart": {"type": "string", "format": "date"}, "projectStarted": {"type": "boolean"},
        "deMinimisReceived": dict(money, description="De-minimis aid received in the current and the two previous fiscal years, in EUR (ceiling 300,000 EUR in three years, Regulation (EU) 2023/2831).")}}
    # null answers count as not answered (the decoder treats them as absent), so say so.
    def nullable(schema):
        schema = dict(schema)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = types + ["null"]
        if "enum" in schema:
            schema["enum"] = list(schema["enum"]) + [None]
        if "type" not in schema and "enum" not in schema:
            schema = {"anyOf": [schema, {"type": "null"}]}
        return schema
    location = S["Profile"]["properties"]["location"]
    location["properties"] = {name: nullable(value) for name, value in location["properties"].items()}
    S["Profile"]["properties"] = {name: nullable(value) for name, value in S["Profile"]["properties"].items()}
    S["Profile"]["description"] += " A field given as null counts as not answered, the same as leaving it out."
loc = {"type": "object", "required": ["de", "en"], "properties": {"de": {"type": "string"}, "en": {"type": "string"}}}
S["LocalizedText"] = loc
lref = {"$ref": "#/components/schemas/LocalizedText"}
S["CriterionResult"] = {"type": "object", "required": ["criterion", "verdict", "code", "parameters", "message", "missing"], "properties": {
  "criterion": {"type": "string"}, "verdict": {"enum": ["pass", "fail", "unknown"]}, "code": {"type": "string"},
  "parameters": {"type": "object", "additionalProperties": {"type": "string"}}, "message": lref,
  "missing": {"type": "array", "items": {"type": "string"}}}}
cref = {"type": "array", "items": {"$ref": "#/components/schemas/CriterionResult"}}
num = {"type": "number"}
S["RecommendedOffer"] = {"type": "object", "required": ["id", "rank", "title", "provider", "providerLevel", "instruments", "score", "closed", "reason", "explanation", "alsoPublishedBy"], "properties": {
  "id": {"type": "string"}, "rank": {"type": "integer", "minimum": 1}, "title": {"type": "string"}, "provider": {"type": "string"},
  "providerLevel": {"enum": ["eu", "federal", "state", "municipal", "other"]}, "instruments": {"type": "array", "items": {"type": "string"}},
  "url": {"type": "string"}, "score": num, "closed": {"type": "boolean"}, "nextDeadline": day, "reason": lref,
  "explanation": {"type": "object", "required": ["passed", "unknown", "failed", "matchedTopics", "matchedTerms", "score", "notes"], "properties": {
     "passed": cref, "unknown": cref, "failed": cref,
     "matchedTopics": {"type": "array", "items": {"type": "object", "required": ["code", "label"], "properties": {"code": {"type": "string"}, "label": lref}}},
     "matchedTerms": {"type": "array", "items": {"type": "object", "required": ["queryWords", "matched", "via"], "properties": {"queryWords": {"type": "string"}, "matched": {"type": "string"}, "via": {"enum": ["word", "synonym", "compoundPart", "concept"]}}}},
     "snippet": {"type": "object", "required": ["fragment", "highlighted"], "description": "A passage of the offer (plain text) with the words that matched, as ranges: offsets in Unicode code points of `fragment` (Python indexes strings so; `Array.from(fragment)` in JavaScript), ascending and not overlapping. The text never carries marks.", "properties": {
        "fragment": {"type": "string"},
        "highlighted": {"type": "array", "items": {"type": "object", "required": ["start", "end"], "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 1}}}}}},
     "score": {"type": "object", "required": ["text", "topics", "instruments", "amount", "deadline", "specificity", "derived", "total"], "properties": {k: num for k in ["text", "topics", "instruments", "amount", "deadline", "specificity", "derived", "total"]}},
     "notes": {"type": "array", "items": lref}}},
  "alsoPublishedBy": {"description": "The same programme as published by other sources (same source page, or same title and provider); a programme takes one place in a ranking.",
     "type": "array", "items": {"type": "object", "required": ["id", "title", "provider"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "provider": {"type": "string"}, "url": {"type": "string"}}}}}}
S["Recommendations"] = {"type": "object", "description": "The same JSON as `supportmatch recommend --json`.",
  "required": ["results", "nearMisses", "counts", "today"], "properties": {
  "results": {"type": "array", "items": {"$ref": "#/components/schemas/RecommendedOffer"}},
  "nearMisses": {"type": "array", "items": {"$ref": "#/components/schemas/RecommendedOffer"}},
  "nextQuestion": {"type": "object", "required": ["field", "question", "settles", "among", "message"], "properties": {
     "field": {"type": "string"}, "question": lref, "settles": {"type": "integer"}, "among": {"type": "integer"}, "message": lref}},
  "counts": {"type": "object", "required": ["offers", "considered", "eligible", "eligibleWithUnknowns", "failingOneCriterion"], "properties": {k: {"type": "integer", "minimum": 0} for k in ["offers", "considered", "eligible", "eligibleWithUnknowns", "failingOneCriterion"]}},
  "textLanguage": {"type": "string"}, "today": day}}
# Saved consultations (issue 7). The profile id is an unguessable capability: the routes on one
# profile need no token; only the listing of all profiles needs the admin token.
pid = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"},
       "description": "The profile's id: 128 random bits, base64url. Holding it grants access to this one profile."}
not_found = problem("No saved profile with this id (unknown and malformed ids alike), or consultations are off")
draft_body = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProfileDraft"}}}}
doc["paths"]["/v1/profiles"] = {
  "post": {"operationId": "saveProfile", "summary": "Save a consultation: answers, label, notes, shortlist",
    "description": "Returns the saved profile with its new id (the `Location` header names it). Its current top 20 and the shortlisted offers become the baseline later imports are compared with.",
    "requestBody": draft_body,
    "responses": {"201": js("SavedProfile", "Saved"), "400": problem("Invalid body: every invalid field with its JSON pointer (answers under /profile)"),
                  "404": problem("Consultations are off"), "413": problem("Body larger than the limit"), "415": problem("Body is not JSON"),
                  "429": problem("The server keeps no more saved consultations (--max-saved-profiles)"),
                  "503": problem("The catalogue index is still loading"), **common}},
  "get": {"operationId": "listProfiles", "summary": "Every saved profile, newest first, without answers (admin)",
    "security": [{"adminToken": []}],
    "responses": {"200": js("SavedProfileList"), "400": problem("Unknown query parameter"), "401": problem("No bearer token"),
                  "403": problem("Wrong token"), "404": problem("Admin endpoints are off"), **common}}}
doc["paths"]["/v1/profiles/{id}"] = {
  "get": {"operationId": "getProfile", "summary": "One saved consultation", "parameters": [pid],
    "responses": {"200": js("SavedProfile"), "404": not_found, **common}},
  "put": {"operationId": "replaceProfile", "summary": "Replace label, notes, answers and shortlist",
    "description": "Offers that stay on the shortlist keep the date they were added and their baseline.",
    "parameters": [pid], "requestBody": draft_body,
    "responses": {"200": js("SavedProfile"), "400": problem("Invalid body"), "404": not_found, "413": problem("Body larger than the limit"),
                  "415": problem("Body is not JSON"), "503": problem("The catalogue index is still loading"), **common}},
  "delete": {"operationId": "deleteProfile", "summary": "Delete the consultation with its shortlist and every event (hard delete)",
    "parameters": [pid], "responses": {"204": {"description": "Deleted"}, "404": not_found, **common}}}
doc["paths"]["/v1/profiles/{id}/changes"] = {"get": {"operationId": "listProfileChanges",
    "summary": "What imports changed for this profile, oldest first, paged by event id",
    "parameters": [pid, qparam("after", "Only events with a larger id (the `next` link sets it).", {"type": "integer", "minimum": 0}),
                   qparam("limit", "Most events returned (default 50).", {"type": "integer", "minimum": 1, "maximum": 200})],
    "responses": {"200": js("ChangePage"), "400": problem("Invalid query parameter"), "404": not_found, **common}}}
doc["paths"]["/v1/profiles/{id}/feed.atom"] = {"get": {"operationId": "profileFeed",
    "summary": "The profile's changes as an Atom 1.0 feed, newest first; byte-identical while nothing changes",
    "parameters": [pid],
    "responses": {"200": {"description": "OK", "content": {"application/atom+xml": {"schema": {"type": "string"}}}}, "404": not_found, **common}}}
doc["paths"]["/v1/profiles/{id}/export"] = {"get": {"operationId": "exportProfile",
    "summary": "Everything stored about the profile (answers, shortlist, events), as a download",
    "parameters": [pid], "responses": {"200": js("ProfileExport"), "404": not_found, **common}}}
ts = {"type": "string", "format": "date-time"}
oid = {"type": "string", "pattern": "^[^:/]+:.+$"}
S["ProfileDraft"] = {"type": "object", "additionalProperties": False, "required": ["label", "profile"], "properties": {
  "label": {"type": "string", "minLength": 1, "maxLength": 200}, "notes": {"type": "string", "maxLength": 10000},
  "profile": {"$ref": "#/components/schemas/Profile"},
  "shortlist": {"type": "array", "maxItems": 100, "items": {"type": "object", "additionalProperties": False, "required": ["offerId"], "properties": {
      "offerId": oid, "note": {"type": "string", "maxLength": 2000}}}}}}
S["ShortlistEntry"] = {"type": "object", "required": ["offerId", "note", "addedAt", "title", "state"], "properties": {
  "offerId": oid, "note": {"type": "string"}, "addedAt": ts, "title": {"type": "string"}, "state": {"enum": ["active", "closed", "withdrawn"]}}}
S["SavedProfile"] = {"type": "object", "required": ["id", "label", "notes", "profile", "shortlist", "createdAt", "updatedAt"], "properties": {
  "id": {"type": "string"}, "label": {"type": "string"}, "notes": {"type": "string"}, "profile": {"$ref": "#/components/schemas/Profile"},
  "shortlist": {"type": "array", "items": {"$ref": "#/components/schemas/ShortlistEntry"}},
  "createdAt": ts, "updatedAt": ts, "lastSeenAt": ts,
  "links": {"type": "object", "properties": {k: {"type": "string"} for k in ["self", "changes", "feed", "export", "page"]}}}}
S["SavedProfileList"] = {"type": "object", "required": ["profiles"], "properties": {"profiles": {"type": "array", "items": {
  "type": "object", "required": ["id", "label", "createdAt", "updatedAt", "shortlisted", "events"], "properties": {
  "id": {"type": "string"}, "label": {"type": "string"}, "createdAt": ts, "updatedAt": ts,
  "shortlisted": {"type": "integer", "minimum": 0}, "events": {"type": "integer", "minimum": 0}}}}}}
S["ChangeEvent"] = {"type": "object", "required": ["id", "profileId", "kind", "offerId", "details", "createdAt"], "properties": {
  "id": {"type": "integer"}, "profileId": {"type": "string"}, "runId": {"type": "integer", "description": "The import run that caused the change."},
  "kind": {"enum": ["new-match", "material-change", "closed", "withdrawn", "restored", "deadline-soon"]},
  "offerId": oid, "createdAt": ts,
  "details": {"type": "object", "required": ["title"], "properties": {
     "title": {"type": "string"}, "rank": {"type": "integer", "minimum": 1}, "deadline": day, "daysLeft": {"type": "integer"},
     "changes": {"type": "array", "items": {"type": "object", "required": ["field", "before", "after"], "properties": {
        "field": {"type": "string"}, "before": {"type": "string"}, "after": {"type": "string"}}}}}}}}
S["ChangePage"] = {"type": "object", "required": ["profileId", "total", "events"], "properties": {
  "profileId": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
  "events": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeEvent"}},
  "next": {"type": "string", "description": "The next page; absent on the last."}}}
S["ProfileExport"] = {"type": "object", "required": ["profile", "events"], "properties": {
  "profile": {"$ref": "#/components/schemas/SavedProfile"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeEvent"}}}}
S["ImportReport"]["properties"]["savedProfiles"] = {"type": "object", "description": "After a successful import: affects N saved profiles (M new top-20 matches).",
  "required": ["profilesChecked", "profilesAffected", "newMatches", "events"],
  "properties": {k: {"type": "integer", "minimum": 0} for k in ["profilesChecked", "profilesAffected", "newMatches", "events"]}}
json.dump(doc, open(sys.argv[1], "w"), indent=1, ensure_ascii=False, sort_keys=False)
open(sys.argv[1], "a").write("\n")
