#!/usr/bin/env bash
# HTTP throughput and latency of POST /v1/recommendations next to a trivial route (GET /health)
# on the same server in the same run, with wrk on loopback at 16 and 64 connections.
#
#   bash Benchmarks/http/run.sh [--duration 10s] [--threads 2] [--binary PATH] [--store FILE]
#
# Builds `supportmatch` in release mode (scratch path .build-release unless
# SUPPORTMATCH_RELEASE_SCRATCH is set), serves the bundled catalogue from a fresh database (or a
# copy of the store FILE, for example one made by `supportmatch import --database fdb.sqlite
# ../shared/catalogues/foerderdatenbank-2026-03/fdb-export.zip`) on a free 127.0.0.1 port, and prints one line per (route, connections) plus the ratio. Every run is
# bounded by --duration; the server is stopped at the end. Needs `wrk` (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=10s
threads=2
binary=""
store=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

if [ -z "$binary" ]; then
  scratch="${SUPPORTMATCH_RELEASE_SCRATCH:-.build-release}"
  swift build -c release --scratch-path "$scratch" --product supportmatch >&2
  binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/supportmatch"
fi

# Request logs at info level would measure the terminal; the server logs to a file here.
source Tests/support/fresh_server.sh
start_fresh_server "$binary" "$store"
curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @<(sed -n '/\[\[/,/\]\]/p' Benchmarks/http/recommend.lua | sed 's/.*\[\[//; s/\]\].*//') \
  "$base/v1/recommendations" >/dev/null || { echo "POST /v1/recommendations failed"; exit 1; }

echo "store: $(curl -fsS "$base/health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["offers"], "offers, catalogue", h["catalogueVersion"])')"
echo "machine: $(nproc) cores, $(uname -m); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); duration $duration, $threads threads"
declare -A rps
for connections in 16 64; do
  for route in trivial recommend; do
    # Warm up briefly so the first figures are not JIT-free cold caches of the kernel and allocator.
    wrk -t"$threads" -c"$connections" -d2s -s "Benchmarks/http/$route.lua" "$base/$([ $route = trivial ] && echo health || echo v1/recommendations)" >/dev/null
    line="$(wrk -t"$threads" -c"$connections" -d"$duration" -s "Benchmarks/http/$route.lua" \
      "$base/$([ $route = trivial ] && echo health || echo v1/recommendations)" | grep '^RESULT')"
    name="$([ $route = trivial ] && echo 'GET /health' || echo 'POST /v1/recommendations')"
    echo "c=$connections $name: ${line#RESULT }"
    rps[$route$connections]="$(echo "$line" | sed 's/.*rps=\([0-9]*\).*/\1/')"
  done
  python3 -c "print('c=$connections ratio recommendations/trivial = %.3f' % (${rps[recommend$connections]} / ${rps[trivial$connections]}))"
done
