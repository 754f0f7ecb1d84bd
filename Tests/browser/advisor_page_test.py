#!/usr/bin/env python3
"""Browser test of the advisor page: headless Chromium against a live `supportmatch serve`.

Real browser, real server on a port, nothing mocked. Chromium is driven over the DevTools
protocol (cdp.py, standard library only). What it checks, as an advisor uses the page:

  1. round trip of every question: each control the page renders from the questionnaire
     definition (every `[data-pointer]` control, so a question added to the definition is
     covered without touching this file) is filled with a value of its kind, as a person
     types it ("1,5 Mio"); submitted, the URL carries every answer and the form shows them
     again; saved as a consultation, the stored profile holds each value at its pointer, and
     the consultation page's form (built from the profile) shows each one;
  2. live results: changing an answer updates the results without a page load and the
     address follows; a wrong answer shows its error beside the field; without JavaScript
     the server-rendered page still has the results and the submit button;
  3. layout in German and English at 1280 px (answers beside results) and 390 px (stacked),
     nothing wider than the window; header, content and footer share a left edge;
  4. every matching offer reachable through "more results";
  5. the print view printed to A4 PDF: offers per page counted from the PDF's text
     (pdftotext), more than one per page, no heading alone at a page's end;
  6. the CSV download read the way German Excel reads it: UTF-8 BOM, `;`, decimal comma,
     CRLF; the English file is RFC 4180 with a decimal point;
  7. no console errors, exceptions or CSP violations on any page.

Screenshots and the PDF go to artifacts/browser/ (git-ignored). Skips (exit 0, saying why) when
no Chromium is installed; needs `pdftotext` (Debian's poppler-utils) for the PDF check.

Usage: python3 Tests/browser/advisor_page_test.py [--binary PATH]   (default: builds with swift build)
"""
import argparse
import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, "artifacts", "browser")
EXPECTED_OFFER = "Digi-Z"

# The Saxon software SME of the README, as query parameters.
SME = [("applicantType", "company"), ("state", "DE-SN"), ("district", "DED21"), ("employees", "24"),
       ("annualTurnover", "3200000"), ("yearFounded", "2015"), ("sector", "62.01"), ("topics", "digitalisierung"),
       ("topics", "forschung_innovation_themenoffen"),
       ("projectDescription", "Wir wollen KI in der Qualitätsprüfung einsetzen und Software digitalisieren."),
       ("amountNeeded", "80000")]

# A value of each answer kind as a person types it, and as it comes back from the profile.
# Amounts rotate through the German and English forms the parser accepts.
AMOUNTS = [("3,2 Mio", "3200000"), ("250 000", "250000"), ("80k", "80000"), ("12.500", "12500"), ("1.5m", "1500000")]
TYPED = {"count": ("24", "24"), "year": ("2015", "2015"), "sector": ("62.01", "62.01"), "day": ("2027-03-01", "2027-03-01"),
         "text": ("KI in der Qualitätsprüfung, Software für Sachsen", "KI in der Qualitätsprüfung, Software für Sachsen")}
# Choices that keep the profile consistent (a district inside the state, a size class that
# fits the figures); any other choice question takes its first offered value.
PREFERRED = {"applicantType": ["company"], "state": ["DE-SN"], "district": ["DED21"], "sizeClass": ["small"],
             "projectStarted": ["no"], "topics": ["digitalisierung", "forschung_innovation_themenoffen"],
             "preferredInstruments": ["grant"], "language": ["de"]}

