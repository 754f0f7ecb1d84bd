#!/usr/bin/env python3
"""Recommendations under sustained load while catalogue imports run (issue 6).

Starts the real `supportmatch serve` on loopback with an admin token, then for --duration
seconds at once:
  - wrk POSTs recommendations (Benchmarks/http/recommend.lua) with --connections connections;
  - an importer POSTs /v1/imports over and over, alternating two catalogues A and B of the
    source "loadtest" (same ids, every title marked with its version);
  - a poller POSTs a profile that matches the loadtest offers and checks that every answer is
    a 200 whose loadtest offers all carry ONE version (A or B): never an error, never a mix,
    never a gap without loadtest offers;
  - RSS of the server is sampled every 0.2 s.
Fails (exit 1) on any socket error, non-2xx answer in wrk, 5xx anywhere, failed import, mixed
or missing answer, or RSS over --max-rss-mb. Prints a summary and a RESULT line.

  Benchmarks/load/import_under_load.py --binary .build/debug/supportmatch --duration 20
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOKEN = "load-test-admin-token-" + "0123456789abcdef0123456789"
MARKER_WORD = "Xylophonwerkstatt"


def catalogue(version, count):
    offers = []
    for index in range(count):
        offers.append({
            "id": f"load-{index}",
            "title": f"{MARKER_WORD} Förderprogramm {index} Fassung {version}",
            "summary": f"Zuschuss für die {MARKER_WORD} kleiner Unternehmen (Fassung {version}).",
            "description": f"Gefördert werden Beratung und Investitionen in der {MARKER_WORD}, Fassung {version}.",
            "language": "de",
            "provider": {"name": "Lasttest-Förderbank", "level": "state"},
            "links": [{"kind": "information", "url": f"https://example.org/load-{index}"}],
            "instruments": ["grant"], "topics": ["beratung"], "keywords": [MARKER_WORD],
            "eligibility": {"applicantTypes": ["company"], "regions": ["DE-SN"]},
            "funding": {"amountMax": 50000 + index},
            "schedule": {"status": "open", "deadlines": ["2099-03-31"]},
            "sourceURL": f"https://example.org/load-{index}", "asOf": "2026-11-01",
        })
    return json.dumps({"format": "supportmatch-catalogue", "version": 1, "source": "loadtest", "offers": offers},
                      ensure_ascii=False).encode("utf-8")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body, headers, timeout=60):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:  # reset, refused, timed out: a failure, reported as status 0
        return 0, str(error).encode()


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the supportmatch executable")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (default 20)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--offers", type=int, default=2000, help="offers per load-test catalogue")
    parser.add_argument("--max-rss-mb", type=float, default=1500)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")

    work = tempfile.mkdtemp(prefix="supportmatch-load-")
    paths = {}
    for version in "AB":
        paths[version] = os.path.join(work, f"catalogue-{version}.json")
        with open(paths[version], "wb") as f:
            f.write(catalogue(version, args.offers))
    database = os.path.join(work, "catalogue.sqlite")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, SUPPORTMATCH_ADMIN_TOKEN=TOKEN)
    env.pop("SUPPORTMATCH_DATABASE", None)
    log = open(os.path.join(work, "server.log"), "wb")
    server = subprocess.Popen([args.binary, "serve", "--port", str(port), "--database", database],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    failures = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("the server did not become ready")
        auth = {"Authorization": f"Bearer {TOKEN}"}
        status, body = post(base + "/v1/imports?fileName=catalogue-A.json", open(paths["A"], "rb").read(), auth, timeout=300)
        if status != 200:
            sys.exit(f"the first import failed: {status} {body[:300]!r}")

        stop = threading.Event()
        rss = []
        imports = {"done": 0, "seconds": []}
        answers = {"A": 0, "B": 0}
        switches = []

        def sample_rss():
            while not stop.is_set():
                value = rss_mb(server.pid)
                if value is not None:
                    rss.append(value)
                time.sleep(0.2)

        def run_imports():
            index = 1
            while not stop.is_set():
                version = "AB"[index % 2]
                started = time.time()
                status, body = post(f"{base}/v1/imports?fileName=catalogue-{version}.json", open(paths[version], "rb").read(), auth, timeout=300)
                if status != 200:
                    failures.append(f"import {version}: HTTP {status}: {body[:300]!r}")
                    return
                imports["done"] += 1
                imports["seconds"].append(time.time() - started)
                index += 1

        profile = json.dumps({"applicantType": "company", "location": {"state": "DE-SN"},
                              "projectDescription": f"Beratung für unsere {MARKER_WORD}"}).encode()

        def poll():
            last = None
            while not stop.is_set():
                status, body = post(base + "/v1/recommendations?limit=20", profile, {"Content-Type": "application/json"})
                if status != 200:
                    failures.append(f"poller: HTTP {status}: {body[:200]!r}")
                    continue
                text = body.decode("utf-8")
                versions = set(re.findall(r"Fassung ([AB])", text))
                if len(versions) != 1:
                    failures.append(f"poller: answer with versions {sorted(versions) or 'none'}: {text[:200]}")
                    continue
                version = versions.pop()
                answers[version] += 1
                if version != last:
                    switches.append(version)
                    last = version

        threads = [threading.Thread(target=t, daemon=True) for t in (sample_rss, run_imports, poll)]
        for t in threads:
            t.start()
        wrk = subprocess.run(
            ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "--timeout", "10s",
             "-s", os.path.join(ROOT, "Benchmarks/http/recommend.lua"), base + "/v1/recommendations"],
            capture_output=True, text=True)
        stop.set()
        for t in threads:
            t.join(timeout=300)

        print(wrk.stdout)
        result = re.search(r"RESULT (.*)", wrk.stdout)
        if not result:
            failures.append("wrk printed no RESULT line: " + wrk.stderr[:300])
            figures = {}
        else:
            figures = dict(item.split("=") for item in result.group(1).split())
            if int(figures["non200"]) != 0:
                failures.append(f"wrk: {figures['non200']} non-2xx answers")
            if int(figures["socket_errors"]) != 0:
                failures.append(f"wrk: {figures['socket_errors']} socket errors")
        if "Socket errors" in wrk.stdout:
            failures.append("wrk reported socket errors")
        if imports["done"] < 2:
            failures.append(f"only {imports['done']} imports finished during the load; make --duration longer")
        if answers["A"] == 0 or answers["B"] == 0:
            failures.append(f"the poller never saw both catalogues: {answers}")
        peak = max(rss) if rss else 0
        if peak > args.max_rss_mb:
            failures.append(f"RSS peaked at {peak:.0f} MB, over {args.max_rss_mb:.0f} MB")
        if server.poll() is not None:
            failures.append(f"the server exited with {server.returncode}")

        print(f"imports during load: {imports['done']} (mean {sum(imports['seconds']) / max(1, len(imports['seconds'])):.2f} s each)")
        print(f"poller answers: A {answers['A']}, B {answers['B']}, catalogue switches seen {max(0, len(switches) - 1)}, errors or mixed answers 0" if not failures else "")
        print(f"server RSS: start {rss[0] if rss else 0:.0f} MB, peak {peak:.0f} MB, end {rss[-1] if rss else 0:.0f} MB ({len(rss)} samples)")
        print(f"RESULT rps={figures.get('rps', '?')} p50_ms={figures.get('p50_ms', '?')} p99_ms={figures.get('p99_ms', '?')} "
              f"requests={figures.get('requests', '?')} imports={imports['done']} switches={max(0, len(switches) - 1)} peak_rss_mb={peak:.0f}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if failures:
            print(f"server log: {os.path.join(work, 'server.log')}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("FAILED:")
        for failure in failures[:20]:
            print("  " + failure)
        sys.exit(1)
    print("load with imports: no errors, no 5xx, no mixed or missing answers")


if __name__ == "__main__":
    main()
