#!/usr/bin/env python3
"""Browser test of the advisor page: headless Chromium against a live `supportmatch serve`.

What it does, as an advisor would:
  1. opens `/` and reads the questionnaire from the DOM Chromium rendered,
  2. fills it for a Saxon software SME using the form's own field names and option values,
     and submits it the way the browser submits a GET form (the answers become the URL),
  3. finds the expected Saxon digitalisation grant (FRL Digi-Z) in the results,
  4. opens the print view and prints it to an A4 PDF,
saving screenshots and the PDF under artifacts/browser/ (git-ignored).

Skips (exit 0, with a message saying why) when no Chromium is installed. No webdriver:
Chromium's own --dump-dom, --screenshot and --print-to-pdf are driven with subprocess.

Usage: python3 Tests/browser/advisor_page_test.py [--binary PATH]   (default: builds with swift build)
"""
import argparse
import html.parser
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, "artifacts", "browser")
EXPECTED_OFFER = "Digi-Z"


class FormReader(html.parser.HTMLParser):
    """Collects the questionnaire's controls: names, option values, checkbox values."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.action = None
        self.controls = {}  # name -> set of allowed values (None for free text)
        self.labels_for = set()
        self.ids = set()
        self.fieldsets = set()  # groups of checkboxes, labelled by their <legend>
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
            if tag == "fieldset":
                self.fieldsets.add(a["id"])
        if tag == "form" and "questionnaire" in (a.get("class") or ""):
            self.in_form, self.action = True, a.get("action")
        if not self.in_form:
            return
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag in ("input", "textarea") and a.get("name"):
            if a.get("type") == "checkbox":
                self.controls.setdefault(a["name"], set()).add(a.get("value"))
            else:
                self.controls.setdefault(a["name"], None)
        if tag == "select":
            self._select = a.get("name")
            self.controls[self._select] = set()
        if tag == "option" and self._select:
            self.controls[self._select].add(a.get("value"))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self.in_form = False


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


def chromium(browser, *args, timeout=60):
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        return result.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def build_binary():
    scratch = os.environ.get("SUPPORTMATCH_SCRATCH", ".build")
    subprocess.run(["swift", "build", "--scratch-path", scratch, "--product", "supportmatch"], cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "--scratch-path", scratch, "--show-bin-path"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "supportmatch")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", help="a built supportmatch binary (default: build it)")
    args = parser.parse_args()

    browser = find_chromium()
    if not browser:
        print("SKIP browser test: no Chromium found (install Debian's `chromium` package)")
        return 0
    binary = args.binary or build_binary()
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="supportmatch-browser-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--database", os.path.join(work, "db.sqlite")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    failures = []

    def check(condition, message):
        print(("ok   " if condition else "FAIL ") + message)
        if not condition:
            failures.append(message)

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

        # 1. The questionnaire, as Chromium renders it.
        dom = chromium(browser, "--dump-dom", base + "/")
        chromium(browser, "--screenshot=" + os.path.join(ARTIFACTS, "1-questionnaire.png"), "--window-size=1280,2400", base + "/")
        form = FormReader()
        form.feed(dom)
        check(form.action == "/", "the questionnaire is a GET form to /")
        check({"applicantType", "state", "district", "employees", "topics", "projectDescription"} <= set(form.controls),
              "the questionnaire has the profile's fields")
        unlabelled = [i for i in form.ids if i.startswith("field-") and i not in form.labels_for and i not in form.fieldsets]
        check(not unlabelled, f"every field has a label (unlabelled: {unlabelled})")

        # 2. Fill it for a Saxon software SME, with values the form offers.
        answers = [("lang", "de"), ("applicantType", "company"), ("state", "DE-SN"), ("district", "DED21"),
                   ("employees", "24"), ("annualTurnover", "3200000"), ("yearFounded", "2015"), ("sector", "62.01"),
                   ("topics", "digitalisierung"), ("topics", "forschung_innovation_themenoffen"),
                   ("projectDescription", "Wir wollen KI in der Qualitätsprüfung einsetzen und Software digitalisieren."),
                   ("amountNeeded", "80000")]
        for name, value in answers:
            allowed = form.controls.get(name, "missing")
            check(allowed is None or (allowed != "missing" and value in allowed), f"the form offers {name}={value}")
        url = base + "/?" + urllib.parse.urlencode(answers)
        results = chromium(browser, "--dump-dom", url)
        chromium(browser, "--screenshot=" + os.path.join(ARTIFACTS, "2-results.png"), "--window-size=1280,4000", url)

        # 3. The expected offer is among the results.
        check('id="results-title"' in results, "the page shows results")
        start = results.find('<ol class="results">')
        check(start >= 0 and EXPECTED_OFFER in results[start:], f"the results name the {EXPECTED_OFFER} grant")
        check("Warum es passt" in results, "results say why they match")

        # 4. The print view, as an A4 PDF.
        print_url = base + "/print?" + urllib.parse.urlencode(answers)
        printed = chromium(browser, "--dump-dom", print_url)
        check("Ihre Angaben" in printed and EXPECTED_OFFER in printed, "the print view lists answers and the offer")
        pdf = os.path.join(ARTIFACTS, "3-print.pdf")
        chromium(browser, "--print-to-pdf=" + pdf, "--no-pdf-header-footer", print_url)
        chromium(browser, "--screenshot=" + os.path.join(ARTIFACTS, "3-print.png"), "--window-size=794,1123", print_url)
        check(os.path.exists(pdf) and os.path.getsize(pdf) > 1000, "the print view prints to PDF")
        with open(pdf, "rb") as f:
            content = f.read()
        import re
        boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", content)
        check(bool(boxes) and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes),
              f"the PDF pages are A4, 595 x 842 pt ({len(boxes)} pages)")

        # English switch.
        english = chromium(browser, "--dump-dom", base + "/?" + urllib.parse.urlencode([("lang", "en")] + answers[1:]))
        check('lang="en"' in english and "Why it matches" in english, "the English page works")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)

    print(f"artefacts in {ARTIFACTS}")
    print(f"{'PASS' if not failures else 'FAIL'} browser test ({len(failures)} failed checks)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
