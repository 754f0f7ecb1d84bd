#!/usr/bin/env bash
# Ready time and memory of `supportmatch serve`: starts the server on a store, polls
# `GET /health` every 10 ms until it answers 200, and prints the time from start to that first
# 200, the peak RSS until then (VmHWM) and the RSS while idle one second later (VmRSS).
# Runs each store `--runs` times (default 3) and prints every run; the server is stopped after each.
#
#   Benchmarks/serve/ready.sh --binary .build/release/supportmatch [--runs 3] [--port 18431] STORE...
set -euo pipefail
binary=.build/release/supportmatch
runs=3
port=18431
stores=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) stores+=("$1"); shift ;;
  esac
done
[ ${#stores[@]} -gt 0 ] || { echo "usage: $0 [--binary PATH] [--runs N] [--port P] STORE..." >&2; exit 64; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
printf '%-40s %4s %9s %10s %10s %8s\n' store run ready_s peak_MB idle_MB offers
for store in "${stores[@]}"; do
  for run in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    "$binary" serve --port "$port" --database "$store" >"$log" 2>&1 &
    pid=$!
    status=""
    until [ "$status" = 200 ]; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "serve exited:" >&2; cat "$log" >&2; exit 1; fi
      status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
      [ "$status" = 200 ] || sleep 0.01
    done
    ready=$(echo "$(date +%s.%N) - $start" | bc)
    peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    sleep 1
    idle=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    offers=$(curl -s "http://127.0.0.1:$port/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["offers"])')
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%-40s %4s %9.2f %10.1f %10.1f %8s\n' "$(basename "$store")" "$run" "$ready" "$(echo "$peak/1024" | bc -l)" "$(echo "$idle/1024" | bc -l)" "$offers"
  done
done