READ_CONTROLS = """[...document.querySelectorAll('form.questionnaire div.control[data-pointer]')].map(c => {
  const boxes = [...c.querySelectorAll('input[type=checkbox]')];
  const field = c.querySelector('select, textarea, input:not([type=checkbox]):not([type=hidden])');
  return {pointer: c.dataset.pointer, kind: c.dataset.kind, name: boxes.length ? boxes[0].name : field.name,
          control: boxes.length ? 'checkboxes' : field.tagName.toLowerCase() + (field.type ? ':' + field.type : ''),
          options: boxes.length ? boxes.map(b => b.value) : (field.tagName === 'SELECT' ? [...field.options].map(o => o.value).filter(v => v) : null),
          value: boxes.length ? boxes.filter(b => b.checked).map(b => b.value) : field.value};
})"""


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_binary():
    scratch = os.environ.get("SUPPORTMATCH_SCRATCH", ".build")
    subprocess.run(["swift", "build", "--scratch-path", scratch, "--product", "supportmatch"], cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "--scratch-path", scratch, "--show-bin-path"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "supportmatch")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def choose(question):
    """The value(s) to fill into one control and what the profile gives back."""
    kind, name, options = question["kind"], question["name"], question["options"]
    if options is not None:
        preferred = [v for v in PREFERRED.get(name, []) if v in options]
        values = preferred or options[:2 if question["control"] == "checkboxes" else 1]
        if question["control"] != "checkboxes":
            values = values[:1]
        return values, values
    if kind == "amount":
        typed, back = AMOUNTS[choose.amounts % len(AMOUNTS)]
        choose.amounts += 1
        return [typed], [back]
    if kind not in TYPED:
        raise KeyError(f"no sample answer for the answer kind {kind!r} of {question['pointer']}: add one to TYPED")
    typed, back = TYPED[kind]
    return [typed], [back]


choose.amounts = 0


def at_pointer(document, pointer):
    for part in pointer.strip("/").split("/"):
        if not isinstance(document, dict) or part not in document:
            return None
        document = document[part]
    return document


def profile_holds(kind, value, back):
    if value is None:
        return False
    if kind == "codes":
        return list(value) == back
    if kind in ("amount", "count", "year"):
        return float(value) == float(back[0])
    if kind == "yesNo":
        return value is (back[0] == "yes")
    return str(value) == back[0]


