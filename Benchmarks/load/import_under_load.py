#!/usr/bin/env python3
"""Recommendations under sustained load while catalogue imports run (issue 6).

Starts the real `supportmatch serve` on loopback with an admin token (--replicas of them on
one --database, as behind a load balancer: issue 17), then for --duration seconds at once:
  - wrk POSTs recommendations (Benchmarks/http/recommend.lua) with --connections connections,
    spread evenly over the replicas (one wrk per replica);
  - an importer imports over and over, alternating two catalogues A and B of the source
    "loadtest" (same ids, every title marked with its version): POST /v1/imports to replica 1,
    and with --cli-imports every second import through `supportmatch import` instead; with
    several replicas it waits after each import until every replica serves the new version
    (GET /health), and reports how long that took;
  - a poller POSTs a profile that matches the loadtest offers to each replica in turn and
    checks that every answer is a 200 whose loadtest offers all carry ONE version (A or B):
    never an error, never a mix, never a gap without loadtest offers;
  - RSS of the servers is sampled every 0.2 s (the largest replica counts).
Fails (exit 1) on any socket error, non-2xx answer in wrk, 5xx anywhere, failed import, mixed
or missing answer, a replica that does not follow an import within --follow-limit seconds, or
RSS over --max-rss-mb. Prints a summary and a RESULT line.

  Benchmarks/load/import_under_load.py --binary .build/debug/supportmatch --duration 20
  Benchmarks/load/import_under_load.py --binary .build/debug/supportmatch --duration 10 \
      --database postgres://sm@127.0.0.1:5432/load --replicas 3 --cli-imports
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


def health_version(base):
    """The catalogue version a replica serves (GET /health), or None when it does not answer."""
    try:
        with urllib.request.urlopen(base + "/health", timeout=5) as response:
            return json.loads(response.read()).get("catalogueVersion")
    except (OSError, ValueError):
        return None


def wait_until_followed(bases, before, limit):
    """Waits until every replica serves one version other than `before`; returns it, or None
    after `limit` seconds."""
    deadline = time.time() + limit
    while time.time() < deadline:
        versions = {health_version(base) for base in bases}
        if len(versions) == 1 and None not in versions and before not in versions:
            return versions.pop()
        time.sleep(0.02)
    return None


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
    parser.add_argument("--database", help="the store every replica serves (a path or a postgres:// URL; "
                        "default a new SQLite file)")
    parser.add_argument("--replicas", type=int, default=1, help="serve processes on the one store (default 1)")
    parser.add_argument("--cli-imports", action="store_true", help="every second import through the CLI")
    parser.add_argument("--min-imports", type=int, default=2,
                        help="imports that must finish under load; wrk runs more rounds of --duration until they have")
    parser.add_argument("--max-rounds", type=int, default=10)
    parser.add_argument("--follow-limit", type=float, default=30,
                        help="seconds every replica may take to serve an import (a liveness bound; default 30)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")

    work = tempfile.mkdtemp(prefix="supportmatch-load-")
    paths = {}
    for version in "AB":
        paths[version] = os.path.join(work, f"catalogue-{version}.json")
        with open(paths[version], "wb") as f:
            f.write(catalogue(version, args.offers))
    database = args.database or os.path.join(work, "catalogue.sqlite")
    env = dict(os.environ, SUPPORTMATCH_ADMIN_TOKEN=TOKEN)
    env.pop("SUPPORTMATCH_DATABASE", None)
    servers, bases, logs = [], [], []
    failures = []
    try:
        # One after the other: the first imports the bundled catalogue into a new store.
        for number in range(args.replicas):
            port = free_port()
            bases.append(f"http://127.0.0.1:{port}")
            logs.append(open(os.path.join(work, f"server-{number + 1}.log"), "wb"))
            servers.append(subprocess.Popen([args.binary, "serve", "--port", str(port), "--database", database],
                                            env=env, stdout=logs[-1], stderr=subprocess.STDOUT))
            deadline = time.time() + 120
            while time.time() < deadline:
                if health_version(bases[-1]) is not None:
                    break
                time.sleep(0.2)
            else:
                sys.exit(f"replica {number + 1} did not become ready")
        base = bases[0]
        auth = {"Authorization": f"Bearer {TOKEN}"}
        status, body = post(base + "/v1/imports?fileName=catalogue-A.json", open(paths["A"], "rb").read(), auth, timeout=300)
        if status != 200:
            sys.exit(f"the first import failed: {status} {body[:300]!r}")
        served = wait_until_followed(bases, before=None, limit=args.follow_limit)
        if served is None:
            sys.exit(f"the replicas did not all serve the first import within {args.follow_limit} s")

        stop = threading.Event()
        rss = []
        imports = {"done": 0, "seconds": [], "follow": [], "cli": 0}
        answers = {"A": 0, "B": 0}
        switches = []

        def sample_rss():
            while not stop.is_set():
                values = [value for value in (rss_mb(server.pid) for server in servers) if value is not None]
                if values:
                    rss.append(max(values))
                time.sleep(0.2)

        def run_imports():
            nonlocal served
            index = 1
            while not stop.is_set():
                version = "AB"[index % 2]
                started = time.time()
                if args.cli_imports and index % 2 == 0:
                    cli = subprocess.run([args.binary, "import", "--database", database, paths[version]], env=env,
                                         capture_output=True, text=True)
                    if cli.returncode != 0:
                        failures.append(f"CLI import {version}: exit {cli.returncode}: {cli.stderr[:300]}")
                        return
                    imports["cli"] += 1
                else:
                    status, body = post(f"{base}/v1/imports?fileName=catalogue-{version}.json", open(paths[version], "rb").read(), auth, timeout=300)
                    if status != 200:
                        failures.append(f"import {version}: HTTP {status}: {body[:300]!r}")
                        return
                imported = time.time()
                imports["seconds"].append(imported - started)
                if len(bases) > 1:
                    now_served = wait_until_followed(bases, before=served, limit=args.follow_limit)
                    if now_served is None:
                        failures.append(f"import {version}: not every replica served it within {args.follow_limit} s")
                        return
                    served = now_served
                    imports["follow"].append(time.time() - imported)
                # Done once every replica serves it, so the last round of load sees it served.
                imports["done"] += 1
                index += 1

        profile = json.dumps({"applicantType": "company", "location": {"state": "DE-SN"},
                              "projectDescription": f"Beratung für unsere {MARKER_WORD}"}).encode()

        def poll():
            last = None
            turn = 0
            while not stop.is_set():
                turn += 1
                target = bases[turn % len(bases)]
                status, body = post(target + "/v1/recommendations?limit=20", profile, {"Content-Type": "application/json"})
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
        # One wrk per replica, the connections split between them, as a load balancer would; more
        # rounds of --duration while fewer than --min-imports imports have finished (a loaded
        # machine), so the check always covers imports.
        outputs = []
        for _ in range(args.max_rounds):
            loads = [subprocess.Popen(
                ["wrk", f"-t{max(1, args.threads // len(bases))}", f"-c{max(1, args.connections // len(bases))}",
                 f"-d{args.duration}s", "--latency", "--timeout", "10s",
                 "-s", os.path.join(ROOT, "Benchmarks/http/recommend.lua"), target + "/v1/recommendations"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for target in bases]
            outputs += [(number, *load.communicate()) for number, load in enumerate(loads)]
            if imports["done"] >= args.min_imports or failures:
                break
        stop.set()
        for t in threads:
            t.join(timeout=300)

        figures = {}
        seconds = {}
        for number, stdout, stderr in outputs:
            print(stdout)
            result = re.search(r"RESULT (.*)", stdout)
            if not result:
                failures.append(f"wrk on replica {number + 1} printed no RESULT line: " + stderr[:300])
                continue
            one = dict(item.split("=") for item in result.group(1).split())
            if int(one["non200"]) != 0:
                failures.append(f"wrk on replica {number + 1}: {one['non200']} non-2xx answers")
            if int(one["socket_errors"]) != 0:
                failures.append(f"wrk on replica {number + 1}: {one['socket_errors']} socket errors")
            if "Socket errors" in stdout:
                failures.append(f"wrk on replica {number + 1} reported socket errors")
            # Requests add up over replicas and rounds, the rate over replicas; latencies are
            # the worst replica's and round's.
            figures["requests"] = figures.get("requests", 0) + int(one["requests"])
            seconds[number] = seconds.get(number, 0) + float(one["duration_s"])
            figures.setdefault("by_replica", {})[number] = figures.get("by_replica", {}).get(number, 0) + int(one["requests"])
            for key in ("p50_ms", "p99_ms"):
                figures[key] = max(figures.get(key, 0), float(one[key]))
        if "by_replica" in figures:
            figures["rps"] = f"{sum(count / seconds[number] for number, count in figures.pop('by_replica').items()):.0f}"
        if imports["done"] < args.min_imports:
            failures.append(f"only {imports['done']} imports finished during {args.max_rounds} rounds of load; make --duration longer")
        if answers["A"] == 0 or answers["B"] == 0:
            failures.append(f"the poller never saw both catalogues: {answers}")
        peak = max(rss) if rss else 0
        if peak > args.max_rss_mb:
            failures.append(f"RSS peaked at {peak:.0f} MB, over {args.max_rss_mb:.0f} MB")
        for number, server in enumerate(servers):
            if server.poll() is not None:
                failures.append(f"replica {number + 1} exited with {server.returncode}")

        print(f"imports during load: {imports['done']}, {imports['cli']} of them through the CLI "
              f"(mean {sum(imports['seconds']) / max(1, len(imports['seconds'])):.2f} s each)")
        if imports["follow"]:
            follow = sorted(imports["follow"])
            print(f"every replica serving the new catalogue after each import: "
                  f"{', '.join(f'{seconds:.2f}' for seconds in imports['follow'])} s "
                  f"(median {follow[len(follow) // 2]:.2f}, max {follow[-1]:.2f}; {len(bases)} replicas)")
        print(f"poller answers: A {answers['A']}, B {answers['B']}, catalogue switches seen {max(0, len(switches) - 1)}, errors or mixed answers 0" if not failures else "")
        print(f"server RSS: start {rss[0] if rss else 0:.0f} MB, peak {peak:.0f} MB, end {rss[-1] if rss else 0:.0f} MB ({len(rss)} samples)")
        print(f"RESULT rps={figures.get('rps', '?')} p50_ms={figures.get('p50_ms', '?')} p99_ms={figures.get('p99_ms', '?')} "
              f"requests={figures.get('requests', '?')} imports={imports['done']} switches={max(0, len(switches) - 1)} peak_rss_mb={peak:.0f}"
              + (f" replicas={len(bases)} follow_max_s={max(imports['follow']):.2f}" if imports["follow"] else ""))
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        for log in logs:
            log.close()
        if failures:
            print(f"server logs: {work}/server-*.log")
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