def german_number(text):
    """A number as German Excel reads it: `.` groups thousands, `,` is the decimal mark."""
    return float(text.replace(".", "").replace(",", "."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", help="a built supportmatch binary (default: build it)")
    args = parser.parse_args()

    browser_binary = find_chromium()
    if not browser_binary:
        print("SKIP browser test: no Chromium found (install Debian's `chromium` package)")
        return 0
    started = time.monotonic()
    binary = args.binary or build_binary()
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="supportmatch-browser-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--database", os.path.join(work, "db.sqlite")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    failures = []
    browser = None

    def check(condition, message):
        print(("ok   " if condition else "FAIL ") + message, flush=True)
        if not condition:
            failures.append(message)

    def artifact(name):
        return os.path.join(ARTIFACTS, name)

    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            print(server.stdout.read() if server.poll() is not None else "server did not become ready")
            return 1

        browser = cdp.Browser(browser_binary)
        page = browser.new_page()
        page.viewport(1280, 900)
        sme_query = urllib.parse.urlencode([("lang", "de")] + SME)

        # 1. Round trip of every question: fill -> URL -> form, and -> profile -> form.
        page.goto(base + "/?lang=de")
        questions = page.eval(READ_CONTROLS)
        check(len(questions) >= 10 and len({q["pointer"] for q in questions}) == len(questions),
              f"the form shows {len(questions)} questions of the definition, each once")
        filled = {}
        for question in questions:
            typed, back = choose(question)
            filled[question["name"]] = (question, typed, back)
        page.eval("""(answers => {
          const form = document.querySelector('form.questionnaire');
          for (const [name, values] of Object.entries(answers)) {
            for (const field of form.querySelectorAll(`[name="${name}"]`)) {
              if (field.type === 'checkbox') field.checked = values.includes(field.value);
              else field.value = values[0];
            }
          }
        })(%s)""" % json.dumps({name: typed for name, (_, typed, _) in filled.items()}))
        after = page.mark()
        page.eval("document.getElementById('submit').click()")
        page.wait_load(after)
        sent = urllib.parse.parse_qs(urllib.parse.urlsplit(page.eval("location.href")).query)
        wrong_url = [n for n, (_, typed, _) in filled.items() if sent.get(n) != typed]
        check(not wrong_url, f"the URL carries all {len(filled)} answers as typed (wrong: {wrong_url})")
        check(page.eval("!document.getElementById('errors-title')"),
              "every answer is accepted: " + (page.eval("document.getElementById('answer-errors').innerText") or "").strip())
        shown = {q["name"]: q["value"] for q in page.eval(READ_CONTROLS)}
        wrong_form = [n for n, (_, typed, _) in filled.items() if (shown.get(n) if isinstance(shown.get(n), list) else [shown.get(n)]) != typed]
        check(not wrong_form, f"the form opened from the URL shows every answer (wrong: {wrong_form})")
        page.screenshot(artifact("1-round-trip.png"), full_page=False)

        after = page.mark()
        page.eval("document.getElementById('consultation-label').value = 'Browser-Test'; document.getElementById('save-consultation').click()")
        page.wait_load(after)
        path = page.eval("location.pathname")
        check(path.startswith("/consultations/"), f"saving the answers opens the consultation ({path})")
        identifier = path.rsplit("/", 1)[-1]
        status, _, body = fetch(f"{base}/v1/profiles/{identifier}")
        stored = json.loads(body) if status == 200 else {}
        profile = stored.get("profile", stored)
        wrong_profile = [f"{q['pointer']}={at_pointer(profile, q['pointer'])!r}" for q, _, back in filled.values()
                         if not profile_holds(q["kind"], at_pointer(profile, q["pointer"]), back)]
        check(status == 200 and not wrong_profile, f"the stored profile holds every answer at its pointer (wrong: {wrong_profile})")
        reopened = {q["name"]: q["value"] for q in page.eval(READ_CONTROLS)}
        wrong_reopened = [n for n, (_, _, back) in filled.items()
                          if (reopened.get(n) if isinstance(reopened.get(n), list) else [reopened.get(n)]) != back]
        check(not wrong_reopened, f"the form built from the profile shows every answer (wrong: {wrong_reopened})")
        kinds = sorted({q["kind"] for q in questions})
        print(f"     round trip covered {len(questions)} questions of kinds {', '.join(kinds)}")

        # 2. Live results, errors beside the field, and the page without JavaScript.
        page.goto(base + "/?" + sme_query)
        check(EXPECTED_OFFER in page.eval("document.querySelector('ol.results').innerText"),
              f"the results name the {EXPECTED_OFFER} grant")
        before = page.eval("""window.__notReloaded = true; document.getElementById('results').__stale = true;
            [...document.querySelectorAll('ol.results h3')].map(h => h.textContent).join('|')""")
        page.eval("document.querySelector('input[name=topics][value=digitalisierung]').click()")
        updated = page.wait_for("""window.__notReloaded && !location.search.includes('topics=digitalisierung')
            && !document.getElementById('results').__stale && document.getElementById('results-title')""")
        after_titles = page.eval("[...document.querySelectorAll('ol.results h3')].map(h => h.textContent).join('|')")
        check(bool(updated) and after_titles != before, "unticking a topic re-ranks the results and updates the address "
              "without a page load")
        page.eval("{ const e = document.getElementById('field-employees'); e.value = 'viele'; e.dispatchEvent(new Event('input', {bubbles: true})) }")
        error_shown = page.wait_for("window.__notReloaded && document.getElementById('error-employees') && document.getElementById('errors-title')")
        check(bool(error_shown), "a wrong answer typed shows its error beside the field, without a page load")
        page.eval("{ const e = document.getElementById('field-employees'); e.value = '24'; e.dispatchEvent(new Event('input', {bubbles: true})) }")
        check(bool(page.wait_for("window.__notReloaded && !document.getElementById('error-employees') && document.getElementById('results-title')")),
              "correcting it clears the error and brings the results back")
        page.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto(base + "/?" + sme_query)
        check(page.eval("document.querySelectorAll('ol.results .result').length > 0 && !!document.getElementById('submit')"),
              "without JavaScript the page has the results and a submit button")
        page.send("Emulation.setScriptExecutionDisabled", {"value": False})

        # 3. Layout at 1280 and 390 px, German and English.
        layout = """(() => {
          const box = e => e.getBoundingClientRect();
          const answers = box(document.querySelector('.answers-pane')), results = box(document.getElementById('results'));
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter(e => {
            if (e.closest('.skip')) return false;
            const b = box(e); return b.width > 0 && (b.right > width + 1 || b.left < -1);
          }).slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(box(e).right)}`);
          const pane = document.querySelector('.answers-pane');
          return {answers: [answers.left, answers.right, answers.top, answers.bottom], results: [results.left, results.right, results.top],
                  width, scrollWidth: document.documentElement.scrollWidth, paneOverflow: pane.scrollWidth > pane.clientWidth + 1, wide,
                  header: box(document.querySelector('header.site h1')).left, content: box(document.querySelector('main .intro')).left,
                  footer: box(document.querySelector('footer.site p')).left};
        })()"""
        for language in ("de", "en"):
            query = urllib.parse.urlencode([("lang", language)] + SME)
            for width, height, mobile in ((1280, 900, False), (390, 844, True)):
                page.viewport(width, height, mobile)
                page.goto(base + "/?" + query)
                box = page.eval(layout)
                page.screenshot(artifact(f"2-results-{language}-{width}.png"), full_page=width == 390)
                a, r = box["answers"], box["results"]
                if width == 1280:
                    check(r[0] >= a[1] - 1 and r[2] < a[3], f"{language} {width}px: answers beside results "
                          f"(answers x {a[0]:.0f}-{a[1]:.0f}, results x {r[0]:.0f}-{r[1]:.0f})")
                else:
                    check(r[2] >= a[3] - 1 and abs(r[0] - a[0]) < 1, f"{language} {width}px: answers above results "
                          f"(answers end y {a[3]:.0f}, results start y {r[2]:.0f})")
                check(box["scrollWidth"] <= box["width"] and not box["wide"] and not box["paneOverflow"],
                      f"{language} {width}px: nothing wider than the window (page {box['scrollWidth']} of {box['width']} px; {box['wide']})")
                check(abs(box["header"] - box["content"]) < 1 and abs(box["footer"] - box["content"]) < 1,
                      f"{language} {width}px: header, content and footer start at x={box['content']:.0f}")
            footer = page.eval("document.querySelector('footer.site').innerText")
            check(re.search(r"(Katalogstand|Catalogue as of) \d{1,2}\.? \w+ 20\d\d", footer) and "run-" not in footer,
                  f"{language}: the footer says the catalogue's date in words ({footer.strip()!r})")
            page_text = page.eval("document.body.innerText")
            check(not re.search(r"\brun-\d|\b20\d\d-\d\d-\d\d\b", page_text),
                  f"{language}: no internal identifier and no ISO date in the page's text")

        # 4. Every matching offer is reachable: follow "more results" to the end.
        page.viewport(1280, 900)
        page.goto(base + "/?" + sme_query)
        total = int(re.search(r"(\d+)", page.eval("document.getElementById('results-title').textContent")).group(1))
        ranks, pages = [], 0
        while True:
            pages += 1
            ranks += page.eval("[...document.querySelectorAll('ol.results .rank')].map(r => parseInt(r.textContent))")
            more = page.eval("document.getElementById('more-results') && document.getElementById('more-results').href")
            if not more or pages > 50:
                break
            page.goto(more)
        check(ranks == list(range(1, len(ranks) + 1)) and len(ranks) > 20 and len(ranks) >= total - 5,
              f"'more results' reaches all {len(ranks)} offers ranked, of {total} eligible, on {pages} pages")

        # 5. The print view as an A4 PDF: offers per page, no orphan heading, aligned header.
        print_url = base + "/print?" + sme_query
        page.goto(print_url)
        titles = page.eval("[...document.querySelectorAll('.result h3')].map(h => h.textContent.replace(/\\s+/g, ' ').trim())")
        check(len(titles) >= 10 and EXPECTED_OFFER in " ".join(titles), f"the print view lists {len(titles)} offers")
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        aligned = page.eval("""[document.querySelector('header.site h1'), document.querySelector('main h2'), document.querySelector('.result h3')]
            .map(e => Math.round(e.getBoundingClientRect().left))""")
        page.send("Emulation.setEmulatedMedia", {"media": ""})
        check(len(set(aligned)) == 1, f"printed, the header starts where the content does (x = {aligned})")
        pdf = artifact("3-print.pdf")
        page.pdf(pdf)
        with open(pdf, "rb") as f:
            boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", f.read())
        check(bool(boxes) and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes),
              f"the PDF pages are A4 ({len(boxes)} pages)")
        if not shutil.which("pdftotext"):
            check(False, "pdftotext is installed (Debian's poppler-utils) to read the PDF")
        else:
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True).stdout
            printed_pages = [re.sub(r"\s+", " ", p) for p in text.split("\f")]
            per_page = [0] * len(printed_pages)
            missing = []
            for title in titles:
                key = re.sub(r"\s+", " ", title)[:40]
                where = next((i for i, p in enumerate(printed_pages) if key in p), None)
                if where is None:
                    missing.append(key)
                else:
                    per_page[where] += 1
            with_offers = [n for n in per_page if n]
            print(f"     offers per PDF page: {per_page}")
            check(not missing, f"every offer title is in the PDF (missing: {missing})")
            # The first offers share their page with the answers, and the last page takes the rest.
            full = with_offers[1:-1] if len(with_offers) > 2 else with_offers
            check(bool(full) and all(n > 1 for n in full),
                  f"several offers share each printed page ({len(titles)} offers on {len(with_offers)} pages: {with_offers})")
            heading = next((i for i, p in enumerate(printed_pages) if "Empfohlene Angebote" in p), None)
            first = next((i for i, p in enumerate(printed_pages) if re.sub(r"\s+", " ", titles[0])[:40] in p), None)
            check(heading is not None and heading == first, f"the offers' heading is on the page of the first offer (pages {heading}, {first})")
            answers_heading = next((i for i, p in enumerate(printed_pages) if "Ihre Angaben" in p), None)
            check(answers_heading == 0 and "Antragsteller" in printed_pages[0], "the answers' heading is on the page of the answers")
            check("run-" not in text, "the printout has no internal identifier")
        page.viewport(794, 1123)
        page.goto(print_url)
        page.screenshot(artifact("3-print.png"), full_page=False)

        # 6. The CSV, read as German Excel reads it; the English one as RFC 4180.
        page.goto(base + "/?" + sme_query)
        csv_href = page.eval("document.getElementById('csv-download').href")
        status, headers, raw = fetch(csv_href)
        check(status == 200 and headers.get("Content-Type", "").startswith("text/csv"), "the CSV downloads")
        check(raw.startswith(b"\xef\xbb\xbf"), "the German CSV starts with the UTF-8 byte-order mark")
        body = raw[3:].decode("utf-8")
        check(body.count("\r\n") == body.count("\n") and body.endswith("\r\n"), "its lines end with CRLF")
        rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
        header, data = rows[0], rows[1:]
        check(header[:4] == ["Rang", "Kennung", "Titel", "Anbieter"] and all(len(r) == len(header) for r in data),
              f"it splits on ';' into {len(header)} German columns in every row")
        check(len(data) == total, f"it has a row for every matching offer ({len(data)} of {total})")
        score = header.index("Punktzahl")
        scores = [german_number(r[score]) for r in data]
        check(all("," in r[score] and "." not in r[score] for r in data) and scores == sorted(scores, reverse=True),
              f"scores have a decimal comma and read as numbers (first {data[0][score]} = {scores[0]})")
        amounts = [german_number(r[i]) for r in data for i in (header.index("Betrag von"), header.index("Betrag bis")) if r[i]]
        check(bool(amounts) and all(a >= 0 for a in amounts), f"{len(amounts)} amounts read as German numbers")
        check(any(ch in body for ch in "äöüß") and "Ã" not in body, "umlauts survive (UTF-8, no mojibake)")
        deadline = header.index("Nächste Frist")
        check(all(re.fullmatch(r"(\d\d\.\d\d\.\d{4})?", r[deadline]) for r in data), "deadlines as TT.MM.JJJJ")
        status, _, raw_en = fetch(base + "/results.csv?" + urllib.parse.urlencode([("lang", "en")] + SME))
        rows_en = list(csv.reader(io.StringIO(raw_en.decode("utf-8-sig"), newline="")))
        check(rows_en[0][:3] == ["rank", "id", "title"] and len(rows_en) == len(rows)
              and all("." in r[rows_en[0].index("score")] for r in rows_en[1:]), "the English CSV is comma-separated with decimal points")

        # 7. Both languages, and no console errors or CSP violations anywhere.
        page.goto(base + "/?" + urllib.parse.urlencode([("lang", "en")] + SME))
        check(page.eval("document.documentElement.lang") == "en" and "Why it matches" in page.eval("document.body.innerText"),
              "the English page works")
        problems = page.problems()
        # The one deliberate wrong answer ("viele") is answered 400; Chromium logs that fetch.
        expected = [p for p in problems if "status of 400" in p and "employees=viele" in p]
        unexpected = [p for p in problems if p not in expected]
        check(not unexpected, f"no console errors or CSP violations ({unexpected})")
    except cdp.CDPError as error:
        check(False, f"browser: {error}")
    finally:
        if browser:
            browser.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)

    print(f"artefacts in {ARTIFACTS}")
    print(f"{'PASS' if not failures else 'FAIL'} browser test ({len(failures)} failed checks, {time.monotonic() - started:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
